import type {
	INodeProperties,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { field } from '../../credentials/common/fields';
import { tokenExchange } from '../../credentials/providers/tokenExchange';
import {
	actionSubtitle,
	requestProperties,
	standardNodeFields,
	userInfoProperties,
	optionsProperty,
} from '../common/descriptions';
import { executeOperations, sendRequest, tokenUserInfo } from '../common/operations';

const properties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'API Request',
				value: 'request',
				description: 'Send an authenticated request to any path of the token-based API',
			},
			{
				name: 'User Info',
				value: 'userInfo',
				description: 'Who the Token Exchange token belongs to and when it expires',
			},
		],
		default: 'userInfo',
	},
	...userInfoProperties(
		'What is known about the token (JWT claims, expiry, granted scope); never the token itself',
	),
	...requestProperties('token-based', '/me'),
	optionsProperty(),
];

export class TokenExchange implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Token Exchange',
		name: 'tokenExchange',
		icon: {
			light: 'file:../../icons/tokenExchange.svg',
			dark: 'file:../../icons/tokenExchange.dark.svg',
		},
		...standardNodeFields,
		subtitle: actionSubtitle(properties),
		description:
			'Call any token-based API with a self-renewing token from a Token Exchange API credential',
		defaults: { name: 'Token Exchange' },
		usableAsTool: true,
		credentials: [{ name: 'tokenExchangeApi', required: true }],
		properties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executeOperations(this, {
			'userInfo.get': tokenUserInfo(tokenExchange, (credentials) => ({
				method: 'GET',
				path: field(credentials, 'testPath') || '/',
			})),
			'request.send': sendRequest(tokenExchange),
		});
	}
}
