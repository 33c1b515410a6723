import type { ICredentialTestRequest, ICredentialType, INodeProperties, Icon } from 'n8n-workflow';
import { tokenHooks } from './common/hooks';
import { tokenStateProperties } from './common/storedTokens';
import { ourPeople } from './providers/ourPeople';

const hooks = tokenHooks(ourPeople);

export class OurPeopleApi implements ICredentialType {
	name = 'ourPeopleApi';

	displayName = 'OurPeople API';

	icon: Icon = { light: 'file:../icons/ourPeople.svg', dark: 'file:../icons/ourPeople.dark.svg' };

	documentationUrl =
		'https://github.com/n8n-nodes-token-auth/n8n-nodes-token-auth/blob/main/package/README.md#ourpeople';

	properties: INodeProperties[] = [
		{
			displayName: 'API URL',
			name: 'apiUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://example-api.ourpeople.co',
			hint: "Your account's own API endpoint. If your console is at https://example.ourpeople.co, it is usually https://example-api.ourpeople.co.",
		},
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
			hint: 'Supplied by OurPeople when API access is enabled for your account (closed beta).',
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			hint: 'Supplied by OurPeople together with the Client ID',
		},
		...tokenStateProperties,
	];

	preAuthentication = hooks.preAuthentication;

	authenticate = hooks.authenticate;

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{ String($credentials.apiUrl).trim().match(/^https?:\\/\\/[^\\/?#]+/i)?.[0] }}',
			url: '/v1/users',
		},
	};
}
