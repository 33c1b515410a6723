import { NodeConnectionTypes } from 'n8n-workflow';
import type { INodeProperties, INodePropertyOptions, INodeTypeDescription } from 'n8n-workflow';
import { batchingOption } from './batching';

/** What every companion node's description shares: version 1, one input, one output. */
export const standardNodeFields: Pick<
	INodeTypeDescription,
	'group' | 'version' | 'inputs' | 'outputs'
> = {
	group: ['transform'],
	version: 1,
	inputs: [NodeConnectionTypes.Main],
	outputs: [NodeConnectionTypes.Main],
};

/**
 * The node's subtitle on the canvas: `words` of the chosen value(s) (`key`), e.g. the
 * operation's action ("Get many users") rather than n8n's usual "getAll: user"; the raw values
 * for a choice it does not know. An expression, as n8n evaluates a subtitle with the node's
 * parameters.
 */
function subtitleOf(key: string, words: Record<string, string>, fallback: string): string {
	return `={{ (${JSON.stringify(words)})[${key}] || ${fallback} }}`;
}

/** What the canvas shows under a node with resources: the chosen operation's action. */
export function actionSubtitle(properties: INodeProperties[]): string {
	const actions: Record<string, string> = {};
	for (const property of properties) {
		if (property.name !== 'operation') continue;
		for (const resource of property.displayOptions?.show?.resource ?? [])
			for (const option of (property.options ?? []) as INodePropertyOptions[])
				if (option.action) actions[`${String(resource)} ${String(option.value)}`] = option.action;
	}
	return subtitleOf(
		'$parameter.resource + " " + $parameter.operation',
		actions,
		'$parameter.operation + ": " + $parameter.resource',
	);
}

/** What the canvas shows under a trigger: the chosen event's name. */
export function eventSubtitle(properties: INodeProperties[]): string {
	const events = (properties.find(({ name }) => name === 'event')?.options ??
		[]) as INodePropertyOptions[];
	return subtitleOf(
		'$parameter.event',
		Object.fromEntries(events.map((event) => [String(event.value), event.name])),
		'$parameter.event',
	);
}

export function userInfoProperties(description: string): INodeProperties[] {
	return [
		{
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: ['userInfo'] } },
			options: [
				{
					name: 'Get',
					value: 'get',
					description,
					action: 'Get token user info',
				},
			],
			default: 'get',
		},
	];
}

const request = { show: { resource: ['request'] } };

export function requestProperties(providerName: string, examplePath: string): INodeProperties[] {
	return [
		{
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: request,
			options: [
				{
					name: 'Send',
					value: 'send',
					description: `Call any ${providerName} API endpoint with the credential's token`,
					action: 'Send an authenticated API request',
				},
			],
			default: 'send',
		},
		{
			displayName: 'Method',
			name: 'method',
			type: 'options',
			displayOptions: request,
			options: [
				{ name: 'DELETE', value: 'DELETE' },
				{ name: 'GET', value: 'GET' },
				{ name: 'PATCH', value: 'PATCH' },
				{ name: 'POST', value: 'POST' },
				{ name: 'PUT', value: 'PUT' },
			],
			default: 'GET',
		},
		{
			displayName: 'Path',
			name: 'path',
			type: 'string',
			displayOptions: request,
			default: examplePath,
			required: true,
			placeholder: examplePath,
			description:
				"Path relative to the credential's API URL (it may leave the URL's path, not its host). The token is never sent to another host.",
		},
		{
			displayName: 'Query Parameters',
			name: 'query',
			type: 'json',
			displayOptions: request,
			default: '{}',
			description: 'Query parameters as a JSON object',
		},
		{
			displayName: 'Body',
			name: 'body',
			type: 'json',
			displayOptions: {
				show: { resource: ['request'], method: ['POST', 'PUT', 'PATCH', 'DELETE'] },
			},
			default: '{}',
			description: 'JSON body to send',
		},
		{
			displayName: 'Headers',
			name: 'headers',
			type: 'json',
			displayOptions: request,
			default: '{}',
			description:
				'Extra headers as a JSON object (the Authorization header is set by the credential)',
		},
	];
}

/** `returnAll` / `limit`, shown for one resource's list operations (getAll unless told). */
export function listProperties(
	resource: string,
	operations: string[] = ['getAll'],
): INodeProperties[] {
	const show = { show: { resource: [resource], operation: operations } };
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			displayOptions: show,
			default: false,
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			displayOptions: { show: { ...show.show, returnAll: [false] } },
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
		},
	];
}

/**
 * The Options collection every node ends with: Batching (how many items run at once), then
 * `nodeOptions` of the node's own, each showing where it applies (`/resource`, `/operation`).
 */
export function optionsProperty(nodeOptions: INodeProperties[] = []): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [batchingOption, ...nodeOptions],
	};
}
