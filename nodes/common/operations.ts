import { NodeOperationError } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	INodeExecutionData,
} from 'n8n-workflow';
import { isFresh } from '../../credentials/common/expiry';
import { ownerOf } from '../../credentials/common/lifecycle';
import { readTokenState } from '../../credentials/common/storedTokens';
import { describeToken } from '../../credentials/common/tokenInfo';
import type { TokenProvider } from '../../credentials/common/types';
import { callApi, credentialsFor } from './request';
import type { ApiCall } from './request';

export type Operation = (ctx: IExecuteFunctions, itemIndex: number) => Promise<unknown>;

/** Runs `resource.operation` for each item in turn; items share the credential's token. */
export async function executeOperations(
	ctx: IExecuteFunctions,
	operations: Record<string, Operation>,
): Promise<INodeExecutionData[][]> {
	const output: INodeExecutionData[] = [];
	const items = ctx.getInputData();
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const resource = ctx.getNodeParameter('resource', itemIndex) as string;
		const operation = ctx.getNodeParameter('operation', itemIndex) as string;
		const run = operations[`${resource}.${operation}`];
		try {
			if (!run) {
				throw new NodeOperationError(ctx.getNode(), `Unknown operation "${operation}" for "${resource}"`, { itemIndex });
			}
			const result = await run(ctx, itemIndex);
			for (const json of asItems(result)) output.push({ json, pairedItem: { item: itemIndex } });
		} catch (error) {
			if (!ctx.continueOnFail()) throw error;
			output.push({
				json: { error: (error as Error).message, description: (error as NodeOperationError).description ?? null },
				pairedItem: { item: itemIndex },
			});
		}
	}
	return [output];
}

function asItems(result: unknown): IDataObject[] {
	if (Array.isArray(result)) return result.map((entry) => (isObject(entry) ? entry : { value: entry }));
	if (isObject(result)) return [result];
	return [{ value: result ?? null }];
}

function isObject(value: unknown): value is IDataObject {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function jsonParameter(ctx: IExecuteFunctions, name: string, itemIndex: number): IDataObject | undefined {
	const raw = ctx.getNodeParameter(name, itemIndex, '{}') as unknown;
	if (isObject(raw) || Array.isArray(raw)) return Object.keys(raw).length ? (raw as IDataObject) : undefined;
	const text = typeof raw === 'string' ? raw.trim() : '';
	if (text === '') return undefined;
	try {
		const parsed: unknown = JSON.parse(text);
		if (isObject(parsed) || Array.isArray(parsed)) return Object.keys(parsed).length ? (parsed as IDataObject) : undefined;
	} catch {
		// reported below
	}
	throw new NodeOperationError(ctx.getNode(), `The "${name}" field is not a JSON object`, {
		itemIndex,
		description: 'Enter a JSON object such as {"key": "value"}, or leave it as {}.',
	});
}

/** `request.send`: an authenticated call to any path of the provider's API. */
export function sendRequest(provider: TokenProvider): Operation {
	return async (ctx, itemIndex) => {
		const method = ctx.getNodeParameter('method', itemIndex) as IHttpRequestMethods;
		const call: ApiCall = {
			method,
			path: ctx.getNodeParameter('path', itemIndex) as string,
			qs: jsonParameter(ctx, 'query', itemIndex),
			headers: jsonParameter(ctx, 'headers', itemIndex),
			body: method === 'GET' ? undefined : jsonParameter(ctx, 'body', itemIndex),
		};
		return await callApi(ctx, provider, call, itemIndex);
	};
}

/**
 * `userInfo.get` for providers whose token says who it belongs to: the stored token's claims
 * and expiry. When there is no fresh token yet, `probe` (a cheap authenticated call) makes
 * n8n obtain one first.
 */
export function tokenUserInfo(provider: TokenProvider, probe: ApiCall): Operation {
	return async (ctx, itemIndex) => {
		let credentials = await credentialsFor(ctx, provider, itemIndex);
		const usable = () => {
			const tokens = readTokenState(credentials);
			return tokens?.owner === ownerOf(provider, credentials) && isFresh(tokens, Date.now()) ? tokens : undefined;
		};
		if (!usable()) {
			await callApi(ctx, provider, probe, itemIndex);
			credentials = await credentialsFor(ctx, provider, itemIndex);
		}
		const tokens = usable();
		if (!tokens) {
			throw new NodeOperationError(ctx.getNode(), `${provider.name}: no token is stored for this credential`, {
				itemIndex,
				description: 'Open the credential and press "Test" to sign in, then run the node again.',
			});
		}
		return describeToken(provider, provider.apiBaseUrl(credentials), tokens);
	};
}

/** A list endpoint: its array (or the array inside its envelope), cut to `limit` unless Return All. */
export function listOperation(provider: TokenProvider, path: string): Operation {
	return async (ctx, itemIndex) => {
		const result = await callApi(ctx, provider, { method: 'GET', path }, itemIndex);
		const records = listIn(result);
		const returnAll = ctx.getNodeParameter('returnAll', itemIndex, false) as boolean;
		return returnAll ? records : records.slice(0, ctx.getNodeParameter('limit', itemIndex, 50) as number);
	};
}

function listIn(result: unknown): unknown[] {
	if (Array.isArray(result)) return result;
	if (isObject(result)) {
		const envelope = ['data', 'items', 'results', 'users'].map((key) => result[key]).find(Array.isArray);
		if (envelope) return envelope;
	}
	return [result];
}
