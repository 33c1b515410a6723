import { blynk } from '../../package/credentials/providers/blynk';
import { DEMO_CLIENT, FakeBlynk, newDevice } from '../fakes/blynk';
import type { BlynkClient } from '../fakes/blynk';
import type { DemoProvider } from '../demo/providers';
import type { Recipe } from '../harness/tokenExchangeRecipes';
import type { EditorExample, FieldMistake, ListPaging, TriggerExample } from '.';
import type { ProviderRig } from '../harness/credentialRig';
import { demoRig, place } from '../harness/triggerCase';
import type { TriggerCase } from '../harness/triggerCase';
import type { ProviderE2e } from '../harness/providerE2e';
import type { IDataObject } from 'n8n-workflow';
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
	growingList: 'Blynk devices',
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

/** The node's list operation answers numbered pages; a full page means there may be another. */
export const listPaging: ListPaging = 'numbered';

const devices = (rig: ProviderRig) => (rig.fake as FakeBlynk).devices;

/** The Blynk Trigger's event. */
export const triggers: TriggerCase[] = [
	{
		name: 'Blynk: device added (with sub-organizations)',
		node: 'blynkTrigger',
		parameters: { event: 'device', options: { includeSubOrgDevices: true } },
		start: async () => await demoRig('blynkApi'),
		add: (rig, n, atStart) => place(devices(rig), newDevice(n, n % 2 ? 751 : 658), 'name', atStart),
		label: 'name',
		paged: false,
		list: devices,
		keyField: 'id',
		idField: 'id',
		paging: 'numbered',
		storedIds: 1,
	},
];

/** The trigger example the e2e triggers suite publishes (it includes sub-organizations' devices). */
export const triggerExamples: TriggerExample[] = [{ example: 'blynkTrigger', credential: 'demo' }];

/** In the editor, its trigger's Fetch Test Event gets a device. */
export const editorExample: EditorExample = {
	example: 'blynkTrigger',
	runs: [['Blynk Trigger', '1 item']],
};

const DEVICE_LIST = '/api/v1/organization/devices';
const DEVICE_FIELDS = ['id', 'name', 'orgId', 'templateId', 'ownerUserId', 'status', 'activatedAt'];
const rl = (mode: string, value: string) => ({ __rl: true, mode, value });
const list = (resource: string, operation: string, more: IDataObject = {}) => ({
	resource,
	operation,
	returnAll: true,
	...more,
});
const sensors = (count: number) => Array.from({ length: count }, (_, i) => `Sensor ${i + 1}`);
const pages = (path: string, count: number, size: number) =>
	Array.from(
		{ length: count },
		(_, page) => `${path}${path.includes('?') ? '&' : '?'}page=${page}&size=${size}`,
	);

/** What the Blynk node does beyond what every node does (test/integration/nodes.test.ts). */
export const nodeCases: NodeCases = {
	plainIds: [
		['organization', 'get', 'orgId', 'Organization ID', 'number'],
		['device', 'getAll', 'options.orgId', 'Organization ID', 'number'],
	],
	whoAmI: { json: { id: 658, name: 'Demo Organization' }, callsApi: true },
	operations: [
		{
			title: 'Device → Get Many with Return All fetches every page of 1000, and each device once',
			fake: () => new FakeBlynk({ deviceCount: 2100 }),
			parameters: list('device', 'getAll'),
			count: 2100,
			distinct: 'id',
			calls: pages(DEVICE_LIST, 3, 1000),
		},
		{
			title: 'Device → Get Many with a Limit asks for a page of that size and stops',
			parameters: list('device', 'getAll', { returnAll: false, limit: 3 }),
			names: sensors(3),
			calls: [`${DEVICE_LIST}?page=0&size=3`],
		},
		{
			title:
				'Device → Get Many stops at the last page when the organization has exactly a page of devices',
			fake: () => new FakeBlynk({ deviceCount: 1000 }),
			parameters: list('device', 'getAll'),
			count: 1000,
			calls: 1,
		},
		{
			title: 'Device → Get Many can include sub-organizations',
			parameters: list('device', 'getAll', { options: { includeSubOrgDevices: true } }),
			names: [...sensors(7), 'North Valve', 'South Valve'],
			calls: [`${DEVICE_LIST}?includeSubOrgDevices=true&page=0&size=1000`],
		},
		{
			title: 'Device → Get Many lists one sub-organization, its ID from the locator',
			parameters: list('device', 'getAll', { options: { orgId: rl('id', '752') } }),
			names: ['South Valve'],
			calls: [`${DEVICE_LIST}?orgId=752&page=0&size=1000`],
		},
		{
			title: 'Device → Get Many of a workflow saved with the number orgId (node version 1)',
			parameters: list('device', 'getAll', { options: { orgId: 751 } }),
			run: { typeVersion: 1 },
			names: ['North Valve'],
			calls: [`${DEVICE_LIST}?orgId=751&page=0&size=1000`],
		},
		{
			title: "Device → Get Many of an organization the client cannot see fails with Blynk's words",
			parameters: list('device', 'getAll', { options: { orgId: 900 } }),
			fails: {
				reason: 'api_error',
				says: /^Blynk request failed \(HTTP 404\): Organization is not found or you don't have access to it\. /,
			},
		},
		{
			title: 'Device → Search finds devices by name, simplified',
			parameters: list('device', 'search', { query: 'valve' }),
			names: ['North Valve', 'South Valve'],
			keys: DEVICE_FIELDS,
			calls: [`/api/v1/organization/search/devices?query=valve&page=0&size=1000`],
		},
		{
			title: "Device → Get from the list: the simple fields, never the device's token",
			parameters: { resource: 'device', operation: 'get', deviceId: rl('list', '2001') },
			json: { id: 2001, name: 'North Valve', orgId: 751 },
			keys: DEVICE_FIELDS,
			calls: ['/api/v1/organization/device?deviceId=2001'],
		},
		{
			title: 'Device → Get by ID, in full with Simplify off',
			parameters: {
				resource: 'device',
				operation: 'get',
				deviceId: rl('id', '1002'),
				simple: false,
			},
			json: {
				name: 'Sensor 3',
				token: 'device-token-1002',
				hardwareInfo: { boardType: 'ESP8266' },
			},
			calls: ['/api/v1/organization/device?deviceId=1002'],
		},
		{
			title: 'a workflow saved with node version 1 keeps the full devices',
			parameters: list('device', 'getAll', { returnAll: false, limit: 1 }),
			run: { typeVersion: 1 },
			json: { token: 'device-token-1000' },
		},
		{
			title:
				'User → Search pages by 100 (the documented maximum) and keeps the query on every page',
			fake: () => new FakeBlynk({ userCount: 250 }),
			parameters: list('user', 'search', { query: 'member' }),
			count: 250,
			distinct: 'email',
			calls: pages('/api/v1/organization/search/users?query=member', 3, 100),
		},
		{
			title: 'User → Search stops as soon as the Limit is reached',
			fake: () => new FakeBlynk({ userCount: 250 }),
			parameters: list('user', 'search', { query: 'example.com', returnAll: false, limit: 150 }),
			count: 150,
			calls: pages('/api/v1/organization/search/users?query=example.com', 2, 100),
		},
		{
			title:
				'User → Search stops at the page that reaches totalElements, even when that page is full',
			fake: () => new FakeBlynk({ userCount: 200 }),
			parameters: list('user', 'search', { query: 'member' }),
			count: 200,
			calls: 2,
		},
		{
			title: 'Organization → Get returns a sub-organization chosen from the list',
			parameters: { resource: 'organization', operation: 'get', orgId: rl('list', '751') },
			json: { id: 751, name: 'Greenhouse North', parentOrganizationId: 658 },
			calls: ['/api/v1/organization?orgId=751'],
		},
		{
			title: 'Organization → Get of a workflow saved with the number orgId (node version 1)',
			parameters: { resource: 'organization', operation: 'get', orgId: 752 },
			run: { typeVersion: 1 },
			names: ['Greenhouse South'],
			calls: ['/api/v1/organization?orgId=752'],
		},
		{
			title: 'Organization → Search finds sub-organizations',
			parameters: list('organization', 'search', { query: 'greenhouse' }),
			names: ['Greenhouse North', 'Greenhouse South'],
			calls: ['/api/v1/organization/search?query=greenhouse&page=0&size=100'],
		},
		{
			title: 'API Request calls any Organization API path, with its query',
			parameters: {
				resource: 'request',
				operation: 'send',
				method: 'GET',
				path: DEVICE_LIST,
				query: '{"size": 2}',
			},
			json: { totalElements: 7, content: [{ name: 'Sensor 1' }, { name: 'Sensor 2' }] },
			calls: [`${DEVICE_LIST}?size=2`],
		},
	],
	lists: [
		{
			title: 'devices by name and ID in pages of 100',
			fake: () => new FakeBlynk({ deviceCount: 150 }),
			method: 'searchDevices',
			pages: 2,
			count: 150,
			calls: pages(DEVICE_LIST, 2, 100),
		},
		{
			title: "devices searched with Blynk's device search",
			method: 'searchDevices',
			filter: 'valve',
			listed: ['North Valve (2001) = 2001', 'South Valve (2002) = 2002'],
			calls: ['/api/v1/organization/search/devices?query=valve&page=0&size=100'],
		},
		{
			title: "the client's own organization",
			method: 'searchOrganizations',
			listed: ['Demo Organization (658) = 658'],
			calls: ['/api/v1/organization/profile'],
		},
		{
			title: 'its sub-organizations searched',
			method: 'searchOrganizations',
			filter: 'greenhouse',
			listed: ['Greenhouse North (751) = 751', 'Greenhouse South (752) = 752'],
			calls: ['/api/v1/organization/search?query=greenhouse&page=0&size=100'],
		},
	],
};
