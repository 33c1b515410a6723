import { comm100 } from '../../package/credentials/providers/comm100';
import { DEMO_AGENT, FakeComm100, LOCKED_AGENT } from '../fakes/comm100';
import type { DemoProvider } from '../demo/providers';
import type { Recipe } from '../harness/tokenExchangeRecipes';
import type { ConsoleUrls, FieldMistake } from '.';
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
