import type {
	INodeProperties,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { comm100 } from '../../credentials/providers/comm100';
import {
	actionSubtitle,
	requestProperties,
	standardNodeFields,
	userInfoProperties,
	optionsProperty,
} from '../common/descriptions';
import { endpointUserInfo, executeOperations, sendRequest } from '../common/operations';

const USER_INFO_PATH = '/oauth/userinfo';

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
				description: 'Send an authenticated request to any path of the Comm100 API',
			},
			{
				name: 'User Info',
				value: 'userInfo',
				description: 'Who the Comm100 token belongs to and when it expires',
			},
		],
		default: 'userInfo',
	},
	...userInfoProperties(
		'The agent, site and role the token belongs to (GET /oauth/userinfo) and when it expires; never the token itself',
	),
	...requestProperties('Comm100', USER_INFO_PATH),
	optionsProperty(),
];

export class Comm100 implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Comm100',
		name: 'comm100',
		icon: { light: 'file:../../icons/comm100.svg', dark: 'file:../../icons/comm100.dark.svg' },
		...standardNodeFields,
		subtitle: actionSubtitle(properties),
		description: 'Call the Comm100 API with a token that signs itself in again before it expires',
		defaults: { name: 'Comm100' },
		usableAsTool: true,
		credentials: [{ name: 'comm100Api', required: true }],
		properties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executeOperations(this, {
			'userInfo.get': endpointUserInfo(comm100, { method: 'GET', path: USER_INFO_PATH }),
			'request.send': sendRequest(comm100),
		});
	}
}
