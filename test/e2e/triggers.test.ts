import type { Fault, FakeProvider, LoggedRequest } from '../fakes/fakeProvider';
import type { FakeBlynk } from '../fakes/blynk';
import type { Employee, FakeCultureAmp } from '../fakes/cultureAmp';
import type { FakeOurPeople } from '../fakes/ourPeople';
import type { DemoProvider } from '../demo/providers';
import { demo as blynkDemo } from '../providers/blynk';
import { demo as cultureAmpDemo } from '../providers/cultureAmp';
import { demo as ourPeopleDemo } from '../providers/ourPeople';
import { RealN8n } from '../harness/realN8n';
import type { StoredExecution } from '../harness/realN8n';
import { chain, credentialExport, packageTrigger } from '../harness/workflows';
import type { NodeSpec } from '../harness/workflows';

/**
 * The polling triggers in a real n8n 2.41.1, published and left to poll every minute: records
 * are added to the fakes between polls, n8n is stopped and started again once, and one poll
 * finds the provider down. Asserted from the executions n8n stored and the fakes' logs.
 * Tokens live 40 s, less than a poll interval: every scheduled poll has to renew its token
 * (OurPeople and Blynk by a refresh that rotates the refresh token, Culture Amp by signing in).
 */
jest.setTimeout(10 * 60_000);

const LIFETIME_SECONDS = 40;
const MINUTE = 60_000;
const OUTAGE: Fault = { type: 'status', status: 503, body: { message: 'Service unavailable' } };

interface Subject {
	name: string;
	workflowId: string;
	fake: FakeProvider;
	url: string;
	trigger: NodeSpec;
	/** Whether the provider hands out refresh tokens, each spent once (else it signs in again). */
	rotates: boolean;
	/** Adds record n to the fake's list and returns its id. */
	add(n: number): string;
	added: string[];
}

function subject<F extends FakeProvider>(
	demo: DemoProvider,
	node: string,
	parameters: Record<string, unknown>,
	rotates: boolean,
	add: (fake: F, n: number) => string,
): Subject {
	const fake = demo.createFake(LIFETIME_SECONDS);
	const name = `${demo.provider.name} Trigger`;
	return {
		name,
		workflowId: `${node}E2e`,
		fake,
		url: '',
		trigger: packageTrigger(name, node, demo.credential, parameters),
		rotates,
		add: (n) => add(fake as F, n),
		added: [],
	};
}

const subjects: Subject[] = [
	subject(ourPeopleDemo, 'ourPeopleTrigger', { event: 'user' }, true, (fake: FakeOurPeople, n) => {
		fake.users.push({ id: `new-user-${n}`, name: `User ${n}`, email: `user${n}@example.com` });
		return `new-user-${n}`;
	}),
	subject(blynkDemo, 'blynkTrigger', { event: 'device' }, true, (fake: FakeBlynk, n) => {
		fake.devices.push({ id: 5000 + n, name: `New Device ${n}`, orgId: 658, templateId: 353 });
		return String(5000 + n);
	}),
	subject(
		cultureAmpDemo,
		'cultureAmpTrigger',
		{ event: 'employee' },
		false,
		(fake: FakeCultureAmp, n) => {
			const id = `new-employee-${n}`;
			fake.employees.push({
				id,
				employeeIdentifier: `new-${n}`,
				email: `new${n}@example.com`,
				name: `New ${n}`,
				processedAt: new Date(Date.UTC(2025, 0, 1, 0, 0, n)).toISOString(),
			} as Employee);
			return id;
		},
	),
];

let n8n: RealN8n;
let outage = false;
let next = 0;
/** The records added before each successful poll, as they should come out (ids). */
const expected: number[][] = [];
const executions = new Map<string, StoredExecution[]>();
let startedAt = 0;
let elapsedMs = 0;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(ms, 0)));
/** Polls run at second 0 of each minute and take well under a second. */
const msToNextPoll = () => MINUTE - (Date.now() % MINUTE);
const pastNextPoll = () => sleep(msToNextPoll() + 5_000);
/** Returns when no poll is near: what is added now is for the next poll. */
async function betweenPolls(): Promise<void> {
	if (msToNextPoll() < 5_000) await pastNextPoll();
}

function addRecords(count: number): void {
	const ns = Array.from({ length: count }, () => ++next);
	for (const s of subjects) s.added.push(...ns.map((n) => s.add(n)));
	expected.push(ns);
}

/** Waits for the poll n8n makes when it activates the workflows (on start), and its execution. */
async function activationPolls(start: () => Promise<void>): Promise<void> {
	const before = subjects.map((s) => s.fake.count('api'));
	await start();
	const deadline = Date.now() + 60_000;
	while (subjects.some((s, i) => s.fake.count('api') === before[i])) {
		if (Date.now() > deadline) throw new Error('n8n did not poll on activation');
		await sleep(200);
	}
	await sleep(3_000);
}

/** A fake's requests split into polls: requests less than 10 s apart belong to one poll. */
function pollsOf(log: LoggedRequest[]): LoggedRequest[][] {
	const polls: LoggedRequest[][] = [];
	for (const entry of log) {
		const last = polls.at(-1);
		if (last && entry.receivedAt - last.at(-1)!.receivedAt < 10_000) last.push(entry);
		else polls.push([entry]);
	}
	return polls;
}

/** A poll n8n's schedule started (at second 0), not one of an activation. */
const scheduled = (poll: LoggedRequest[]) => poll[0].receivedAt % MINUTE < 3_000;
/** When a poll began, in s after n8n first started; * where it renewed the token. */
const timeOf = (poll: LoggedRequest[]) =>
	`${Math.round((poll[0].receivedAt - startedAt) / 1000)}${poll.some((e) => e.kind !== 'api') ? '*' : ''}`;
const tokenCalls = (s: Subject) => s.fake.log.filter((e) => e.kind !== 'api');

/** The ids each successful execution emitted, in order. */
function emitted(execution: StoredExecution, s: Subject): string[] {
	const run = execution.data.resultData.runData[s.name]?.[0];
	return (run?.data?.main?.[0] ?? []).map((item) => String(item.json.id));
}

beforeAll(async () => {
	for (const s of subjects) {
		s.url = await s.fake.start();
		s.fake.apiFault = () => (outage ? OUTAGE : undefined);
	}
	n8n = await RealN8n.create({ port: 5720 });
	await n8n.importCredentials(
		[ourPeopleDemo, blynkDemo, cultureAmpDemo].map((demo, i) =>
			credentialExport(demo.credential, demo.credentialData(subjects[i].url)),
		),
	);
	for (const s of subjects) {
		await n8n.importWorkflow(chain(s.workflowId, `${s.name} e2e`, [s.trigger]));
		await n8n.cli(['publish:workflow', `--id=${s.workflowId}`]);
	}
	startedAt = Date.now();

	// The baseline: the poll on activation stores where each list stands and emits nothing.
	await activationPolls(() => n8n.start());
	await betweenPolls();
	addRecords(2);
	await pastNextPoll();
	addRecords(1);
	await pastNextPoll();

	// A restart, with a record added while n8n is down: the poll on activation emits it.
	await n8n.stop();
	addRecords(1);
	await activationPolls(() => n8n.start());

	// The next scheduled poll finds the provider down; the one after emits what came meanwhile.
	await betweenPolls();
	addRecords(2);
	outage = true;
	await pastNextPoll();
	outage = false;
	await pastNextPoll();
	elapsedMs = Date.now() - startedAt;

	await n8n.signInAsOwner();
	for (const s of subjects) executions.set(s.workflowId, await n8n.executions(s.workflowId));
});

afterAll(async () => {
	await n8n?.stop();
	for (const s of subjects) await s.fake.stop();
	n8n?.removeUserFolder();
	const rows = subjects.map((s) => {
		const polls = pollsOf(s.fake.log);
		return [
			s.name.padEnd(20),
			`polls ${polls.length} (${polls.filter(scheduled).length} scheduled)`,
			`executions ${executions.get(s.workflowId)?.length}`,
			`token calls ${tokenCalls(s).length}`,
			`API requests ${s.fake.count('api')}`,
			`at ${polls.map(timeOf).join(' ')} s`,
		].join('  ');
	});
	console.log(
		[
			`triggers in n8n 2.41.1, tokens live ${LIFETIME_SECONDS} s, ran ${elapsedMs / 1000} s`,
			...rows,
		].join('\n'),
	);
});

describe.each(subjects)('$name, published in a real n8n', (s) => {
	const stored = () => executions.get(s.workflowId)!;

	test('emits every added record exactly once, and nothing at the baseline', () => {
		const all = stored().flatMap((execution) => emitted(execution, s));

		expect(all.sort()).toEqual([...s.added].sort());
	});

	test('the outage gives one error execution; the next poll emits what was added meanwhile', () => {
		const list = stored();
		const ids = (ns: number[]) => ns.map((n) => s.added[n - 1]);

		expect(list.map((e) => e.status)).toEqual([
			'success',
			'success',
			'success',
			'error',
			'success',
		]);
		expect(list.every((e) => e.mode === 'trigger')).toBe(true);
		expect(list.filter((e) => e.status === 'success').map((e) => emitted(e, s))).toEqual(
			expected.map(ids),
		);
		expect(list[3].data.resultData.error?.message).toMatch(/ request failed \(HTTP 503\)/);
		expect(s.fake.log.filter((e) => e.status === 503)).toHaveLength(1);
	});

	test('no API request carries an expired token', () => {
		const api = s.fake.log.filter((e) => e.kind === 'api' && e.status !== 503);

		expect(api.length).toBeGreaterThanOrEqual(pollsOf(s.fake.log).length - 1);
		expect(s.fake.expiredTokenRequests()).toBe(0);
		expect(new Set(api.map((e) => e.token))).toEqual(new Set(['valid']));
	});

	test('a token call in each poll that needs one (tokens live 40 s), never two', () => {
		const polls = pollsOf(s.fake.log);
		let renewedAt = -Infinity;

		expect(polls.filter(scheduled).length).toBeGreaterThanOrEqual(4);
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
});
