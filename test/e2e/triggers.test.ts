import type { Fault, FakeProvider, LoggedRequest } from '../fakes/fakeProvider';
import { providerFixtures } from '../providers';
import { credentialTypeOf, readExample, withCredentials } from '../harness/examples';
import { DURABLE_SCHEDULER_ENV, RealN8n } from '../harness/realN8n';
import type { StoredExecution } from '../harness/realN8n';
import { credentialExport } from '../harness/workflows';
import type { CredentialRef } from '../harness/workflows';

/**
 * The trigger workflows in examples/ (`<trigger>.json`), imported into a real n8n 2.41.1 as
 * shipped with the user's credential filled in as n8n's editor does on import (a poll every
 * minute at a second n8n picks at random on each activation), published and left running:
 * records are added to the fakes between polls, and n8n is stopped and started again once while
 * the provider is down.
 * Two n8n run side by side through the same minutes, each with its own fakes: one on n8n's
 * default poll engine, one on its durable scheduler with durable poll cursors (a new poll
 * context per tick, the trigger's state saved by n8n's cursor commit; its jobs outlive a
 * restart, so no poll on activation when n8n starts again).
 * Asserted from the executions n8n stored and the fakes' logs. Tokens live 40 s, less than a
 * poll interval: every scheduled poll has to renew its token (by a refresh that rotates the
 * refresh token where the provider's recipe `refreshes`, else by signing in). The examples and
 * their credentials come from the provider fixtures' `triggerExamples`.
 */
jest.setTimeout(12 * 60_000);

const LIFETIME_SECONDS = 40;
const MINUTE = 60_000;
const OUTAGE: Fault = { type: 'status', status: 503, body: { message: 'Service unavailable' } };

/** How an n8n of the run schedules polls, and what it was told to do so. */
interface Engine {
	name: 'default' | 'durable';
	port: number;
	env: Record<string, string>;
	n8n?: RealN8n;
	/** When each start of n8n began: a poll soon after one is the first poll of that start. */
	starts: number[];
}

const engines: Engine[] = [
	{ name: 'default', port: 5720, env: {}, starts: [] },
	{ name: 'durable', port: 5725, env: DURABLE_SCHEDULER_ENV, starts: [] },
];

interface Subject {
	/** The n8n that runs it. */
	engine: Engine;
	/** The example's file name in examples/, without `.json`. */
	example: string;
	text: string;
	/** The trigger node and the node it feeds, by name. */
	trigger: string;
	then: string;
	workflowId: string;
	/** The user's credential for the example's trigger, filled in for the fake at `url`. */
	credential: CredentialRef;
	credentialData(url: string): Record<string, unknown>;
	fake: FakeProvider;
	/** Whether the provider hands out refresh tokens, each spent once (else it signs in again). */
	rotates: boolean;
	/** Adds record n to the fake's list and returns its id. */
	add(n: number): string;
	/** The ids added for each successful poll to emit, batch by batch. */
	batches: string[][];
	/** What the next polls find, one entry per poll, taken as the poll asks for its first page. */
	plans: Plan[];
	/** Where each poll's first page request is in the fake's log. */
	firstPages: number[];
}

/**
 * What a poll finds: records added just before it reads the list (`sameBatch`: emitted with the
 * records added before), or the list answering HTTP 503.
 */
interface Plan {
	add?: number;
	sameBatch?: boolean;
	fail?: boolean;
}

function subject<F extends FakeProvider>(
	engine: Engine,
	example: string,
	fake: F,
	credentialData: (url: string) => Record<string, unknown>,
	rotates: boolean,
	add: (fake: F, n: number) => string,
): Subject {
	const { text, workflow } = readExample(example);
	const [trigger, then] = workflow.nodes;
	const type = credentialTypeOf(trigger)!;
	const id = (suffix: string) => `${example}${suffix}`.slice(0, 16).padEnd(16, '0');
	const s: Subject = {
		engine,
		example,
		text,
		trigger: trigger.name,
		then: then.name,
		workflowId: id('E2e'),
		credential: { id: id('Cred'), name: `${example} credential`, type },
		credentialData,
		fake,
		rotates,
		add: (n) => add(fake, n),
		batches: [],
		plans: [],
		firstPages: [],
	};
	fake.apiFault = (request) => {
		const firstPage = !request.query.has('cursor') && (request.query.get('page') ?? '0') === '0';
		if (!firstPage) return undefined;
		// Not answered yet: it goes into the log at this index.
		s.firstPages.push(fake.log.length);
		const plan = s.plans.shift() ?? {};
		if (plan.add) addRecords(s, plan.add, plan.sameBatch);
		return plan.fail ? OUTAGE : undefined;
	};
	return s;
}

/**
 * Each provider fixture's trigger examples (`triggerExamples` in test/providers/<provider>.ts),
 * fed records as `npm start` adds them to the demo's list; filled in with the demo's credential
 * or the Token Exchange credential as the fixture's recipe says.
 */
const subjectsOn = (engine: Engine): Subject[] =>
	providerFixtures.flatMap(({ demo, recipe, triggerExamples = [] }) =>
		triggerExamples.map(({ example, credential }) =>
			subject(
				engine,
				example,
				(credential === 'recipe' ? recipe : demo).createFake(LIFETIME_SECONDS),
				credential === 'recipe' ? recipe.fields : demo.credentialData,
				recipe.refreshes,
				(fake, n) => demo.newRecord!(fake, n),
			),
		),
	);
const subjects = engines.flatMap(subjectsOn);

const executions = new Map<Subject, StoredExecution[]>();
let elapsedMs = 0;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(ms, 0)));

/** A trigger's requests split into polls: each from its token call, if any, and first page. */
function pollsOf(s: Subject): LoggedRequest[][] {
	const { log } = s.fake;
	const starts = s.firstPages.map((index) => {
		let start = index;
		while (start > 0 && log[start - 1].kind !== 'api') start--;
		return start;
	});
	return starts.map((start, k) => log.slice(start, starts[k + 1] ?? log.length));
}

/** Waits until `s` has made `count` polls and the last of them is over. */
async function pollsDone(s: Subject, count: number): Promise<void> {
	const deadline = Date.now() + 4 * MINUTE;
	for (;;) {
		const { firstPages } = s;
		const { log } = s.fake;
		const last = log.at(-1);
		const over =
			firstPages.length > count ||
			(firstPages.length === count &&
				log.length > firstPages[count - 1] &&
				Date.now() - last!.at > 2_000);
		if (over) return;
		if (Date.now() > deadline)
			throw new Error(`${s.trigger} made ${firstPages.length} of ${count} polls in 4 min`);
		await sleep(250);
	}
}

/** Adds `count` records to the list of `s`, for its next successful poll to emit. */
function addRecords(s: Subject, count: number, sameBatch = false): void {
	const first = s.batches.flat().length + 1;
	const ids = Array.from({ length: count }, (_, i) => s.add(first + i));
	if (sameBatch && s.batches.length) s.batches.at(-1)!.push(...ids);
	else s.batches.push(ids);
}

/**
 * Waits until no trigger of `engine` polled in the last 3 s or polls in the next 8 s: each polls
 * at its own second of the minute, that of its last poll. (Per n8n: the windows of the
 * triggers of both could cover the whole minute.)
 */
async function noPollNear(engine: Engine): Promise<void> {
	const mine = subjects.filter((s) => s.engine === engine);
	const seconds = mine.map((s) => s.fake.log[s.firstPages.at(-1)!].receivedAt % MINUTE);
	const near = (t: number) =>
		seconds.some((at) => {
			const ahead = (at - (t % MINUTE) + MINUTE) % MINUTE;
			return ahead < 8_000 || ahead > MINUTE - 3_000;
		});
	let t = Date.now();
	while (near(t)) t += 1_000;
	await sleep(t - Date.now());
}

/** Starts every n8n; their polls follow the plans. */
async function start(): Promise<void> {
	await Promise.all(
		engines.map(async (engine) => {
			engine.starts.push(Date.now());
			await engine.n8n!.start();
		}),
	);
}

/**
 * The first poll of each start of n8n: on the default engine, the poll on activation; on the
 * durable scheduler, the poll on activation when n8n starts with its jobs not yet made (the
 * first start), else its first scheduled poll.
 */
function firstPolls(s: Subject): Array<LoggedRequest[] | undefined> {
	const polls = pollsOf(s);
	return s.engine.starts.map((at) => polls.find((poll) => poll[0].receivedAt > at));
}
const tokenCalls = (s: Subject) => s.fake.log.filter((e) => e.kind !== 'api');

/** The items a node of a stored execution put out. */
function output(execution: StoredExecution, node: string) {
	return execution.data.resultData.runData[node]?.[0]?.data?.main?.[0] ?? [];
}
/** The ids each execution emitted, in order. */
const emitted = (execution: StoredExecution, s: Subject) =>
	output(execution, s.trigger).map((item) => String(item.json.id));

beforeAll(async () => {
	const urls = new Map(
		await Promise.all(subjects.map(async (s) => [s, await s.fake.start()] as const)),
	);
	for (const engine of engines) {
		const n8n = (engine.n8n = await RealN8n.create({ port: engine.port, extraEnv: engine.env }));
		const mine = subjects.filter((s) => s.engine === engine);
		await n8n.importCredentials(
			mine.map((s) => credentialExport(s.credential, s.credentialData(urls.get(s)!))),
		);
		await n8n.importWorkflow(
			mine.map((s) => ({
				...withCredentials(JSON.parse(s.text), [s.credential]),
				id: s.workflowId,
			})),
		);
		for (const s of mine) await n8n.cli(['publish:workflow', `--id=${s.workflowId}`]);
	}

	// The baseline: the poll on activation stores where each list stands and emits nothing.
	// Then records come before each of the next two polls.
	for (const s of subjects) s.plans.push({}, { add: 2 }, { add: 1 });
	await start();
	await Promise.all(subjects.map((s) => pollsDone(s, 3)));

	// A restart during an outage, a record added while n8n is down: the first poll after the
	// start (the poll on activation, or the durable scheduler's first tick) fails, one error
	// execution, and the workflow stays on; the next poll fails as well; the first poll after
	// the outage emits that record and 2 added just before it.
	await Promise.all(
		engines.map(async (engine) => {
			await noPollNear(engine);
			await engine.n8n!.stop();
		}),
	);
	const before = subjects.map((s) => s.firstPages.length);
	for (const s of subjects) {
		addRecords(s, 1);
		s.plans = [{ fail: true }, { fail: true }, { add: 2, sameBatch: true }];
	}
	await start();
	await Promise.all(subjects.map((s, i) => pollsDone(s, before[i] + 3)));
	elapsedMs = Date.now() - engines[0].starts[0];

	for (const engine of engines) await engine.n8n!.signInAsOwner();
	for (const s of subjects) executions.set(s, await s.engine.n8n!.executions(s.workflowId));
});

afterAll(async () => {
	for (const engine of engines) {
		await engine.n8n?.stop();
		engine.n8n?.removeUserFolder();
	}
	for (const s of subjects) await s.fake.stop();
	const at = (poll: LoggedRequest[]) =>
		`${Math.round((poll[0].receivedAt - engines[0].starts[0]) / 1000)}${poll.some((e) => e.kind !== 'api') ? '*' : ''}`;
	const rows = subjects.map((s) => {
		const polls = pollsOf(s);
		return [
			`${s.engine.name.padEnd(8)}${s.trigger.padEnd(22)}`,
			`polls ${polls.length}`,
			`executions ${executions.get(s)?.length}`,
			`token calls ${tokenCalls(s).length}`,
			`API requests ${s.fake.count('api')}`,
			`at ${polls.map(at).join(' ')} s`,
		].join('  ');
	});
	console.log(
		[
			`trigger examples in n8n 2.41.1, tokens live ${LIFETIME_SECONDS} s, ran ${elapsedMs / 1000} s (*: with a token call)`,
			...rows,
		].join('\n'),
	);
});

describe.each(subjects)(
	'examples/$example.json, published in a real n8n ($engine.name engine)',
	(s) => {
		const stored = () => executions.get(s)!;

		test('emits every added record exactly once, and nothing at the baseline', () => {
			const all = stored().flatMap((execution) => emitted(execution, s));

			expect(all.sort()).toEqual(s.batches.flat().sort());
		});

		test('n8n starting during an outage: an error execution per failed poll, the first after the start too; the workflow stays on and the first poll after emits what came meanwhile', () => {
			const list = stored();

			expect(list.map((e) => e.status)).toEqual([
				'success',
				'success',
				'error',
				'error',
				'success',
			]);
			expect(list.every((e) => e.mode === 'trigger')).toBe(true);
			expect(list.filter((e) => e.status === 'success').map((e) => emitted(e, s))).toEqual(
				s.batches,
			);
			for (const failed of list.filter((e) => e.status === 'error'))
				expect(failed.data.resultData.error?.message).toMatch(/ request failed \(HTTP 503\)/);
			expect(s.fake.log.filter((e) => e.status === 503)).toHaveLength(2);
		});

		test("the example's next node runs on each emitted record", () => {
			for (const execution of stored().filter((e) => e.status === 'success')) {
				const items = output(execution, s.then).map((item) => item.json);

				expect(items.map((json) => String(json.id))).toEqual(emitted(execution, s));
				for (const json of items)
					expect(JSON.stringify(json)).not.toMatch(/undefined|null|\[object/);
			}
		});

		test('no API request carries an expired token', () => {
			const api = s.fake.log.filter((e) => e.kind === 'api' && e.status !== 503);
			const failedPolls = s.fake.log.filter((e) => e.status === 503).length;

			expect(api.length).toBeGreaterThanOrEqual(pollsOf(s).length - failedPolls);
			expect(s.fake.expiredTokenRequests()).toBe(0);
			expect(new Set(api.map((e) => e.token))).toEqual(new Set(['valid']));
		});

		test('a token call in each poll that needs one (tokens live 40 s), never two', () => {
			const polls = pollsOf(s);
			let renewedAt = -Infinity;

			expect(new Set(firstPolls(s)).size).toBe(2);
			expect(firstPolls(s).every(Boolean)).toBe(true);
			expect(polls.length).toBeGreaterThanOrEqual(6);
			for (const poll of polls) {
				const calls = poll.filter((e) => e.kind !== 'api');
				expect(calls.length).toBeLessThanOrEqual(1);
				if (poll[0].receivedAt - renewedAt > LIFETIME_SECONDS * 1000) expect(calls).toHaveLength(1);
				if (calls.length) renewedAt = calls[0].receivedAt;
			}
		});

		test(
			s.rotates
				? 'renews by refresh, each rotated refresh token spent once (a reused one is refused)'
				: 'signs in again for each renewal (no refresh token)',
			() => {
				const calls = tokenCalls(s);

				expect(calls.every((e) => e.status === 200)).toBe(true);
				if (s.rotates) {
					expect(calls.filter((e) => e.kind === 'sign-in')).toHaveLength(1);
					expect(calls[0].kind).toBe('sign-in');
				} else {
					expect(calls.every((e) => e.kind === 'sign-in')).toBe(true);
				}
			},
		);
	},
);
