import { blynk } from '../../package/credentials/providers/blynk';
import { DEMO_CLIENT, FakeBlynk, newDevice } from '../fakes/blynk';
import type { BlynkClient } from '../fakes/blynk';
import type { DemoProvider } from '../demo/providers';
import type { Recipe } from '../harness/tokenExchangeRecipes';
import type { FieldMistake } from '.';
import type { ProviderE2e } from '../harness/providerE2e';
import type { NodeCases } from '../integration/nodeCases';
import { chain, httpRequest, packageNode, start } from '../harness/workflows';
import type { CredentialRef } from '../harness/workflows';

const blynkCredential: CredentialRef = {
	id: 'DemoBlynkCred001',
	name: 'Blynk.Cloud (local demo)',
	type: 'blynkApi',
};

/** What `npm start` sets up: the fake on a fixed port, a demo credential and workflow. */
export const demo: DemoProvider = {
	name: 'Blynk.Cloud',
	provider: blynk,
	port: 5804,
	createFake: (lifetime = 120) => new FakeBlynk({ tokenLifetimeSeconds: lifetime }),
	credential: blynkCredential,
	apiPath: '/api/v1/organization/profile',
	listOperation: { resource: 'device', operation: 'getAll' },
	// Every second device in a sub-organization (the trigger example includes them).
	newRecord: (fake, n) => {
		const device = newDevice(n, n % 2 ? DEMO_CLIENT.orgId : 751);
		(fake as FakeBlynk).devices.push(device);
		return String(device.id);
	},
	credentialData: (url) => ({
		server: 'custom',
		customServer: url,
		clientId: DEMO_CLIENT.id,
		clientSecret: DEMO_CLIENT.secret,
		credentialLocation: 'header',
	}),
	workflow: (url, trigger = start) =>
		chain('DemoBlynkFlow001', 'Blynk.Cloud demo', [
			trigger,
			packageNode('Who Am I', 'blynk', blynkCredential, {
				resource: 'userInfo',
				operation: 'get',
			}),
			packageNode('Devices', 'blynk', blynkCredential, {
				...demo.listOperation,
				returnAll: true,
				options: { includeSubOrgDevices: true },
			}),
			httpRequest('HTTP Request', blynkCredential, `${url}/api/v1/organization/profile`),
		]),
	notes: `client id ${DEMO_CLIENT.id}, secret ${DEMO_CLIENT.secret}; tokens live 120 s`,
};

/** The Token Exchange credential filled in to sign in to this provider. */
export const recipe: Recipe = {
	provider: 'Blynk',
	createFake: (lifetime) => new FakeBlynk({ tokenLifetimeSeconds: lifetime }),
	fields: (url) => ({
		apiUrl: url,
		testPath: '/api/v1/organization/profile',
		signInUrl: `${url}/oauth2/token`,
		clientAuthentication: 'basic',
		clientId: DEMO_CLIENT.id,
		clientSecret: DEMO_CLIENT.secret,
		signInParameters: '{}',
		signInQuery: '{"grant_type": "client_credentials"}',
		refreshUrl: `${url}/oauth2/token`,
		refreshLocation: 'query',
		refreshParameters: '{"grant_type": "refresh_token"}',
	}),
	apiPath: '/api/v1/organization/profile',
	refreshes: true,
};

/** Mistakes only Blynk's fields allow. */
export const badInput: FieldMistake[] = [
	['server', 'europe', /choose a Server \(one of blynk\.cloud, fra1\.blynk\.cloud/],
];

// Secrets with characters that URL-, form- and qs-encoding each treat differently.
const headerClient: BlynkClient = {
	id: 'oa2-client-id_e2e-header',
	secret: 'Header/Secret+1!~(a) b',
	orgId: 658,
};
const queryClient: BlynkClient = {
	id: 'oa2-client-id_e2e-query',
	secret: 'Query/Secret+2!~(a) b',
	orgId: 658,
};
/** More devices than one page holds (at most 1000). */
const DEVICES = 1200;
const e2eFields = (client: BlynkClient, location: string, customServer: string) => ({
	server: 'custom',
	customServer,
	clientId: client.id,
	clientSecret: client.secret,
	credentialLocation: location,
});

/** What the real-n8n suite checks of Blynk.Cloud (test/e2e/providers.test.ts). */
export const e2e: ProviderE2e = {
	createFake: (lifetime) =>
		new FakeBlynk({
			tokenLifetimeSeconds: lifetime,
			clients: [headerClient, queryClient],
			deviceCount: DEVICES,
		}),
	credentials: [
		{
			label: 'Blynk (header)',
			fields: (url) => e2eFields(headerClient, 'header', `${url}/`),
			basicAuth: true,
			whoAmI: { id: 658, name: 'Demo Organization' },
			apiCalls: 12,
		},
		{
			label: 'Blynk (query)',
			fields: (url) => e2eFields(queryClient, 'query', url),
			basicAuth: false,
			whoAmI: { id: 658, name: 'Demo Organization' },
			listed: DEVICES,
			apiCalls: 14,
		},
	],
	failures: [
		{
			label: 'a wrong secret in query mode',
			fields: {
				clientId: queryClient.id,
				clientSecret: 'Wrong/Query+Secret!~(3) c',
				credentialLocation: 'query',
			},
			says: /^Blynk sign-in failed \(HTTP 401\): Client ID is not found or password is wrong\. - invalid_client\. Check the Client ID and Client Secret/,
			reason: 'sign_in_rejected',
			seen: ['sign-in 401'],
		},
	],
};
