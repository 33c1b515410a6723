import type { ICredentialTestRequest, ICredentialType, INodeProperties, Icon } from 'n8n-workflow';
import { CREDENTIAL_TEST_HEADER, tokenHooks } from './common/hooks';
import { tokenStateProperties } from './common/storedTokens';
import {
	cultureAmp,
	DEFAULT_BASE_URL,
	DOCUMENTED_PERMISSIONS,
	PRODUCTION_ENTITY_ID,
	SANDBOX_ENTITY_ID,
} from './providers/cultureAmp';

const hooks = tokenHooks(cultureAmp);

export class CultureAmpApi implements ICredentialType {
	name = 'cultureAmpApi';

	displayName = 'Culture Amp API';

	icon: Icon = { light: 'file:../icons/cultureAmp.svg', dark: 'file:../icons/cultureAmp.dark.svg' };

	documentationUrl =
		'https://github.com/n8n-nodes-token-auth/n8n-nodes-token-auth/blob/main/package/README.md#culture-amp';

	properties: INodeProperties[] = [
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
			hint: 'In Culture Amp: Settings (top right) → API → Create API Credential. Only an admin with Account Owner permissions can create one.',
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			hint: 'From the same API credential as the Client ID',
		},
		{
			displayName: 'Entity ID',
			name: 'entityId',
			type: 'string',
			default: PRODUCTION_ENTITY_ID,
			required: true,
			hint: `The Culture Amp API's target entity: ${PRODUCTION_ENTITY_ID} for production, ${SANDBOX_ENTITY_ID} for the sandbox`,
		},
		{
			displayName: 'Permissions',
			name: 'permissions',
			type: 'multiOptions',
			options: DOCUMENTED_PERMISSIONS,
			default: ['employees-read'],
			description:
				'What the token asks for; Culture Amp grants only those the API credential has. User Info shows what was granted.',
		},
		{
			displayName: 'Additional Permissions',
			name: 'extraPermissions',
			type: 'string',
			default: '',
			placeholder: 'e.g. goals-read, reporting-read',
			description: 'Permissions the list above lacks, separated by commas',
		},
		{
			displayName: 'Credential Location',
			name: 'credentialLocation',
			type: 'options',
			options: [
				{
					name: 'Form Body',
					value: 'body',
					description: 'As client_id and client_secret form fields',
				},
				{
					name: 'Basic Auth Header',
					value: 'header',
					description: 'As Authorization: Basic base64(ID:secret)',
				},
			],
			default: 'body',
			description:
				'How the Client ID and Secret are sent to the token endpoint; Culture Amp documents both',
		},
		{
			displayName: 'API URL',
			name: 'baseUrl',
			type: 'string',
			default: DEFAULT_BASE_URL,
			required: true,
			hint: 'Sandbox: https://sandbox.public-api.development.cultureamp.net. Change only for the sandbox or a proxy.',
		},
		...tokenStateProperties,
	];

	preAuthentication = hooks.preAuthentication;

	authenticate = hooks.authenticate;

	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{ String($credentials.baseUrl).trim().replace(/[?#].*$/, "").replace(/\\/+$/, "").replace(/\\/v1$/i, "") }}',
			// A list the token may read: employees when asked for, else performance cycles.
			url: '={{ [].concat($credentials.permissions || []).includes("employees-read") || ![].concat($credentials.permissions || []).includes("performance-evaluations-read") ? "/v1/employees" : "/v1/performance-cycles" }}',
			// Test also names a permission asked for and not granted (see CREDENTIAL_TEST_HEADER).
			headers: { [CREDENTIAL_TEST_HEADER]: 'true' },
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						'Culture Amp issued a token but refused the test call (HTTP 403): it lacks the permission for it (employees-read, or performance-evaluations-read when only that is selected). Check that Culture Amp granted the selected Permissions to this API client.',
				},
			},
		],
	};
}
