import { comm100 } from '../../package/credentials/providers/comm100';
import { DEMO_AGENT, FakeComm100, LOCKED_AGENT } from '../fakes/comm100';
import type { Comm100Agent } from '../fakes/comm100';
import type { DemoProvider } from '../demo/providers';
import type { Recipe } from '../harness/tokenExchangeRecipes';
import type { ConsoleUrls, FieldMistake } from '.';
import type { ProviderE2e } from '../harness/providerE2e';
import type { NodeCases } from '../integration/nodeCases';
import { chain, httpRequest, packageNode, start } from '../harness/workflows';
import type { CredentialRef } from '../harness/workflows';

const comm100Credential: CredentialRef = {
	id: 'DemoComm100Cred1',
	name: 'Comm100 (local demo)',
	type: 'comm100Api',
};

/** What `npm start` sets up: the fake on a fixed port, a demo credential and workflow. */
export const demo: DemoProvider = {
	name: 'Comm100',
	provider: comm100,
	port: 5803,
	createFake: (lifetime = 120) => new FakeComm100({ tokenLifetimeSeconds: lifetime }),
	credential: comm100Credential,
	apiPath: '/oauth/userinfo',
	credentialData: (url) => ({
		baseUrl: url,
		partnerId: DEMO_AGENT.partnerId,
		clientId: DEMO_AGENT.clientIds[0],
		email: DEMO_AGENT.email,
		password: DEMO_AGENT.password,
	}),
	workflow: (url, trigger = start) =>
		chain('DemoComm100Flow1', 'Comm100 demo', [
			trigger,
			packageNode('Who Am I', 'comm100', comm100Credential, {
				resource: 'userInfo',
				operation: 'get',
			}),
			httpRequest('HTTP Request', comm100Credential, `${url}/oauth/userinfo`),
		]),
	notes: `partner ${DEMO_AGENT.partnerId}, client id ${DEMO_AGENT.clientIds[0]}, ${DEMO_AGENT.email} / ${DEMO_AGENT.password}; ${LOCKED_AGENT.email} / ${LOCKED_AGENT.password} is locked; tokens live 120 s`,
};

/** The Token Exchange credential filled in to sign in to this provider. */
export const recipe: Recipe = {
	provider: 'Comm100',
	createFake: (lifetime) => new FakeComm100({ tokenLifetimeSeconds: lifetime }),
	fields: (url) => ({
		apiUrl: url,
		testPath: '/oauth/userinfo',
		signInUrl: `${url}/oauth/token`,
		signInFormat: 'form',
		clientAuthentication: 'body',
		clientId: DEMO_AGENT.clientIds[0],
		username: DEMO_AGENT.email,
		password: DEMO_AGENT.password,
		usernameField: 'email',
		signInParameters: '{"grant_type": "password"}',
		signInQuery: JSON.stringify({ partnerId: DEMO_AGENT.partnerId }),
	}),
	apiPath: '/oauth/userinfo',
	refreshes: false,
};

/** Mistakes only Comm100's fields allow. */
export const badInput: FieldMistake[] = [
	[
		'partnerId',
		'',
		/enter the Partner ID \(the ID of your Comm100 partner account, e\.g\. 10000\)/,
	],
	['partnerId', 'partnerId=10000', /Partner ID must be the ID alone, e\.g\. 10000/],
	[
		'baseUrl',
		'https://dash11.comm100.io',
		/Control Panel or web site, not its API: enter https:\/\/partner\.comm100\.io/,
	],
];

export const consoleUrls: ConsoleUrls = {
	field: 'baseUrl',
	otherFields: { partnerId: '10000', clientId: 'id', email: 'a@b.co', password: 'pw' },
	api: ['https://partner.comm100.io', 'https://api11.comm100.io'],
	consoles: [
		['https://dash12.comm100.io', 'enter https://partner.comm100.io as the API Host'],
		['https://www.comm100.com', 'enter https://partner.comm100.io as the API Host'],
	],
};

// A password with characters that URL-, form- and JSON-encoding each treat differently.
const e2eAgent: Comm100Agent = {
	...DEMO_AGENT,
	email: 'e2e.agent@company.test',
	password: 'E2e pa55&word=+%/~!',
};
const e2eLocked: Comm100Agent = {
	...e2eAgent,
	email: 'e2e.locked@company.test',
	agentId: 'locked-agent',
	locked: true,
};

/** What the real-n8n suite checks of Comm100 (test/e2e/providers.test.ts). */
export const e2e: ProviderE2e = {
	createFake: (lifetime) =>
		new FakeComm100({ tokenLifetimeSeconds: lifetime, agents: [e2eAgent, e2eLocked] }),
	credentials: [
		{
			label: 'Comm100',
			fields: (url) => ({
				baseUrl: `${url}/`,
				partnerId: e2eAgent.partnerId,
				clientId: e2eAgent.clientIds[0],
				email: e2eAgent.email,
				password: e2eAgent.password,
			}),
			whoAmI: { agentId: e2eAgent.agentId, siteId: e2eAgent.siteId, role: e2eAgent.role },
			apiCalls: 12,
		},
	],
	failures: [
		{
			label: 'a wrong password',
			fields: { password: 'Wr0ng pa55&word=+%' },
			says: /^Comm100 sign-in failed \(HTTP 400\): Invalid email or password - invalid_grant\. Check the email and password you sign in to Comm100 with\./,
			reason: 'sign_in_rejected',
			seen: ['sign-in 400'],
		},
		{
			label: 'an unknown partner',
			fields: { partnerId: '99999' },
			says: /^Comm100 sign-in failed \(HTTP 400\): Partner 99999 does not exist - invalid_request\. (.* )?Check the Partner ID/,
			reason: 'sign_in_rejected',
			seen: ['sign-in 400'],
		},
		{
			label: 'a locked account',
			fields: { email: e2eLocked.email },
			says: /^Comm100 sign-in failed \(HTTP 400\): The account is locked - invalid_grant\. (.* )?The Comm100 account is locked: have it unlocked in Comm100/,
			reason: 'sign_in_rejected',
			seen: ['sign-in 400'],
		},
	],
};

/** What the Comm100 node does beyond what every node does (test/integration/nodes.test.ts). */
export const nodeCases: NodeCases = {
	whoAmI: {
		json: { agentId: DEMO_AGENT.agentId, siteId: DEMO_AGENT.siteId, role: 'AGENT' },
		callsApi: true,
		hides: [DEMO_AGENT.email],
	},
	operations: [
		{
			title: 'API Request takes a path without its slash, and sends its query',
			parameters: {
				resource: 'request',
				operation: 'send',
				method: 'GET',
				path: 'oauth/userinfo',
				query: '{"siteId": 10115}',
			},
			json: { agentId: DEMO_AGENT.agentId, siteId: 10115, role: 'AGENT' },
			calls: ['/oauth/userinfo?siteId=10115'],
		},
	],
};
