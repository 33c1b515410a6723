import type { ICredentialTestRequest, ICredentialType, INodeProperties, Icon } from 'n8n-workflow';
import { tokenHooks } from './common/hooks';
import { tokenStateProperties } from './common/storedTokens';
import { comm100, COMM100_DEFAULT_HOST } from './providers/comm100';

const hooks = tokenHooks(comm100);

export class Comm100Api implements ICredentialType {
	name = 'comm100Api';

	displayName = 'Comm100 API';

	icon: Icon = { light: 'file:../icons/comm100.svg', dark: 'file:../icons/comm100.dark.svg' };

	documentationUrl =
		'https://github.com/n8n-nodes-token-auth/n8n-nodes-token-auth/blob/main/package/README.md#comm100';

	properties: INodeProperties[] = [
		{
			displayName: 'API Host',
			name: 'baseUrl',
			type: 'string',
			default: COMM100_DEFAULT_HOST,
			required: true,
			placeholder: COMM100_DEFAULT_HOST,
			hint: "Comm100's OAuth API names https://partner.comm100.io. Comm100 also runs regional platforms (https://apiNN.comm100.io for a Control Panel at dashNN.comm100.io; NN = 11, 12, 13, 15, 17): enter one only if Comm100 gave it to you for partner sign-in.",
		},
		{
			displayName: 'Partner ID',
			name: 'partnerId',
			type: 'string',
			default: '',
			required: true,
			placeholder: '10000',
			hint: 'The ID of your Comm100 partner account',
		},
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
			hint: 'The ID of an OAuth client created in the Comm100 partner portal',
		},
		{
			displayName: 'Email',
			name: 'email',
			type: 'string',
			placeholder: 'name@email.com',
			default: '',
			required: true,
			hint: 'The email you sign in to Comm100 with',
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			hint: 'The password of that Comm100 account',
		},
		...tokenStateProperties,
	];

	preAuthentication = hooks.preAuthentication;

	authenticate = hooks.authenticate;

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{ String($credentials.baseUrl).trim().match(/^https?:\\/\\/[^\\/?#]+/i)?.[0] }}',
			url: '/oauth/userinfo',
		},
	};
}
