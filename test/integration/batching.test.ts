import type { IDataObject } from 'n8n-workflow';
import { reasonOf } from '../../package/credentials/common/errors';
import { CultureAmpFixture } from './cultureAmpFixture';
import { errorOf } from './helpers';
import { advanceClock, until, waitsDue } from '../harness/clock';

/**
 * Items run several at once (Options → Batching), and the output is what one after another
 * gives: item order, pairedItem, one error item in a failed item's place, the first failure.
 * Shown with the Culture Amp node's Employee → Get, whose answer names the employee asked for.
 */

let f: CultureAmpFixture;

afterEach(async () => {
	await f.fake.stop();
});

/**
 * Each input item asks for `employee` n: 1 to 5 exist, 0 does not (HTTP 404), and an item
 * without one fails before any request ("Enter the employee ID").
 */
const item = (employee?: number): IDataObject => ({ employee });
const getEmployee = (options: IDataObject = {}) => ({
	resource: 'employee',
	operation: 'get',
	employeeId:
		"={{ $json.employee === undefined ? '' : '0000000' + $json.employee + '-3099-44a9-bd28-0292be8aff7f' }}",
	options,
});
const batching = (batchSize: number, batchInterval = 0) => ({
	batching: { batch: { batchSize, batchInterval } },
});
/** Which employee an API request asked for. */
const employeeOf = (path: string) => Number(/\/employees\/0+(\d)-/.exec(path)?.[1]);

const apiCalls = () => f.fake.log.filter((entry) => entry.kind === 'api');

it.each([1, 3])('runs Items per Batch (%i) items at once', async (batchSize) => {
	f = await CultureAmpFixture.start();
	f.fake.apiLatencyMs = () => 50;

	await f.run(getEmployee(batching(batchSize)), { items: [1, 2, 3, 4, 5, 1, 2].map(item) });

	expect(f.fake.maxApiInFlight).toBe(batchSize);
});

it('keeps item order and pairedItem when later items are answered first', async () => {
	f = await CultureAmpFixture.start();
	const employees = [1, 2, 3, 4, 5, 1, 2, 3, 4, 5, 1, 2];
	// Employee 1 is answered last, employee 5 first.
	f.fake.apiLatencyMs = (request) => 120 - 25 * employeeOf(request.path);

	const output = await f.run(getEmployee(), { items: employees.map(item) });

	expect(output.map((entry) => [entry.json.name, entry.pairedItem])).toEqual(
		employees.map((n, index) => [`Employee ${n}`, { item: index }]),
	);
});

it('with Continue On Fail, puts one error item in each failed item’s place', async () => {
	f = await CultureAmpFixture.start();
	f.fake.apiLatencyMs = (request) => (employeeOf(request.path) === 0 ? 100 : 0);

	const output = await f.run(getEmployee(), {
		items: [item(1), item(0), item(2), item(), item(3)],
		continueOnFail: true,
	});

	expect(output.map((entry) => [entry.json.name ?? entry.json.reason, entry.pairedItem])).toEqual([
		['Employee 1', { item: 0 }],
		['api_error', { item: 1 }],
		['Employee 2', { item: 2 }],
		['configuration', { item: 3 }],
		['Employee 3', { item: 4 }],
	]);
});

describe('without Continue On Fail', () => {
	it('throws the first failed item’s error by item order, not the first to fail', async () => {
		f = await CultureAmpFixture.start();
		// Item 0 fails after 100 ms, item 1 at once (no ID).
		f.fake.apiLatencyMs = () => 100;

		const error = await errorOf(f.run(getEmployee(), { items: [item(0), item(), item(1)] }));

		expect(reasonOf(error)).toBe('api_error');
	});

	it('starts no item after a failure, and throws once the items running have finished', async () => {
		f = await CultureAmpFixture.start();
		f.fake.apiLatencyMs = () => 200;

		const error = await errorOf(
			f.run(getEmployee(batching(3)), { items: [item(), ...[1, 2, 3, 4, 5, 1, 2].map(item)] }),
		);

		expect(reasonOf(error)).toBe('configuration');
		// Items 1 and 2 were running with item 0; they were answered before the node threw.
		expect(
			apiCalls()
				.map((entry) => `${employeeOf(entry.path)} ${entry.status}`)
				.sort(),
		).toEqual(['1 200', '2 200']);
	});
});

it('starts each batch a Batch Interval after the one before', async () => {
	f = await CultureAmpFixture.start();
	await f.run(getEmployee(), { items: [item(1)] });
	f.fake.clearLog();

	const work = f.run(getEmployee(batching(2, 600)), { items: [1, 2, 3, 4].map(item) });
	// Once the first batch has arrived and the node waits, the test clock passes the interval.
	await until(() => apiCalls().length === 2 && waitsDue().length === 1);
	await advanceClock(600);
	await work;

	const [first, , third] = apiCalls().map((entry) => entry.receivedAt);
	expect(third - first).toBeGreaterThanOrEqual(600);
});

it('sends one request for one item (an AI agent’s tool call), without waiting a Batch Interval', async () => {
	f = await CultureAmpFixture.start();

	const output = await f.run(getEmployee(batching(1, 60_000)), { items: [item(4)] });

	expect(output.map((entry) => entry.json.name)).toEqual(['Employee 4']);
	expect(apiCalls()).toHaveLength(1);
});
