import type { FakeProvider } from '../fakes/fakeProvider';
import { FakeOurPeople } from '../fakes/ourPeople';
import { chain, httpRequest, packageNode, start } from '../harness/workflows';
import type { CredentialRef } from '../harness/workflows';

/**
 * What `npm start` sets up for each provider: its fake, on a fixed port so stored credentials
 * keep pointing at it across restarts, a demo credential, and a workflow that uses it.
 * Adding a provider to the demo is one entry here.
 */
export interface DemoProvider {
	name: string;
	port: number;
	createFake(): FakeProvider;
	credential: CredentialRef;
	credentialData(fakeUrl: string): Record<string, string>;
	workflow(fakeUrl: string): object;
	/** Printed for the user: how to sign in, what to try. */
	notes: string;
}

const ourPeopleCredential: CredentialRef = { id: 'DemoOurPeople001', name: 'OurPeople (local demo)', type: 'ourPeopleApi' };

export const demoProviders: DemoProvider[] = [
	{
		name: 'OurPeople',
		port: 5801,
		createFake: () => new FakeOurPeople({ tokenLifetimeSeconds: 120 }),
		credential: ourPeopleCredential,
		credentialData: (url) => ({ apiUrl: url, clientId: 'demo-client', clientSecret: 'demo-secret-0123456789' }),
		workflow: (url) =>
			chain('DemoOurPeopleFlow', 'OurPeople demo', [
				start,
				packageNode('Who Am I', 'ourPeople', ourPeopleCredential, { resource: 'userInfo', operation: 'get' }),
				packageNode('Users', 'ourPeople', ourPeopleCredential, { resource: 'user', operation: 'getAll', returnAll: true }),
				httpRequest('HTTP Request', ourPeopleCredential, `${url}/v1/users`),
			]),
		notes: 'client id demo-client, secret demo-secret-0123456789; tokens live 120 s',
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
