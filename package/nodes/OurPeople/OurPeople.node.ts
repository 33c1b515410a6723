import type {
	INodeProperties,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { ourPeople } from '../../credentials/providers/ourPeople';
import {
	actionSubtitle,
	listProperties,
	requestProperties,
	standardNodeFields,
	userInfoProperties,
	optionsProperty,
} from '../common/descriptions';
import { executeOperations, listOperation, sendRequest, tokenUserInfo } from '../common/operations';

const USERS_PATH = '/v1/users';

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
				description: 'Send an authenticated request to any path of the OurPeople API',
			},
			{ name: 'User', value: 'user', description: 'Users of the OurPeople account' },
			{
				name: 'User Info',
				value: 'userInfo',
				description: 'Who the OurPeople token belongs to and when it expires',
			},
		],
		default: 'userInfo',
	},
	...userInfoProperties(
		'Who the token belongs to (its JWT claims) and when it expires; never the token itself',
	),
	...requestProperties('OurPeople', USERS_PATH),
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['user'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List the users of the account',
				action: 'Get many users',
			},
		],
		default: 'getAll',
	},
	...listProperties('user'),
	optionsProperty(),
];

export class OurPeople implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'OurPeople',
		name: 'ourPeople',
		icon: { light: 'file:../../icons/ourPeople.svg', dark: 'file:../../icons/ourPeople.dark.svg' },
		...standardNodeFields,
		subtitle: actionSubtitle(properties),
		description: 'Read OurPeople users and call the OurPeople API with a self-renewing token',
		defaults: { name: 'OurPeople' },
		usableAsTool: true,
		credentials: [{ name: 'ourPeopleApi', required: true }],
		properties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executeOperations(this, {
			'userInfo.get': tokenUserInfo(ourPeople, { method: 'GET', path: USERS_PATH }),
			'request.send': sendRequest(ourPeople),
			'user.getAll': listOperation(ourPeople, USERS_PATH),
		});
	}
}
