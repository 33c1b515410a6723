import { DEMO_CLIENT, FakeBlynk } from '../fakes/blynk';
import { DEMO_AGENT, FakeComm100 } from '../fakes/comm100';
import { FakeCultureAmp } from '../fakes/cultureAmp';
import type { FakeProvider } from '../fakes/fakeProvider';
import type { TokenProvider } from '../../package/credentials/common/types';
import { blynk } from '../../package/credentials/providers/blynk';
import { comm100 } from '../../package/credentials/providers/comm100';
import { cultureAmp } from '../../package/credentials/providers/cultureAmp';
import { ourPeople } from '../../package/credentials/providers/ourPeople';
import { FakeOurPeople } from '../fakes/ourPeople';
import { chain, httpRequest, packageNode, start } from '../harness/workflows';
import type { CredentialRef, NodeSpec } from '../harness/workflows';

/**
 * What `npm start` sets up for each provider: its fake, on a fixed port so stored credentials
 * keep pointing at it across restarts, a demo credential, and a workflow that uses it.
 * Adding a provider to the demo is one entry here.
 */
export interface DemoProvider {
	name: string;
	/** The provider's declaration, whose credential this demo fills in. */
	provider: TokenProvider;
	port: number;
	/** Tokens live 120 s unless told otherwise. */
	createFake(tokenLifetimeSeconds?: number): FakeProvider;
	credential: CredentialRef;
	/** An authenticated GET any valid token may make (what the HTTP Request node calls). */
	apiPath: string;
	credentialData(fakeUrl: string): Record<string, unknown>;
	/** Starts with a manual trigger unless given another trigger (e.g. a webhook). */
	workflow(fakeUrl: string, trigger?: NodeSpec): object;
	/** Printed for the user: how to sign in, what to try. */
	notes: string;
}

const ourPeopleCredential: CredentialRef = {
	id: 'DemoOurPeople001',
	name: 'OurPeople (local demo)',
	type: 'ourPeopleApi',
};
const cultureAmpCredential: CredentialRef = {
	id: 'DemoCultureAmp01',
	name: 'Culture Amp (local demo)',
	type: 'cultureAmpApi',
};
const comm100Credential: CredentialRef = {
	id: 'DemoComm100Cred1',
	name: 'Comm100 (local demo)',
	type: 'comm100Api',
};
const blynkCredential: CredentialRef = {
	id: 'DemoBlynkCred001',
	name: 'Blynk.Cloud (local demo)',
	type: 'blynkApi',
};

export const demoProviders: DemoProvider[] = [
	{
		name: 'OurPeople',
		provider: ourPeople,
		port: 5801,
		createFake: (lifetime = 120) => new FakeOurPeople({ tokenLifetimeSeconds: lifetime }),
		credential: ourPeopleCredential,
		apiPath: '/v1/users',
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
					resource: 'user',
					operation: 'getAll',
					returnAll: true,
				}),
				httpRequest('HTTP Request', ourPeopleCredential, `${url}/v1/users`),
			]),
		notes: 'client id demo-client, secret demo-secret-0123456789; tokens live 120 s',
	},
	{
		name: 'Culture Amp',
		provider: cultureAmp,
		port: 5802,
		createFake: (lifetime = 120) => new FakeCultureAmp({ tokenLifetimeSeconds: lifetime }),
		credential: cultureAmpCredential,
		apiPath: '/v1/employees',
		credentialData: (url) => ({
			baseUrl: url,
			clientId: 'demo-client',
			clientSecret: 'demo-secret-0123456789',
			entityId: '8ed17dce-9eca-4383-a9e1-54f82c362b6d',
			// demo-client has no demographics permission: User Info shows it was not granted.
			permissions: ['employees-read', 'performance-evaluations-read', 'employee-demographics-read'],
			credentialLocation: 'body',
		}),
		workflow: (url, trigger = start) =>
			chain('DemoCultureAmpFlow', 'Culture Amp demo', [
				trigger,
				packageNode('Who Am I', 'cultureAmp', cultureAmpCredential, {
					resource: 'userInfo',
					operation: 'get',
				}),
				packageNode('Employees', 'cultureAmp', cultureAmpCredential, {
					resource: 'employee',
					operation: 'getAll',
					returnAll: true,
				}),
				packageNode('Performance Cycles', 'cultureAmp', cultureAmpCredential, {
					resource: 'performanceCycle',
					operation: 'getAll',
					returnAll: true,
				}),
				httpRequest('HTTP Request', cultureAmpCredential, `${url}/v1/employees`),
			]),
		notes:
			'client id demo-client, secret demo-secret-0123456789; granted employees-read and performance-evaluations-read only; 5 employees, 2 per page; tokens live 120 s',
	},
	{
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
		notes: `partner ${DEMO_AGENT.partnerId}, ${DEMO_AGENT.email} / ${DEMO_AGENT.password}; locked@example.com is locked; tokens live 120 s`,
	},
	{
		name: 'Blynk.Cloud',
		provider: blynk,
		port: 5804,
		createFake: (lifetime = 120) => new FakeBlynk({ tokenLifetimeSeconds: lifetime }),
		credential: blynkCredential,
		apiPath: '/api/v1/organization/profile',
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
					resource: 'device',
					operation: 'getAll',
					returnAll: true,
					options: { includeSubOrgDevices: true },
				}),
				httpRequest('HTTP Request', blynkCredential, `${url}/api/v1/organization/profile`),
			]),
		notes: `client id ${DEMO_CLIENT.id}, secret ${DEMO_CLIENT.secret}; tokens live 120 s`,
	},
];

export interface RunningDemo {
	provider: DemoProvider;
	fake: FakeProvider;
	url: string;
}

export async function startFakes(): Promise<RunningDemo[]> {
	return await Promise.all(
		demoProviders.map(async (provider) => {
			const fake = provider.createFake();
			const url = await fake.start(provider.port);
			return { provider, fake, url };
		}),
	);
}
