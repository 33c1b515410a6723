import type { FakeProvider } from '../fakes/fakeProvider';
import type { TokenProvider } from '../../package/credentials/common/types';
import type { CredentialRef, NodeSpec } from '../harness/workflows';
import { providerFixtures } from '../providers';

/**
 * What `npm start` sets up for each provider: its fake, on a fixed port so stored credentials
 * keep pointing at it across restarts, a demo credential, and a workflow that uses it.
 * Each provider's entry lives in its file in test/providers/.
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
	/** A list operation of the provider's node, where it has one (the demo runs it; the agent suite offers it as a tool). */
	listOperation?: { resource: string; operation: string };
	credentialData(fakeUrl: string): Record<string, unknown>;
	/** Starts with a manual trigger unless given another trigger (e.g. a webhook). */
	workflow(fakeUrl: string, trigger?: NodeSpec): object;
	/** Printed for the user: how to sign in, what to try. */
	notes: string;
	/**
	 * Adds the n-th new record to the list the provider's trigger watches (n from 1; each newer
	 * than the one before) and returns its id: what `npm start` adds every minute, so that a
	 * published trigger example has something to emit.
	 */
	newRecord?(fake: FakeProvider, n: number): string;
	/** The list `newRecord` adds to, as the user knows it (e.g. "Acme widgets"): `npm start` says it grows. */
	growingList?: string;
}

/** What `npm start` says grows every minute, e.g. "the A users, B employees and C devices". */
export function growingLists(demos: DemoProvider[]): string | undefined {
	const lists = demos.flatMap((demo) => (demo.growingList ? [demo.growingList] : []));
	if (!lists.length) return undefined;
	const last = lists.pop()!;
	return `the ${lists.length ? `${lists.join(', ')} and ${last}` : last}`;
}

/** One entry per file in test/providers/. */
export const demoProviders: DemoProvider[] = providerFixtures.map((fixture) => fixture.demo);

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

/**
 * The demo's new record of minute `now` in each list a trigger watches. Numbered by the minute
 * since 2025, so a record added after a restart (the fakes start afresh) is still newer than
 * any a trigger saw before it.
 */
export function addDemoRecords(demos: RunningDemo[], now = Date.now()): string[] {
	const n = Math.floor((now - Date.UTC(2025, 0, 1)) / 60_000);
	return demos.flatMap(({ provider, fake }) =>
		provider.newRecord ? [provider.newRecord(fake, n)] : [],
	);
}
