import { ourPeople } from '../../package/credentials/providers/ourPeople';
import { FakeOurPeople } from '../fakes/ourPeople';
import type { DemoProvider } from '../demo/providers';
import type { Recipe } from '../harness/tokenExchangeRecipes';
import type { ConsoleUrls, EditorExample, FieldMistake, ListPaging, TriggerExample } from '.';
import type { ProviderRig } from '../harness/credentialRig';
import { demoRig, place } from '../harness/triggerCase';
import type { TriggerCase } from '../harness/triggerCase';
import type { ProviderE2e } from '../harness/providerE2e';
import type { NodeCases } from '../integration/nodeCases';
import { chain, httpRequest, packageNode, start } from '../harness/workflows';
import type { CredentialRef } from '../harness/workflows';

const ourPeopleCredential: CredentialRef = {
	id: 'DemoOurPeople001',
	name: 'OurPeople (local demo)',
	type: 'ourPeopleApi',
};

/** What `npm start` sets up: the fake on a fixed port, a demo credential and workflow. */
export const demo: DemoProvider = {
	name: 'OurPeople',
	provider: ourPeople,
	port: 5801,
	createFake: (lifetime = 120) => new FakeOurPeople({ tokenLifetimeSeconds: lifetime }),
	credential: ourPeopleCredential,
	apiPath: '/v1/users',
	listOperation: { resource: 'user', operation: 'getAll' },
	growingList: 'OurPeople users',
	newRecord: (fake, n) => {
		const id = `new-user-${n}`;
		(fake as FakeOurPeople).users.push({ id, name: `User ${n}`, email: `user${n}@example.com` });
		return id;
	},
	credentialData: (url) => ({
		apiUrl: url,
		clientId: 'demo-client',
		clientSecret: 'demo-secret-0123456789',
	}),
	workflow: (url, trigger = start) =>
		chain('DemoOurPeopleFlow', 'OurPeople demo', [
			trigger,
			packageNode('Who Am I', 'ourPeople', ourPeopleCredential, {
				resource: 'userInfo',
				operation: 'get',
			}),
			packageNode('Users', 'ourPeople', ourPeopleCredential, {
				...demo.listOperation,
				returnAll: true,
			}),
			httpRequest('HTTP Request', ourPeopleCredential, `${url}/v1/users`),
		]),
	notes: 'client id demo-client, secret demo-secret-0123456789; tokens live 120 s',
};

/** n8n's editor gives the HTTP Request node its credential when its panel opens. */
export const editorExample: EditorExample = {
	example: 'ourPeople',
	canvas: ['Get token user info', 'Get many users'],
	runs: [['Who Am I'], ['HTTP Request', '2 items']],
};

/** The Token Exchange credential filled in to sign in to this provider. */
export const recipe: Recipe = {
	provider: 'OurPeople',
	createFake: (lifetime) => new FakeOurPeople({ tokenLifetimeSeconds: lifetime }),
	fields: (url) => ({
		apiUrl: url,
		testPath: '/v1/users',
		signInUrl: `${url}/v1/auth`,
		signInFormat: 'json',
		clientAuthentication: 'body',
		clientId: 'demo-client',
		clientSecret: 'demo-secret-0123456789',
		clientIdField: 'id',
		clientSecretField: 'secret',
		signInParameters: '{}',
		tokenPath: 'token',
		refreshUrl: `${url}/v1/auth/refresh`,
		refreshFormat: 'json',
		refreshParameters: '{}',
	}),
	apiPath: '/v1/users',
	refreshes: true,
};

/** Mistakes only OurPeople's fields allow. */
export const badInput: FieldMistake[] = [
	[
		'apiUrl',
		'https://example.ourpeople.co',
		/OurPeople console, not of its API: enter https:\/\/example-api\.ourpeople\.co/,
	],
];

export const consoleUrls: ConsoleUrls = {
	field: 'apiUrl',
	otherFields: { clientId: 'id', clientSecret: 'secret' },
	api: ['https://example-api.ourpeople.co', 'https://api.example.com'],
	consoles: [
		['https://Example.ourpeople.co/login', 'enter https://example-api.ourpeople.co as the API URL'],
	],
};

/** What the real-n8n suite checks of OurPeople (test/e2e/providers.test.ts). */
export const e2e: ProviderE2e = {
	credentials: [
		{
			label: 'OurPeople',
			// An API URL pasted with a path: the credential goes by its host.
			fields: (url) => demo.credentialData(`${url}/some/path/`),
			whoAmI: { claims: { sub: 'demo-client' } },
			listed: ['Ada Lovelace', 'Grace Hopper'],
			apiCalls: 12,
		},
	],
	failures: [
		{
			label: 'a wrong secret',
			fields: { clientSecret: 'not-the-secret-42' },
			says: /^OurPeople sign-in failed \(HTTP 401\): Invalid client id or secret\. Check the Client ID and Client Secret OurPeople supplied, and that the API URL is your account's API endpoint \(e\.g\. https:\/\/example-api\.ourpeople\.co\)\.$/,
			reason: 'sign_in_rejected',
			seen: ['sign-in 401'],
		},
		{
			label: 'a wrong token path',
			tokenExchange: true,
			fields: { tokenPath: 'access_token' },
			// The keys the answer had, never their values.
			says: /^Token Exchange sign-in failed: the answer has no "access_token" \(it has: token, refresh_token\)\. The token looks like it is at "token": set the token path to that\.$/,
			reason: 'token_endpoint_unavailable',
			seen: ['sign-in 200'],
		},
	],
};

/** The node's list operation gets the whole list in one answer. */
export const listPaging: ListPaging = 'one page';

const users = (rig: ProviderRig) => (rig.fake as FakeOurPeople).users;

/** The OurPeople Trigger's event. */
export const triggers: TriggerCase[] = [
	{
		name: 'OurPeople: user added',
		node: 'ourPeopleTrigger',
		parameters: { event: 'user' },
		start: async () => await demoRig('ourPeopleApi'),
		// Ids that sort downwards: a new user is one the list did not have, in list order.
		add: (rig, n) =>
			place(
				users(rig),
				{
					id: `${String.fromCharCode(122 - n)}-user`,
					name: `User ${n}`,
					email: `u${n}@example.com`,
				},
				'name',
			),
		label: 'name',
		paged: false,
		list: users,
		idField: 'id',
		// New by id alone: the state keeps the ids of the list (2 users, then 5 more).
		storedIds: 7,
	},
];

/** The trigger example the e2e triggers suite publishes. */
export const triggerExamples: TriggerExample[] = [
	{ example: 'ourPeopleTrigger', credential: 'demo' },
];

/** What the OurPeople node does beyond what every node does (test/integration/nodes.test.ts). */
export const nodeCases: NodeCases = {
	whoAmI: { json: { claims: { sub: 'demo-client', name: 'Demo Integration' } }, callsApi: false },
	operations: [
		{
			title: 'User → Get Many lists the users',
			parameters: { resource: 'user', operation: 'getAll', returnAll: true },
			names: ['Ada Lovelace', 'Grace Hopper'],
			calls: ['/v1/users'],
		},
	],
};
