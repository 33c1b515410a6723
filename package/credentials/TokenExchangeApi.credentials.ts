import type { ICredentialTestRequest, ICredentialType, INodeProperties, Icon } from 'n8n-workflow';
import { tokenHooks } from './common/hooks';
import { tokenStateProperties } from './common/storedTokens';
import { tokenExchange } from './providers/tokenExchange';

// n8n drops the value of a field its form hides. Sign In With shows only what its choice
// needs; its default shows every field of the form before it existed, so a credential saved
// then keeps every value (test/unit/tokenExchangeSavedForms.test.ts).
const signsInWith = (...methods: string[]) => ({ show: { signInMethod: methods } });
const PRIVATE_KEY_METHODS = ['privateKeyJwt', 'jwtBearer', 'jwtAsBearer'];
const JWT_METHODS = ['clientSecretJwt', ...PRIVATE_KEY_METHODS];
const sendsTokenAs = (way: string) => ({ show: { sendAs: [way] } });
const sendsClientFields = {
	show: { signInMethod: ['clientOrUser'], clientAuthentication: ['body', 'query'] },
};
// Fields named like clientSecretField or tokenPath hold field *names*, not secrets, but n8n's
// verified-node checks mask every field whose name mentions a token, secret or password: they
// are masked, and their hints show the default.

const hooks = tokenHooks(tokenExchange);

export class TokenExchangeApi implements ICredentialType {
	name = 'tokenExchangeApi';

	displayName = 'Token Exchange API';

	icon: Icon = {
		light: 'file:../icons/tokenExchange.svg',
		dark: 'file:../icons/tokenExchange.dark.svg',
	};

	documentationUrl =
		'https://github.com/n8n-nodes-token-auth/n8n-nodes-token-auth/blob/main/package/README.md#token-exchange-other-token-apis';

	properties: INodeProperties[] = [
		{
			displayName: 'API URL',
			name: 'apiUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://api.example.com/v1',
			hint: 'Base URL of the API. The token is only ever sent to this host.',
		},
		{
			displayName: 'Test Path',
			name: 'testPath',
			type: 'string',
			default: '/',
			placeholder: '/me',
			hint: 'A read-only path, relative to the API URL, that the Test button calls with the token',
		},
		{
			displayName: 'Sign-In URL',
			name: 'signInUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://api.example.com/oauth/token',
			hint: 'The token endpoint, as a full URL (the API docs call it token, login or auth URL)',
		},
		{
			displayName: 'Sign-In Format',
			name: 'signInFormat',
			type: 'options',
			options: [
				{ name: 'JSON', value: 'json' },
				{ name: 'Form (x-www-form-urlencoded, as OAuth2)', value: 'form' },
			],
			default: 'form',
		},
		{
			displayName: 'Sign In With',
			name: 'signInMethod',
			type: 'options',
			options: [
				{
					name: 'Client ID and Secret, or User Name and Password',
					value: 'clientOrUser',
					description:
						'OAuth2 client credentials or password grant, or a login with the fields in the body',
				},
				{
					name: 'User Name and Password as HTTP Basic',
					value: 'userBasic',
					description: 'A login like curl -u user:password, e.g. Jamf Pro, VMware vCenter',
				},
				{
					name: 'A Secret Alone (API Key or Long-Lived Refresh Token)',
					value: 'secret',
					description:
						'An API key exchanged for a token (e.g. IBM Cloud), or a refresh token you were given that starts the refresh grant',
				},
				{
					name: 'Client ID and a JWT Signed With the Client Secret (client_secret_jwt)',
					value: 'clientSecretJwt',
					description: 'OAuth2 client authentication by an HS256 JWT (RFC 7523)',
				},
				{
					name: 'Client ID and a JWT Signed With a Private Key (private_key_jwt)',
					value: 'privateKeyJwt',
					description:
						'OAuth2 client authentication by a JWT, e.g. Microsoft Entra ID with a certificate',
				},
				{
					name: 'A JWT Signed With a Private Key as the Grant (JWT Bearer)',
					value: 'jwtBearer',
					description: 'The JWT bearer grant, e.g. Google service accounts',
				},
				{
					name: 'A JWT Signed With a Private Key as the Sign-In Bearer',
					value: 'jwtAsBearer',
					description:
						'The sign-in request carries the JWT as its bearer token, e.g. GitHub App installation tokens',
				},
			],
			default: 'clientOrUser',
			hint: "How the API's authentication page says to ask for a token",
		},
		{
			displayName: 'Secret',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: signsInWith('secret'),
			hint: 'The API key or refresh token; it is sent only to the Sign-In URL, never shown',
		},
		{
			displayName: 'Secret Field',
			name: 'secretField',
			type: 'string',
			typeOptions: { password: true },
			default: 'apikey',
			displayOptions: signsInWith('secret'),
			hint: 'The body field the secret goes in, e.g. apikey, or refresh_token with Sign-In Parameters {"grant_type": "refresh_token"}; in a JSON body, dots for nested fields (auth.key)',
		},
		{
			displayName: 'Private Key',
			name: 'privateKey',
			type: 'string',
			typeOptions: { password: true, rows: 4 },
			default: '',
			placeholder: '-----BEGIN PRIVATE KEY-----',
			displayOptions: signsInWith(...PRIVATE_KEY_METHODS),
			hint: 'The PEM private key (PKCS#8, RSA or EC), or a Google JSON key file. It only signs the JWT: it is never sent.',
		},
		{
			displayName: 'Algorithm',
			name: 'jwtAlgorithm',
			type: 'options',
			options: [
				{ name: 'RS256 (RSA)', value: 'RS256' },
				{ name: 'PS256 (RSA-PSS)', value: 'PS256' },
				{ name: 'ES256 (EC P-256)', value: 'ES256' },
			],
			default: 'RS256',
			displayOptions: signsInWith(...PRIVATE_KEY_METHODS),
		},
		{
			displayName: 'Issuer (Iss)',
			name: 'jwtIssuer',
			type: 'string',
			default: '',
			placeholder: 'my-robot@my-project.iam.gserviceaccount.com',
			displayOptions: signsInWith('jwtBearer', 'jwtAsBearer'),
			hint: "Who the JWT is from: a service account's client_email, a GitHub App's ID",
		},
		{
			displayName: 'Subject (Sub)',
			name: 'jwtSubject',
			type: 'string',
			default: '',
			displayOptions: signsInWith('jwtBearer', 'jwtAsBearer'),
			hint: 'Whom the token is for, when the API asks (e.g. the user a Google service account acts as); else empty',
		},
		{
			displayName: 'Audience (Aud)',
			name: 'jwtAudience',
			type: 'string',
			default: '',
			displayOptions: signsInWith(...JWT_METHODS),
			hint: 'Empty: the Sign-In URL (the token endpoint, as RFC 7523 says); none for a sign-in bearer JWT',
		},
		{
			displayName: 'JWT Claims',
			name: 'jwtClaims',
			type: 'json',
			default: '{}',
			displayOptions: signsInWith(...JWT_METHODS),
			hint: 'Other claims, as a JSON object, e.g. {"scope": "https://www.googleapis.com/auth/cloud-platform"}. iat, nbf, exp and jti are always set anew.',
		},
		{
			displayName: 'JWT Lifetime (Seconds)',
			name: 'jwtLifetime',
			type: 'number',
			default: 300,
			typeOptions: { minValue: 1, maxValue: 600 },
			displayOptions: signsInWith(...JWT_METHODS),
			hint: 'At most 600; a new JWT is made for every sign-in',
		},
		{
			displayName: 'Key ID (Kid)',
			name: 'jwtKeyId',
			type: 'string',
			default: '',
			displayOptions: signsInWith(...JWT_METHODS),
			hint: "The JWT header's kid, when the API asks, e.g. a Google key file's private_key_id",
		},
		{
			displayName: 'Certificate Thumbprint (X5t)',
			name: 'jwtThumbprint',
			type: 'string',
			default: '',
			displayOptions: signsInWith(...PRIVATE_KEY_METHODS),
			hint: "The certificate's SHA-1 thumbprint for the JWT header's x5t (hex, as Microsoft Entra shows it, or base64url)",
		},
		{
			displayName: 'Client Authentication',
			name: 'clientAuthentication',
			type: 'options',
			options: [
				{ name: 'HTTP Basic Header', value: 'basic' },
				{ name: 'In the Body', value: 'body' },
				{ name: 'In the Query String (Less Secure: URLs End Up in Logs)', value: 'query' },
			],
			default: 'basic',
			displayOptions: signsInWith('clientOrUser'),
			hint: 'How the Client ID and Secret are sent to the Sign-In URL (and the Refresh URL)',
		},
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			displayOptions: signsInWith('clientOrUser', 'clientSecretJwt', 'privateKeyJwt'),
			hint: 'Where the API lets you create an OAuth client, app or API key pair (often developer or integration settings)',
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: signsInWith('clientOrUser', 'clientSecretJwt'),
		},
		{
			displayName: 'User Name',
			name: 'username',
			type: 'string',
			default: '',
			displayOptions: signsInWith('clientOrUser', 'userBasic'),
			hint: 'For password sign-ins (OAuth2 password grant, login with email and password, HTTP Basic)',
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: signsInWith('clientOrUser', 'userBasic'),
		},
		{
			displayName: 'Sign-In Parameters',
			name: 'signInParameters',
			type: 'json',
			default: '{"grant_type": "client_credentials"}',
			hint: 'Other body fields of the sign-in, as a JSON object (no secrets here: use the fields above)',
		},
		{
			displayName: 'Refresh URL',
			name: 'refreshUrl',
			type: 'string',
			default: '',
			placeholder: 'https://api.example.com/oauth/token',
			hint: 'Leave empty to sign in again when the token expires',
		},
		{
			displayName: 'Sign-In Query Parameters',
			name: 'signInQuery',
			type: 'json',
			default: '{}',
			hint: 'Query parameters of the sign-in, as a JSON object, e.g. {"partnerId": "123"}',
		},
		{
			displayName: 'Client ID Field',
			name: 'clientIdField',
			type: 'string',
			default: 'client_id',
			displayOptions: sendsClientFields,
		},
		{
			displayName: 'Client Secret Field',
			name: 'clientSecretField',
			type: 'string',
			typeOptions: { password: true },
			default: 'client_secret',
			displayOptions: sendsClientFields,
			hint: 'Default: client_secret',
		},
		{
			displayName: 'User Name Field',
			name: 'usernameField',
			type: 'string',
			default: 'username',
			displayOptions: signsInWith('clientOrUser'),
			hint: 'In a JSON body, dots for nested fields, e.g. auth.user.name',
		},
		{
			displayName: 'Password Field',
			name: 'passwordField',
			type: 'string',
			typeOptions: { password: true },
			default: 'password',
			displayOptions: signsInWith('clientOrUser'),
			hint: 'Default: password. In a JSON body, dots for nested fields, e.g. auth.user.password',
		},
		{
			displayName: 'Token In',
			name: 'answerPart',
			type: 'options',
			options: [
				{ name: 'Answer Body (JSON)', value: 'body', description: 'A field of the JSON answer' },
				{
					name: 'Response Header',
					value: 'header',
					description: 'e.g. X-Subject-Token (OpenStack Keystone)',
				},
				{
					name: 'Cookie (Set-Cookie)',
					value: 'cookie',
					description: 'A cookie the answer sets, e.g. NITRO_AUTH_TOKEN (Citrix NetScaler)',
				},
				{
					name: 'The Whole Answer (a Bare Token)',
					value: 'wholeBody',
					description: 'The answer is the token alone, e.g. a JSON string (VMware vCenter)',
				},
			],
			default: 'body',
			hint: 'Where the sign-in answer puts the token',
		},
		{
			displayName: 'Token Path',
			name: 'tokenPath',
			type: 'string',
			typeOptions: { password: true },
			default: 'access_token',
			displayOptions: { hide: { answerPart: ['wholeBody'] } },
			hint: 'The JSON field (default: access_token; dots for nested fields, e.g. data.token), or the name of the header or cookie',
		},
		{
			displayName: 'Refresh Token Path',
			name: 'refreshTokenPath',
			type: 'string',
			typeOptions: { password: true },
			default: 'refresh_token',
			hint: 'Default: refresh_token',
		},
		{
			displayName: 'Expiry Path',
			name: 'expiresInPath',
			type: 'string',
			default: 'expires_in',
			hint: 'Seconds the token lives (expires_in), or when it expires: a date (2030-01-31T12:00:00Z), epoch seconds or milliseconds, told apart by size. When absent, the JWT "exp" is used, then the default lifetime.',
		},
		{
			displayName: 'Default Lifetime (Seconds)',
			name: 'defaultLifetimeSeconds',
			type: 'number',
			default: 0,
			hint: '0: unknown, the token is used until the API answers 401',
		},
		{
			displayName: 'Refresh Format',
			name: 'refreshFormat',
			type: 'options',
			options: [
				{ name: 'JSON', value: 'json' },
				{ name: 'Form', value: 'form' },
			],
			default: 'form',
		},
		{
			displayName: 'Refresh Token Location',
			name: 'refreshLocation',
			type: 'options',
			options: [
				{ name: 'Body', value: 'body' },
				{ name: 'Query String', value: 'query' },
			],
			default: 'body',
		},
		{
			displayName: 'Refresh Token Field',
			name: 'refreshTokenField',
			type: 'string',
			typeOptions: { password: true },
			default: 'refresh_token',
			hint: 'Default: refresh_token',
		},
		{
			displayName: 'Refresh Parameters',
			name: 'refreshParameters',
			type: 'json',
			default: '{"grant_type": "refresh_token"}',
			hint: 'Sent beside the refresh token, as a JSON object',
		},
		{
			displayName: 'Send the Token As',
			name: 'sendAs',
			type: 'options',
			options: [
				{ name: 'A Header', value: 'header', description: 'Authorization: Bearer … by default' },
				{
					name: 'A Query Parameter (Less Secure: URLs End Up in Logs)',
					value: 'query',
					description: 'e.g. ?token=… (ArcGIS)',
				},
				{ name: 'A Cookie', value: 'cookie', description: 'e.g. PVEAuthCookie=… (Proxmox VE)' },
			],
			default: 'header',
			hint: 'How API requests carry the token',
		},
		{
			displayName: 'Header Name',
			name: 'headerName',
			type: 'string',
			default: 'Authorization',
			displayOptions: sendsTokenAs('header'),
		},
		{
			displayName: 'Header Prefix',
			name: 'headerPrefix',
			type: 'string',
			default: 'Bearer',
			displayOptions: sendsTokenAs('header'),
			hint: 'Put before the token in the header; empty for the bare token',
		},
		{
			displayName: 'Query Parameter',
			name: 'queryParameter',
			type: 'string',
			default: 'access_token',
			displayOptions: sendsTokenAs('query'),
			hint: 'The name the API reads the token from, e.g. token or access_token',
		},
		{
			displayName: 'Cookie Name',
			name: 'cookieName',
			type: 'string',
			default: '',
			placeholder: 'PVEAuthCookie',
			displayOptions: sendsTokenAs('cookie'),
			hint: 'The cookie the API reads the token from, often the one the sign-in sets',
		},
		...tokenStateProperties,
	];

	preAuthentication = hooks.preAuthentication;

	authenticate = hooks.authenticate;

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{ String($credentials.apiUrl).trim().replace(/\\/+$/, "") }}',
			url: '={{ "/" + String($credentials.testPath || "").trim().replace(/^\\/+/, "") }}',
		},
	};
}
