import { NodeOperationError } from 'n8n-workflow';
import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { withReason } from '../../credentials/common/errors';
import { isJsonObject, parsedJson, valueAt } from '../../credentials/common/fields';
import { tokenExchange } from '../../credentials/providers/tokenExchange';
import { nextLinkAt } from '../common/operations';
import { pollNewRecords, triggerNodeFields } from '../common/polling';
import type { Newness } from '../common/polling';

function text(ctx: IPollFunctions, name: string): string {
	return String(ctx.getNodeParameter(name, '')).trim();
}

/** A parameter the user filled in wrongly: the message ends with what to fix. */
function fieldError(ctx: IPollFunctions, problem: string, fix: string) {
	const error = new NodeOperationError(
		ctx.getNode(),
		`Token Exchange trigger: ${problem}. ${fix}`,
		{
			description: fix,
		},
	);
	return withReason(error, 'configuration');
}

function queryOf(ctx: IPollFunctions): IDataObject | undefined {
	const raw = ctx.getNodeParameter('query', '{}') as unknown;
	const query = parsedJson(typeof raw === 'string' ? raw.trim() || '{}' : raw);
	if (!isJsonObject(query))
		throw fieldError(
			ctx,
			'Query Parameters is not a JSON object',
			'Enter a JSON object such as {"key": "value"}, or leave it as {}.',
		);
	return Object.keys(query).length ? query : undefined;
}

export class TokenExchangeTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Token Exchange Trigger',
		name: 'tokenExchangeTrigger',
		icon: {
			light: 'file:../../icons/tokenExchange.svg',
			dark: 'file:../../icons/tokenExchange.dark.svg',
		},
		...triggerNodeFields,
		subtitle: '={{$parameter["path"]}}',
		description:
			'Call any token-based API, or start a workflow when one of its lists has new records',
		defaults: { name: 'Token Exchange Trigger' },
		credentials: [{ name: 'tokenExchangeApi', required: true }],
		properties: [
			{
				displayName: 'Path',
				name: 'path',
				type: 'string',
				default: '',
				required: true,
				placeholder: '/v1/items',
				description:
					"Path of the list, relative to the credential's API URL. The token is never sent to another host.",
			},
			{
				displayName: 'Query Parameters',
				name: 'query',
				type: 'json',
				default: '{}',
				description: 'Query parameters of the first page as a JSON object',
			},
			{
				displayName: 'Records Path',
				name: 'recordsPath',
				type: 'string',
				default: '',
				placeholder: 'data.items',
				description:
					'Dot path of the list in the answer. Empty: the answer itself, or its data, items, results, users or content list.',
			},
			{
				displayName: 'New Records By',
				name: 'newBy',
				type: 'options',
				options: [
					{
						name: 'Increasing Key',
						value: 'increasing',
						description:
							'A value that grows with each new record, e.g. createdAt or an auto-incremented ID',
					},
					{
						name: 'Unique ID',
						value: 'id',
						description:
							'An ID in any order: new when it was not in the list at the last poll (the whole list is read)',
					},
				],
				default: 'increasing',
			},
			{
				displayName: 'Key Path',
				name: 'keyPath',
				type: 'string',
				default: 'createdAt',
				required: true,
				displayOptions: { show: { newBy: ['increasing'] } },
				description: 'Dot path of the increasing value in each record (a number, a date or text)',
			},
			{
				displayName: 'ID Path',
				name: 'idPath',
				type: 'string',
				default: 'id',
				required: true,
				description: 'Dot path of the unique ID in each record',
			},
			{
				displayName: 'Next Page Path',
				name: 'nextPagePath',
				type: 'string',
				default: '',
				placeholder: 'pagination.nextPath',
				description:
					'Dot path of the link to the next page in each answer (a path or a URL on the same host). Empty: one page.',
			},
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const path = text(this, 'path');
		if (path === '')
			throw fieldError(this, 'no Path', 'Enter the path of the list, e.g. /v1/items.');
		const recordsPath = text(this, 'recordsPath');
		const idPath = text(this, 'idPath') || 'id';
		const keyPath = text(this, 'keyPath');
		const nextPagePath = text(this, 'nextPagePath');
		const newness: Newness =
			this.getNodeParameter('newBy', 'increasing') === 'id'
				? { by: 'id' }
				: { by: 'increasing', key: (record) => valueAt(record, keyPath), keyName: keyPath };
		const records = recordsPath
			? (page: unknown) => {
					const list = valueAt(page, recordsPath);
					if (Array.isArray(list)) return list;
					throw fieldError(
						this,
						`the answer of ${path} has no list at "${recordsPath}"`,
						'Check the Records Path against an answer of the API (API Request of the Token Exchange node).',
					);
				}
			: undefined;
		return await pollNewRecords(this, {
			provider: tokenExchange,
			name: JSON.stringify([path, recordsPath, newness.by, keyPath, idPath]),
			call: { method: 'GET', path, qs: queryOf(this) },
			paging: nextPagePath ? nextLinkAt(nextPagePath) : undefined,
			records,
			id: (record) => valueAt(record, idPath),
			newness,
		});
	}
}
