import { ARCGIS_USER, FakeArcGis } from '../fakes/styles/arcGis';
import { FakeGitHubApp, GITHUB_APP } from '../fakes/styles/gitHubApp';
import { FakeGoogleServiceAccount, SERVICE_ACCOUNT } from '../fakes/styles/googleServiceAccount';
import { FakeIbmCloudIam, IBM_API_KEY } from '../fakes/styles/ibmCloudIam';
import { ENTRA_APP, FakeEntra } from '../fakes/styles/microsoftEntra';
import { FakeJamfPro, JAMF_USER } from '../fakes/styles/jamfPro';
import { FakeNitro, NITRO_USER } from '../fakes/styles/netScalerNitro';
import { FakeKeystone, KEYSTONE_USER } from '../fakes/styles/openStackKeystone';
import { FakeProxmox, PROXMOX_USER } from '../fakes/styles/proxmox';
import { FakeVCenter, VCENTER_USER } from '../fakes/styles/vCenter';
import type { Recipe } from './tokenExchangeRecipes';

/**
 * The Token Exchange credential filled in for one real API of each sign-in style the package's
 * own providers do not have (the recipes in package/README.md, "Token Exchange"), each against
 * a fake written from that API's docs. `lifetime` is what the fake's tokens live, for the APIs
 * whose answer names no expiry (the user enters it as Default Lifetime).
 */
export const styleRecipes: Recipe[] = [
	{
		provider: 'IBM Cloud IAM',
		createFake: (lifetime) => new FakeIbmCloudIam(lifetime),
		fields: (url) => ({
			apiUrl: url,
			testPath: '/v2/resource_instances',
			signInUrl: `${url}/identity/token`,
			signInMethod: 'secret',
			secret: IBM_API_KEY,
			secretField: 'apikey',
			signInParameters: '{"grant_type": "urn:ibm:params:oauth:grant-type:apikey"}',
			expiresInPath: 'expiration',
		}),
		apiPath: '/v2/resource_instances',
		refreshes: false,
	},
	{
		provider: 'Jamf Pro',
		createFake: (lifetime) => new FakeJamfPro(lifetime),
		fields: (url) => ({
			apiUrl: url,
			testPath: '/api/v1/auth',
			signInUrl: `${url}/api/v1/auth/token`,
			signInMethod: 'userBasic',
			username: JAMF_USER.user,
			password: JAMF_USER.password,
			signInParameters: '{}',
			tokenPath: 'token',
			expiresInPath: 'expires',
		}),
		apiPath: '/api/v1/auth',
		refreshes: false,
	},
	{
		provider: 'OpenStack Keystone',
		createFake: (lifetime) => new FakeKeystone(lifetime),
		fields: (url) => ({
			apiUrl: url,
			testPath: '/v3/auth/projects',
			signInUrl: `${url}/v3/auth/tokens`,
			signInFormat: 'json',
			username: KEYSTONE_USER.name,
			password: KEYSTONE_USER.password,
			usernameField: 'auth.identity.password.user.name',
			passwordField: 'auth.identity.password.user.password',
			signInParameters: JSON.stringify({
				auth: {
					identity: {
						methods: ['password'],
						password: { user: { domain: { name: KEYSTONE_USER.domain } } },
					},
				},
			}),
			answerPart: 'header',
			tokenPath: 'X-Subject-Token',
			expiresInPath: 'token.expires_at',
			headerName: 'X-Auth-Token',
			headerPrefix: '',
		}),
		apiPath: '/v3/auth/projects',
		refreshes: false,
	},
	{
		provider: 'VMware vCenter',
		createFake: (lifetime) => new FakeVCenter(lifetime),
		fields: (url, lifetime = 1800) => ({
			apiUrl: url,
			testPath: '/api/vcenter/vm',
			signInUrl: `${url}/api/session`,
			signInMethod: 'userBasic',
			username: VCENTER_USER.user,
			password: VCENTER_USER.password,
			signInParameters: '{}',
			answerPart: 'wholeBody',
			defaultLifetimeSeconds: lifetime,
			headerName: 'vmware-api-session-id',
			headerPrefix: '',
		}),
		apiPath: '/api/vcenter/vm',
		refreshes: false,
	},
	{
		provider: 'ArcGIS',
		createFake: (lifetime) => new FakeArcGis(lifetime),
		fields: (url) => ({
			apiUrl: url,
			testPath: '/sharing/rest/portals/self?f=json',
			signInUrl: `${url}/sharing/rest/generateToken`,
			username: ARCGIS_USER.username,
			password: ARCGIS_USER.password,
			signInParameters: '{"client": "requestip", "expiration": 60, "f": "json"}',
			tokenPath: 'token',
			expiresInPath: 'expires',
			sendAs: 'query',
			queryParameter: 'token',
		}),
		apiPath: '/sharing/rest/portals/self?f=json',
		refreshes: false,
	},
	{
		provider: 'Proxmox VE',
		createFake: (lifetime) => new FakeProxmox(lifetime),
		fields: (url, lifetime = 7200) => ({
			apiUrl: url,
			testPath: '/api2/json/version',
			signInUrl: `${url}/api2/json/access/ticket`,
			username: PROXMOX_USER.username,
			password: PROXMOX_USER.password,
			signInParameters: '{}',
			tokenPath: 'data.ticket',
			defaultLifetimeSeconds: lifetime,
			sendAs: 'cookie',
			cookieName: 'PVEAuthCookie',
		}),
		apiPath: '/api2/json/version',
		refreshes: false,
	},
	{
		provider: 'NetScaler NITRO',
		createFake: (lifetime) => new FakeNitro(lifetime),
		fields: (url, lifetime = 900) => ({
			apiUrl: url,
			testPath: '/nitro/v1/config/nsversion',
			signInUrl: `${url}/nitro/v1/config/login`,
			signInFormat: 'json',
			username: NITRO_USER.username,
			password: NITRO_USER.password,
			usernameField: 'login.username',
			passwordField: 'login.password',
			signInParameters: JSON.stringify({ login: { timeout: lifetime } }),
			answerPart: 'cookie',
			tokenPath: 'NITRO_AUTH_TOKEN',
			defaultLifetimeSeconds: lifetime,
			sendAs: 'cookie',
			cookieName: 'NITRO_AUTH_TOKEN',
		}),
		apiPath: '/nitro/v1/config/nsversion',
		refreshes: false,
	},
	{
		provider: 'Microsoft Entra ID',
		createFake: (lifetime) => new FakeEntra(lifetime),
		fields: (url) => ({
			apiUrl: url,
			testPath: '/v1.0/organization',
			signInUrl: `${url}/${ENTRA_APP.tenant}/oauth2/v2.0/token`,
			signInMethod: 'privateKeyJwt',
			clientId: ENTRA_APP.clientId,
			privateKey: ENTRA_APP.privateKeyPem,
			jwtThumbprint: ENTRA_APP.thumbprint,
			signInParameters:
				'{"grant_type": "client_credentials", "scope": "https://graph.microsoft.com/.default"}',
		}),
		apiPath: '/v1.0/organization',
		refreshes: false,
	},
	{
		provider: 'Google service account',
		createFake: (lifetime) => new FakeGoogleServiceAccount(lifetime),
		fields: (url) => ({
			apiUrl: url,
			testPath: '/storage/v1/b?project=demo-project',
			signInUrl: `${url}/token`,
			signInMethod: 'jwtBearer',
			privateKey: JSON.stringify({
				type: 'service_account',
				private_key_id: SERVICE_ACCOUNT.privateKeyId,
				private_key: SERVICE_ACCOUNT.privateKeyPem,
				client_email: SERVICE_ACCOUNT.clientEmail,
			}),
			jwtIssuer: SERVICE_ACCOUNT.clientEmail,
			jwtKeyId: SERVICE_ACCOUNT.privateKeyId,
			jwtClaims: JSON.stringify({ scope: SERVICE_ACCOUNT.scope }),
		}),
		apiPath: '/storage/v1/b?project=demo-project',
		refreshes: false,
	},
	{
		provider: 'GitHub App',
		createFake: (lifetime) => new FakeGitHubApp(lifetime),
		fields: (url) => ({
			apiUrl: url,
			testPath: '/installation/repositories',
			signInUrl: `${url}/app/installations/${GITHUB_APP.installationId}/access_tokens`,
			signInMethod: 'jwtAsBearer',
			privateKey: GITHUB_APP.privateKeyPem,
			jwtIssuer: GITHUB_APP.appId,
			signInParameters: '{}',
			tokenPath: 'token',
			expiresInPath: 'expires_at',
		}),
		apiPath: '/installation/repositories',
		refreshes: false,
	},
];
