import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { comm100 } from '../../credentials/providers/comm100';
import { requestProperties, resourceProperty, standardNodeFields, userInfoProperties } from '../common/descriptions';
import { endpointUserInfo, executeOperations, sendRequest } from '../common/operations';

const USER_INFO_PATH = '/oauth/userinfo';

export class Comm100 implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Comm100',
		name: 'comm100',
		icon: { light: 'file:../../icons/comm100.svg', dark: 'file:../../icons/comm100.dark.svg' },
		...standardNodeFields,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Call the Comm100 API with a token that signs itself in again before it expires',
		defaults: { name: 'Comm100' },
		usableAsTool: true,
		credentials: [{ name: 'comm100Api', required: true }],
		properties: [
			resourceProperty('Comm100', []),
			...userInfoProperties(
				'Comm100',
				'The agent, site and role the token belongs to (GET /oauth/userinfo) and when it expires; never the token itself',
			),
			...requestProperties('Comm100', USER_INFO_PATH),
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executeOperations(this, {
			'userInfo.get': endpointUserInfo(comm100, { method: 'GET', path: USER_INFO_PATH }),
			'request.send': sendRequest(comm100),
		});
	}
}
