import { readdirSync } from 'fs';
import { join } from 'path';
import { reasonOf } from '../../package/credentials/common/errors';
import type { IDataObject } from 'n8n-workflow';
import type { Fault } from '../fakes/fakeProvider';
import { stopRigs } from '../harness/credentialRig';
import type { ProviderRig } from '../harness/credentialRig';
import { passTokenExpiry } from '../harness/clock';
import { headlineOf } from '../harness/headline';
import { registeredNodes } from '../harness/packageManifest';
import { providerFixtures } from '../providers';
import { PollRunner } from '../harness/pollRig';
import type { PollEngine } from '../harness/pollRig';
import { errorOf } from './helpers';
import { triggerCases } from './triggerCases';

/**
 * Every polling trigger run by n8n-core's PollContext against its fake, as n8n runs it in an
 * active workflow: what each poll emits across failures, restarts and token expiry, on n8n's
 * default poll engine and on its durable scheduler with durable cursors (see PollRunner).
 */

const rigs: ProviderRig[] = [];
afterAll(async () => {
	await Promise.all(rigs.map(async (rig) => await rig.fake.stop()));
	await stopRigs();
});

const OUTAGE: Fault = { type: 'status', status: 503, body: { message: 'Service unavailable' } };

// The cases come from the provider fixtures (test/providers/): a trigger without one is untested.
it('every polling trigger package/package.json registers has its cases in a provider fixture', () => {
	const registered = registeredNodes()
		.filter((nodeType) => nodeType.description.polling)
		.map((nodeType) => nodeType.description.name);
	const tested = new Set(triggerCases.map((trigger) => trigger.nodeType.description.name));

	expect(registered.length).toBeGreaterThan(0);
	expect(registered.filter((name) => !tested.has(name))).toEqual([]);
});

it('every trigger example in examples/ is in a provider fixture (test/e2e/triggers.test.ts publishes those)', () => {
	const examples = readdirSync(join(__dirname, '..', '..', 'examples'))
		.filter((file) => /Trigger\.json$/.test(file))
		.map((file) => file.replace(/\.json$/, ''));
	const published = providerFixtures.flatMap(({ triggerExamples = [] }) =>
		triggerExamples.map(({ example }) => example),
	);

	expect(examples.length).toBeGreaterThan(0);
	expect(published.sort()).toEqual(examples.sort());
});

const engines: PollEngine[] = ['default', 'durable'];
const cases = engines.flatMap((engine) => triggerCases.map((trigger) => ({ ...trigger, engine })));

describe.each(cases)("$name, on n8n's $engine poll engine", (trigger) => {
	const { engine } = trigger;
	let rig: ProviderRig;
	let runner: PollRunner;
	const labels = (items: IDataObject[] | null) => items?.map((item) => item[trigger.label]) ?? [];
	const add = (n: number, atStart = false) => trigger.add(rig, n, atStart);

	beforeEach(async () => {
		rig = await trigger.start();
		rigs.push(rig);
		runner = new PollRunner(rig, trigger.nodeType, trigger.parameters, engine);
	});

	it('the first poll stores where the list stands and emits nothing', async () => {
		expect(await runner.poll()).toBeNull();
		expect(await runner.poll()).toBeNull();
		expect(rig.acceptedApiCalls()).toBeGreaterThanOrEqual(2);
	});

	it('later polls emit each new record once, oldest first', async () => {
		await runner.poll();
		const one = add(1);
		const two = add(2, true);

		const first = await runner.poll();
		const three = add(3);
		const second = await runner.poll();

		expect(labels(first)).toEqual([one, two]);
		expect(labels(second)).toEqual([three]);
		expect(await runner.poll()).toBeNull();
	});

	if (engine === 'default')
		it('a poll that starts while the last one still runs (n8n does not wait for it) emits nothing twice', async () => {
			await runner.poll();
			const one = add(1);
			rig.fake.apiLatencyMs = () => 50;

			const overlapping = await Promise.all([runner.poll(), runner.poll()]);
			rig.fake.apiLatencyMs = () => 0;

			expect(overlapping.flatMap(labels)).toEqual([one]);
			expect(await runner.poll()).toBeNull();
		});

	it('manual mode emits the latest record and leaves the stored state alone', async () => {
		const before = await runner.test();
		await runner.poll();
		const one = add(1);

		const shown = await runner.test();

		expect(before).toHaveLength(1);
		expect(labels(shown)).toEqual([one]);
		expect(labels(await runner.poll())).toEqual([one]);
		expect(await runner.test()).toHaveLength(1);
		expect(await runner.poll()).toBeNull();
	});

	it('before the first scheduled poll, manual mode does not make a baseline', async () => {
		await runner.test();
		add(1);

		expect(await runner.poll()).toBeNull();
	});

	it(`a poll that fails on page ${trigger.paged ? 2 : 1} emits nothing, and the next emits everything since once`, async () => {
		await runner.poll();
		const one = add(1);
		const two = add(2, true);
		let calls = 0;
		rig.fake.apiFault = () => (++calls === (trigger.paged ? 2 : 1) ? OUTAGE : undefined);

		const error = await errorOf(runner.poll());
		rig.fake.apiFault = undefined;

		expect(headlineOf(error)).toMatch(/ request failed \(HTTP 503\): Service unavailable$/);
		expect(labels(await runner.poll())).toEqual([one, two]);
		expect(await runner.poll()).toBeNull();
	});

	it('n8n restarting between polls loses and repeats nothing (the state is in static data)', async () => {
		await runner.poll();
		runner.restart();
		const one = add(1);
		expect(labels(await runner.poll())).toEqual([one]);

		runner.restart();
		const two = add(2);

		expect(labels(await runner.poll())).toEqual([two]);
		runner.restart();
		expect(await runner.poll()).toBeNull();
	});

	// n8n's durable scheduler makes no poll on activation when n8n starts (its jobs stay).
	if (engine === 'default') {
		it('n8n starting during an outage: the poll on activation is one error execution, the workflow stays on, the next poll emits what came meanwhile', async () => {
			await runner.poll();
			runner.restart();
			const one = add(1);
			rig.fake.apiFault = () => OUTAGE;

			expect(await runner.poll()).toBeNull();
			rig.fake.apiFault = undefined;

			expect(runner.errorExecutions.map(headlineOf)).toEqual([
				expect.stringMatching(/ request failed \(HTTP 503\): Service unavailable$/),
			]);
			expect(labels(await runner.poll())).toEqual([one]);
			expect(await runner.poll()).toBeNull();
			expect(runner.errorExecutions).toHaveLength(1);
		});
	}

	it(
		engine === 'default'
			? "after that first poll, a failed poll throws as before: n8n's poll executor records it"
			: "n8n restarting during an outage: the scheduler's jobs stay, so no poll on activation; the failing tick throws to the scheduler, which records it, and the next emits what came meanwhile",
		async () => {
			await runner.poll();
			runner.restart();
			if (engine === 'default') expect(await runner.poll()).toBeNull();
			const one = add(1);
			rig.fake.apiFault = () => OUTAGE;

			const error = await errorOf(runner.poll());
			rig.fake.apiFault = undefined;

			expect(headlineOf(error)).toMatch(/ request failed \(HTTP 503\): Service unavailable$/);
			expect(runner.errorExecutions).toEqual([]);
			expect(labels(await runner.poll())).toEqual([one]);
			expect(await runner.poll()).toBeNull();
		},
	);

	it('a user publishing the workflow during an outage sees the activation fail, with the message', async () => {
		rig.fake.apiFault = () => OUTAGE;

		const error = await errorOf(runner.poll());
		rig.fake.apiFault = undefined;

		expect(headlineOf(error)).toMatch(/ request failed \(HTTP 503\): Service unavailable$/);
		expect(runner.errorExecutions).toEqual([]);
	});

	it('two workflows with this trigger keep a state each', async () => {
		await runner.poll();
		const one = add(1);
		const other = new PollRunner(rig, trigger.nodeType, trigger.parameters, engine);

		expect(await other.poll()).toBeNull();
		expect(labels(await runner.poll())).toEqual([one]);
		expect(await other.poll()).toBeNull();
	});

	it('renews an expired token before the poll: no expired token is sent', async () => {
		rig.fake.tokenLifetimeSeconds = 2;
		await runner.poll();
		const tokenCalls = rig.tokenRequests();
		await passTokenExpiry(rig.stored());
		const one = add(1);

		expect(labels(await runner.poll())).toEqual([one]);
		expect(rig.tokenRequests()).toBe(tokenCalls + 1);
		expect(rig.fake.expiredTokenRequests()).toBe(0);
		expect(rig.fake.log.filter((e) => e.kind !== 'api' && e.status !== 200)).toEqual([]);
	});

	it('a record listed twice in one listing (offset paging while the list changes) is emitted once', async () => {
		await runner.poll();
		const one = add(1);
		const list = trigger.list(rig);
		list.push({ ...list.find((record) => record[trigger.label] === one)! });
		const two = add(2);

		expect(labels(await runner.poll())).toEqual([one, two]);
		expect(await runner.poll()).toBeNull();
	});

	const broken: Array<[string, unknown]> = trigger.keyField
		? [
				['text among dates or numbers', 'pending'],
				['a date that is none', '2026-13-45T00:00:00Z'],
				['no key', undefined],
			]
		: [['no id', undefined]];

	it.each(broken)(
		'a record with %s is skipped, reported once by id, never becomes the mark, and stops nothing',
		async (_case, value) => {
			const list = trigger.list(rig);
			const label = add(100);
			const record = list.find((entry) => entry[trigger.label] === label)!;
			const field = trigger.keyField ?? trigger.idField;
			if (value === undefined) delete record[field];
			else record[field] = value;

			expect(await runner.poll()).toBeNull();
			const one = add(1);
			expect(labels(await runner.poll())).toEqual([one]);
			const two = add(2);
			expect(labels(await runner.poll())).toEqual([two]);
			expect(await runner.poll()).toBeNull();

			const id = record[trigger.idField];
			const named =
				id === undefined
					? String.raw`#\d+ of the list \(no ID\)`
					: `${String(id)} \\("${trigger.keyField}" is not a number or a date\\)`;
			expect(runner.errorExecutions.map(headlineOf)).toEqual([
				expect.stringMatching(
					new RegExp(`trigger skipped 1 record of \\S+ it cannot order: ${named}$`),
				),
			]);
			expect(runner.errorExecutions[0].message).not.toContain(JSON.stringify(record));
			expect(reasonOf(runner.errorExecutions[0])).toBe('record_skipped');
		},
	);

	it("keeps the baseline's copy in the workflow's static data only until the trigger has a state of its own", async () => {
		await runner.poll();
		const kept = () => Object.keys((runner.saved.global ?? {}) as IDataObject);
		expect(kept()).toEqual([expect.stringMatching(/^tokenAuthBaseline:/)]);
		add(1);
		await runner.poll();
		add(2);

		expect(await runner.poll()).toHaveLength(1);
		expect(kept()).toEqual([]);
	});

	it('keeps a bounded state: the newest key and the ids at it, or the ids of the list', async () => {
		await runner.poll();
		for (let n = 1; n <= 5; n++) add(n);
		await runner.poll();

		const { cursor } = runner.nodeState() as { cursor: { ids: string[] } };
		expect(cursor.ids.length).toBeLessThanOrEqual(trigger.storedIds);
	});
});
