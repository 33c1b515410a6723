import type { INodeExecutionData, IPairedItemData } from 'n8n-workflow';
import { credentialCases } from '../../harness/credentialCases';
import { CredentialRig, stopRigs } from '../../harness/credentialRig';
import { advanceClock, skipWaits, timeoutsDue, until } from '../../harness/clock';
import { leaksIn } from '../../harness/leaks';
import { DEFAULT_BATCH_SIZE } from '../../../package/nodes/common/batching';
import { errorOf } from '../helpers';
import { apiRequest, nodeFor } from './nodeTypes';
import { reasonOf } from '../../../package/credentials/common/errors';

/**
 * An API answering 429 with Retry-After: our nodes wait as asked, within a bound, then say when
 * to retry. Each rig has signed in before its test, and the test clock skips the waits
 * (test/harness/clock.ts).
 */
afterAll(stopRigs);

const tooMany = (retryAfter?: string) => ({
	type: 'status' as const,
	status: 429,
	body: { message: 'Too many requests' },
	headers: retryAfter === undefined ? undefined : { 'Retry-After': retryAfter },
});

describe.each(credentialCases)('$name node, rate limited', (credential) => {
	let rig: CredentialRig;

	beforeEach(async () => {
		rig = await CredentialRig.start(credential);
		await rig.get();
		rig.fake.clearLog();
	});

	const run = () => skipWaits(rig.runNode(nodeFor(rig.type), apiRequest(credential.apiPath)));
	const apiCalls = () => rig.fake.log.filter((entry) => entry.kind === 'api');
	/** The input items the node answered, each once, none with an error. */
	const answeredItems = (output: INodeExecutionData[]) => [
		...new Set(
			output.map((item) =>
				item.json.error === undefined ? (item.pairedItem as IPairedItemData).item : 'error',
			),
		),
	];

	it('waits the seconds Retry-After asks for, then succeeds', async () => {
		rig.fake.injectFault('api', tooMany('1'));

		await run();

		const [limited, retried] = apiCalls();
		expect([limited.status, retried.status]).toEqual([429, 200]);
		expect(retried.at - limited.at).toBeGreaterThanOrEqual(1000);
		expect(rig.tokenRequests()).toBe(0);
	});

	it('waits until the HTTP date Retry-After names, then succeeds', async () => {
		const until = new Date(Date.now() + 2000).toUTCString();
		rig.fake.injectFault('api', tooMany(until));

		await run();

		const [limited, retried] = apiCalls();
		expect([limited.status, retried.status]).toEqual([429, 200]);
		expect(retried.at).toBeGreaterThanOrEqual(Date.parse(until));
	});

	it('gives up after two retries, saying when to run again', async () => {
		rig.fake.injectFault('api', tooMany('0'), 3);

		const error = await errorOf(run());

		expect(reasonOf(error)).toBe('rate_limited');
		expect(error.description).toMatch(/^Waited 0 s over 2 retries .*retry after \S+ \(in 0 s\)/);
		expect(apiCalls().map((entry) => entry.status)).toEqual([429, 429, 429]);
		expect(leaksIn(rig, error)).toEqual([]);
	});

	it('does not wait longer than 30 s: it says when to retry instead', async () => {
		rig.fake.injectFault('api', tooMany('120'));

		const error = await errorOf(run());

		expect(reasonOf(error)).toBe('rate_limited');
		expect(error.description).toMatch(/retry after \S+Z \(in 120 s\)/);
		expect(apiCalls()).toHaveLength(1);
	});

	it('holds back every item while one waits out a 429: none sends before Retry-After has passed', async () => {
		// The first request is answered at once with 429; the two sent with it take 300 ms, so
		// their items' successors would go out long before the 429's second is over.
		rig.fake.injectFault('api', tooMany('1'));
		let arrived = 0;
		rig.fake.apiLatencyMs = () => (arrived++ === 0 ? 50 : 300);

		const work = rig.runNode(
			nodeFor(rig.type),
			{ ...apiRequest(credential.apiPath), options: { batching: { batch: { batchSize: 3 } } } },
			{ items: 6 },
		);
		// The limited item and the two that follow the others wait out the 429's second (a
		// request's own timeout is minutes away); then the second passes.
		const limitedAt = () => apiCalls().find((entry) => entry.status === 429)?.at ?? NaN;
		const waitingOutTheSecond = () =>
			timeoutsDue().filter((due) => due - limitedAt() >= 1000 && due - limitedAt() < 2000);
		await until(() => waitingOutTheSecond().length === 3);
		await advanceClock(1000);
		const output = await work;

		expect(answeredItems(output)).toEqual([0, 1, 2, 3, 4, 5]);
		expect(rig.fake.maxApiInFlight).toBe(3);
		const limited = apiCalls().find((entry) => entry.status === 429)!;
		const sentDuringWait = apiCalls().filter(
			(entry) => entry.receivedAt > limited.at && entry.receivedAt < limited.at + 1000,
		);
		expect(sentDuringWait).toEqual([]);
	});

	it('keeps within a limit of requests per second: every item succeeds, no second gets more than the limit plus the items at once', async () => {
		const limit = DEFAULT_BATCH_SIZE;
		rig.fake.apiRequestsPerSecond = limit;
		rig.fake.apiLatencyMs = () => 20;

		const output = await skipWaits(
			rig.runNode(nodeFor(rig.type), apiRequest(credential.apiPath), { items: 3 * limit }),
		);

		expect(answeredItems(output)).toEqual(Array.from({ length: 3 * limit }, (_, i) => i));
		expect(rig.fake.maxApiInFlight).toBe(DEFAULT_BATCH_SIZE);
		const perSecond = rig.fake.apiRequestsPerWindow();
		expect(Math.max(...perSecond)).toBeLessThanOrEqual(limit + DEFAULT_BATCH_SIZE);
		expect(apiCalls()).toHaveLength(3 * limit + apiCalls().filter((e) => e.status === 429).length);
	});

	it('does not retry a 429 without Retry-After', async () => {
		rig.fake.injectFault('api', tooMany());

		const error = await errorOf(run());

		expect(reasonOf(error)).toBe('rate_limited');
		expect(apiCalls()).toHaveLength(1);
	});
});
