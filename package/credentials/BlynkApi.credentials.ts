import type { ICredentialTestRequest, ICredentialType, INodeProperties, Icon } from 'n8n-workflow';
import { tokenHooks } from './common/hooks';
import { tokenStateProperties } from './common/storedTokens';
import { BLYNK_SERVERS, blynk, CUSTOM_SERVER } from './providers/blynk';

const hooks = tokenHooks(blynk);

export class BlynkApi implements ICredentialType {
	name = 'blynkApi';

	displayName = 'Blynk.Cloud Organization API';

	icon: Icon = { light: 'file:../icons/blynk.svg', dark: 'file:../icons/blynk.dark.svg' };

	documentationUrl =
		'https://github.com/n8n-nodes-token-auth/n8n-nodes-token-auth/blob/main/package/README.md#blynkcloud';

	properties: INodeProperties[] = [
		{
			displayName: 'Server',
			name: 'server',
			type: 'options',
			options: [...BLYNK_SERVERS, { name: 'Custom (Private Server)', value: CUSTOM_SERVER }],
			default: 'blynk.cloud',
			hint: 'The region your organization is on, shown at the bottom right of Blynk.Console',
		},
		{
			displayName: 'Custom Server URL',
			name: 'customServer',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://blynk.example.com',
			displayOptions: { show: { server: [CUSTOM_SERVER] } },
			description:
				'Address of your private Blynk server; requests go to its root (https:// required)',
		},
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
			hint: 'Blynk.Console → Settings → Developers → OAuth2, or ask your Blynk launch engineer',
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			hint: 'Next to the Client ID: Blynk.Console → Settings → Developers → OAuth2, or from your launch engineer',
		},
		{
			displayName: 'Send Client Credentials',
			name: 'credentialLocation',
			type: 'options',
			options: [
				{
					name: 'In the Authorization Header (HTTP Basic)',
					value: 'header',
					description: 'Recommended',
				},
				{
					name: 'In the Query String',
					value: 'query',
					description:
						'Less secure: the secret is part of the token URL, which proxies and servers may log',
				},
			],
			default: 'header',
		},
		...tokenStateProperties,
	];

	preAuthentication = hooks.preAuthentication;

	authenticate = hooks.authenticate;

	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{ $credentials.server === "custom" ? String($credentials.customServer).trim().match(/^https?:\\/\\/[^\\/?#]+/i)?.[0] : "https://" + $credentials.server }}',
			url: '/api/v1/organization/profile',
		},
	};
}
