import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	INodeExecutionData,
} from 'n8n-workflow';
import { reasonOf, withReason } from '../../credentials/common/errors';
import { isJsonObject, parsedJson, valueAt } from '../../credentials/common/fields';
import { owns } from '../../credentials/common/identity';
import { isSignable } from '../../credentials/common/renewalBackoff';
import { readTokenState } from '../../credentials/common/storedTokens';
import { describeToken } from '../../credentials/common/tokenInfo';
import type { Credentials, TokenProvider } from '../../credentials/common/types';
import { inBatches } from './batching';
import { callApi, credentialsFor } from './request';
import type { ApiCall, ApiContext } from './request';

export type Operation = (ctx: IExecuteFunctions, itemIndex: number) => Promise<unknown>;

/**
 * Runs `resource.operation` for each item, several at once (Options → Batching); items share
 * the credential's token. The output keeps item order. Without Continue On Fail no item starts
 * after one has failed, and the node throws the error of the first failed item in item order
 * once the items still running have finished.
 */
export async function executeOperations(
	ctx: IExecuteFunctions,
	operations: Record<string, Operation>,
): Promise<INodeExecutionData[][]> {
	const items = ctx.getInputData();
	const outputs: INodeExecutionData[][] = [];
	const failures = new Map<number, unknown>();
	const continueOnFail = ctx.continueOnFail();
	const runItem = async (itemIndex: number) => {
		try {
			const result = await runOperation(ctx, operations, itemIndex);
			outputs[itemIndex] = asItems(result).map((json) => ({
				json,
				pairedItem: { item: itemIndex },
			}));
		} catch (error) {
			if (!continueOnFail) {
				failures.set(itemIndex, error);
				return;
			}
			outputs[itemIndex] = [
				{
					json: {
						error: (error as Error).message,
						description: (error as NodeOperationError).description ?? null,
						reason: reasonOf(error) ?? null,
					},
					pairedItem: { item: itemIndex },
				},
			];
		}
	};
	await inBatches(ctx, items.length, runItem, () => failures.size > 0);
	if (failures.size > 0) {
		const first = Math.min(...failures.keys());
		throw asNodeError(ctx, failures.get(first), first);
	}
	return [outputs.flat()];
}

async function runOperation(
	ctx: IExecuteFunctions,
	operations: Record<string, Operation>,
	itemIndex: number,
): Promise<unknown> {
	const resource = ctx.getNodeParameter('resource', itemIndex) as string;
	const operation = ctx.getNodeParameter('operation', itemIndex) as string;
	const run = operations[`${resource}.${operation}`];
	if (!run) {
		const unknown = `Unknown operation "${operation}" for "${resource}"`;
		throw withReason(
			new NodeOperationError(ctx.getNode(), unknown, { itemIndex }),
			'configuration',
		);
	}
	return await run(ctx, itemIndex);
}

/** Our failures already are n8n errors; anything unexpected gets the node and item attached. */
function asNodeError(
	ctx: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
}

function asItems(result: unknown): IDataObject[] {
	if (Array.isArray(result))
		return result.map((entry) => (isJsonObject(entry) ? entry : { value: entry }));
	if (isJsonObject(result)) return [result];
	return [{ value: result ?? null }];
}

function jsonParameter(
	ctx: IExecuteFunctions,
	name: string,
	itemIndex: number,
): IDataObject | undefined {
	const raw = ctx.getNodeParameter(name, itemIndex, '{}') as unknown;
	if (typeof raw === 'string' && raw.trim() === '') return undefined;
	const parsed = parsedJson(typeof raw === 'string' ? raw.trim() : raw);
	if (isJsonObject(parsed) || Array.isArray(parsed))
		return Object.keys(parsed).length ? (parsed as IDataObject) : undefined;
	const problem = new NodeOperationError(
		ctx.getNode(),
		`The "${name}" field is not a JSON object`,
		{
			itemIndex,
			description: 'Enter a JSON object such as {"key": "value"}, or leave it as {}.',
		},
	);
	throw withReason(problem, 'configuration');
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
export function tokenUserInfo(
	provider: TokenProvider,
	probe: ApiCall | ((credentials: Credentials) => ApiCall),
): Operation {
	return async (ctx, itemIndex) => {
		let credentials = await credentialsFor(ctx, provider, itemIndex);
		const usable = () => {
			const tokens = readTokenState(credentials);
			return tokens && owns(provider, credentials, tokens) && isSignable(tokens, Date.now())
				? tokens
				: undefined;
		};
		if (!usable()) {
			// The probe only makes n8n obtain a token; how the API answers it (e.g. 403) matters
			// only when no token came of it.
			const call = typeof probe === 'function' ? probe(credentials) : probe;
			const failure: unknown = await callApi(ctx, provider, call, itemIndex).then(
				() => undefined,
				(error: unknown) => error,
			);
			credentials = await credentialsFor(ctx, provider, itemIndex);
			if (failure && !usable()) throw failure;
		}
		const tokens = usable();
		if (!tokens) {
			const problem = new NodeOperationError(
				ctx.getNode(),
				`${provider.name}: no token is stored for this credential`,
				{
					itemIndex,
					description: 'Open the credential and press "Test" to sign in, then run the node again.',
				},
			);
			throw withReason(problem, 'configuration');
		}
		return describeToken(provider, provider.apiBaseUrl(credentials), tokens);
	};
}

/** How a provider's list answers point at their next page. */
export interface Paging {
	/** Query parameters the first call adds, e.g. a page number and size. */
	first?(limit: number | undefined): IDataObject;
	/** The path (or same-host URL) of the page after `page`, which `call` fetched; undefined on the last page. */
	next(page: unknown, call: ApiCall): string | undefined;
}

/** Paging by a link in each answer, e.g. `pagination.nextPath`; absent or empty on the last page. */
export function nextLinkAt(dotPath: string): Paging {
	return {
		next: (page) => {
			const link = valueAt(page, dotPath);
			return typeof link === 'string' && link.trim() !== '' ? link : undefined;
		},
	};
}

/**
 * Numbered pages of a fixed size (`?page=0&size=100`, Spring style). The last page is the
 * first one that is not full, or the one that reaches `totalKey` (when the answer has it).
 */
export function numberedPages(options: {
	pageParam: string;
	sizeParam: string;
	firstPage: number;
	maxPageSize: number;
	totalKey?: string;
}): Paging {
	return {
		first: (limit) => ({
			[options.pageParam]: options.firstPage,
			[options.sizeParam]: Math.min(limit ?? options.maxPageSize, options.maxPageSize),
		}),
		next: (page, call) => {
			const [path, inPath] = call.path.split('?');
			const query = { ...call.qs, ...Object.fromEntries(new URLSearchParams(inPath ?? '')) };
			const number = Number(query[options.pageParam]);
			const size = Number(query[options.sizeParam]);
			const total = options.totalKey && isJsonObject(page) ? Number(page[options.totalKey]) : NaN;
			const fetched = (number - options.firstPage + 1) * size;
			if (listIn(page).length < size || (Number.isFinite(total) && fetched >= total))
				return undefined;
			// Same size on every page: page n of another size would skip or repeat records.
			const next = new URLSearchParams(
				Object.entries(query).map(([key, value]): [string, string] => [key, String(value)]),
			);
			next.set(options.pageParam, String(number + 1));
			return `${path}?${next.toString()}`;
		},
	};
}

/**
 * How far one reading of a list goes, whatever the API answers (a cursor that never ends, a
 * new next link every time, pages that are always full): past a bound the run fails.
 */
export interface ListBounds {
	pages: number;
	/** Records held in memory at once. */
	records: number;
	/** Time from the first request; checked after each page. */
	ms: number;
	/** What the user can do past a bound: the end of the error message. */
	fix: string;
}

/** 1,000 pages of 100 records (Blynk: 1,000) and 100,000 records: more than any real list of these APIs. */
export const MAX_PAGES = 1000;
export const MAX_RECORDS = 100_000;

/** A node's Return All (and lists read whole). */
export const NODE_LIST_BOUNDS: ListBounds = {
	pages: MAX_PAGES,
	records: MAX_RECORDS,
	ms: 5 * 60_000,
	fix: 'Narrow the list with its filters, or turn off Return All and set a Limit.',
};

function seconds(ms: number): string {
	return ms % 60_000 === 0 ? `${ms / 60_000} min` : `${Math.round(ms / 1000)} s`;
}

function pastBound(
	ctx: ApiContext,
	provider: TokenProvider,
	itemIndex: number,
	problem: string,
	fix: string,
): NodeOperationError {
	const error = new NodeOperationError(ctx.getNode(), `${provider.name}: ${problem}. ${fix}`, {
		itemIndex,
		description: fix,
	});
	return withReason(error, 'list_too_long');
}

/**
 * The records of a list endpoint, page after page until the last one or until `limit` are in,
 * within `bounds`. Query parameters of the first call go along to later pages unless the next
 * link sets them.
 */
export async function collectPages(
	ctx: ApiContext,
	provider: TokenProvider,
	first: ApiCall,
	itemIndex: number,
	options: {
		paging?: Paging;
		limit?: number;
		records?: (page: unknown) => unknown[];
		bounds?: ListBounds;
	} = {},
): Promise<unknown[]> {
	const recordsIn = options.records ?? listIn;
	const bounds = options.bounds ?? NODE_LIST_BOUNDS;
	const started = Date.now();
	const records: unknown[] = [];
	const seen = new Set<string>();
	const firstQuery = options.paging?.first?.(options.limit);
	let call: ApiCall | undefined = firstQuery
		? { ...first, qs: { ...first.qs, ...firstQuery } }
		: first;
	for (let pages = 1; call; pages++) {
		const page = await callApi(ctx, provider, call, itemIndex);
		records.push(...recordsIn(page));
		if (options.limit !== undefined && records.length >= options.limit)
			return records.slice(0, options.limit);
		if (records.length > bounds.records)
			throw pastBound(
				ctx,
				provider,
				itemIndex,
				`the list has more than ${bounds.records} records, the most one run holds`,
				bounds.fix,
			);
		const next: string | undefined = options.paging?.next(page, call);
		if (next === undefined) break;
		if (seen.has(next) || next === first.path) {
			const loop = new NodeOperationError(
				ctx.getNode(),
				`${provider.name} returned the same next page twice (${next})`,
				{
					itemIndex,
					description:
						'Stopped to avoid an endless loop. Use a Limit, or report this to the provider.',
				},
			);
			throw withReason(loop, 'list_too_long');
		}
		if (pages >= bounds.pages)
			throw pastBound(
				ctx,
				provider,
				itemIndex,
				`the list did not end within ${bounds.pages} pages, the most one run reads`,
				bounds.fix,
			);
		const elapsed = Date.now() - started;
		if (elapsed >= bounds.ms)
			throw pastBound(
				ctx,
				provider,
				itemIndex,
				`the list did not end within ${seconds(bounds.ms)} (${pages} pages read), the longest one run reads`,
				bounds.fix,
			);
		seen.add(next);
		call = { method: 'GET', path: next, qs: queryNotIn(next, first.qs), headers: first.headers };
	}
	return records;
}

function queryNotIn(link: string, qs: IDataObject | undefined): IDataObject | undefined {
	if (!qs) return undefined;
	const inLink = new URL(link, 'http://link.invalid').searchParams;
	const rest = Object.fromEntries(Object.entries(qs).filter(([key]) => !inLink.has(key)));
	return Object.keys(rest).length ? rest : undefined;
}

/** A list endpoint: its records (following `paging` when given), cut to `limit` unless Return All. */
export function listOperation(provider: TokenProvider, path: string, paging?: Paging): Operation {
	return async (ctx, itemIndex) =>
		await listRecords(ctx, provider, { method: 'GET', path }, itemIndex, paging);
}

/** `collectPages` with the node's Return All / Limit parameters. */
export async function listRecords(
	ctx: IExecuteFunctions,
	provider: TokenProvider,
	first: ApiCall,
	itemIndex: number,
	paging?: Paging,
): Promise<unknown[]> {
	const returnAll = ctx.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll ? undefined : (ctx.getNodeParameter('limit', itemIndex, 50) as number);
	return await collectPages(ctx, provider, first, itemIndex, { paging, limit });
}

/** The records of a list answer: the answer itself, or the array in its envelope. */
export function listIn(result: unknown): unknown[] {
	if (Array.isArray(result)) return result;
	if (isJsonObject(result)) {
		const envelope = ['data', 'items', 'results', 'users', 'content']
			.map((key) => result[key])
			.find(Array.isArray);
		if (envelope) return envelope;
	}
	return [result];
}

/**
 * `userInfo.get` for providers with a user-info endpoint: its answer, plus when the token that
 * fetched it expires (never the token itself).
 */
export function endpointUserInfo(provider: TokenProvider, call: ApiCall): Operation {
	return async (ctx, itemIndex) => {
		const answer = await callApi(ctx, provider, call, itemIndex);
		const credentials = await credentialsFor(ctx, provider, itemIndex);
		const tokens = readTokenState(credentials);
		const expiry: IDataObject = {};
		if (tokens && owns(provider, credentials, tokens)) {
			Object.assign(expiry, describeToken(provider, provider.apiBaseUrl(credentials), tokens));
			delete expiry.claims;
		}
		// callApi has taken every token and secret the API may quote out of its answer.
		const shown = answer ?? null;
		return { ...(isJsonObject(shown) ? (shown as IDataObject) : { value: shown }), ...expiry };
	};
}
