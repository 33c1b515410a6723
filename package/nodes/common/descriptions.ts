import { NodeConnectionTypes } from 'n8n-workflow';
import type { INodeProperties, INodePropertyOptions, INodeTypeDescription } from 'n8n-workflow';

/** What every companion node's description shares: version 1, one input, one output. */
export const standardNodeFields: Pick<INodeTypeDescription, 'group' | 'version' | 'inputs' | 'outputs'> = {
	group: ['transform'],
	version: 1,
	inputs: [NodeConnectionTypes.Main],
	outputs: [NodeConnectionTypes.Main],
};

/** The `operation` selector of one resource; the first option is the default. */
export function operationProperty(resource: string, options: INodePropertyOptions[]): INodeProperties {
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource] } },
		options,
		default: options[0].value,
	};
}

/** The `resource` selector every companion node starts with. */
export function resourceProperty(providerName: string, extra: INodePropertyOptions[]): INodeProperties {
	return {
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'API Request',
				value: 'request',
				description: `Send an authenticated request to any path of the ${providerName} API`,
			},
			...extra,
			{
				name: 'User Info',
				value: 'userInfo',
				description: `Who the ${providerName} token belongs to and when it expires`,
			},
		],
		default: 'userInfo',
	};
}

export function userInfoProperties(providerName: string, description: string): INodeProperties[] {
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
					action: `Get ${providerName} token user info`,
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
					action: `Send an authenticated ${providerName} API request`,
				},
			],
			default: 'send',
		},
		{
			displayName: 'Method',
			name: 'method',
			type: 'options',
			displayOptions: request,
			options: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].map((method) => ({ name: method, value: method })),
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
			description: `Path relative to the credential's API URL. The token is never sent to another host.`,
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
			displayOptions: { show: { resource: ['request'], method: ['POST', 'PUT', 'PATCH', 'DELETE'] } },
			default: '{}',
			description: 'JSON body to send',
		},
		{
			displayName: 'Headers',
			name: 'headers',
			type: 'json',
			displayOptions: request,
			default: '{}',
			description: 'Extra headers as a JSON object (the Authorization header is set by the credential)',
		},
	];
}

/** `returnAll` / `limit`, shown for one resource's list operations (getAll unless told). */
export function listProperties(resource: string, operations: string[] = ['getAll']): INodeProperties[] {
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
