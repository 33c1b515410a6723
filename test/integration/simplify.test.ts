import type { IDataObject } from 'n8n-workflow';
import { BlynkFixture } from './blynkFixture';
import { CultureAmpFixture } from './cultureAmpFixture';

/** Simplify: on by default for a new node, the few documented fields; off, or an older node: the full record. */

let f: CultureAmpFixture | BlynkFixture;

afterEach(async () => {
	await f.fake.stop();
});

const EMPLOYEE_FIELDS = [
	'id',
	'employeeIdentifier',
	'name',
	'preferredName',
	'email',
	'startDate',
	'endDate',
];
const REVIEW_FIELDS = [
	'managerReviewId',
	'performanceCycleId',
	'employeeId',
	'managerId',
	'status',
	'reviewAcknowledged',
	'completedAt',
];
const DEVICE_FIELDS = ['id', 'name', 'orgId', 'templateId', 'ownerUserId', 'status', 'activatedAt'];

const keysOf = (output: Array<{ json: IDataObject }>) =>
	output.map((item) => Object.keys(item.json));

describe('Culture Amp', () => {
	const getAll = { resource: 'employee', operation: 'getAll', limit: 2 };

	it('employees: the simple fields by default, the full record with Simplify off', async () => {
		const ca = (f = await CultureAmpFixture.start());

		const simple = await ca.run(getAll);
		const full = await ca.run({ ...getAll, simple: false });

		expect(keysOf(simple)).toEqual([EMPLOYEE_FIELDS, EMPLOYEE_FIELDS]);
		expect(simple[0].json).toMatchObject({ name: 'Employee 1', endDate: null });
		expect(full[0].json).toEqual(ca.fake.employees[0]);
	});

	it('a workflow saved with node version 1 keeps the full records', async () => {
		const ca = (f = await CultureAmpFixture.start());

		const output = await ca.run(getAll, { typeVersion: 1 });

		expect(output.map((item) => item.json)).toEqual(ca.fake.employees.slice(0, 2));
	});

	it('manager reviews, from any operation that lists them', async () => {
		const ca = (f = await CultureAmpFixture.start());

		const [review] = await ca.run({
			resource: 'managerReview',
			operation: 'get',
			managerReviewId: 'b6505a73-d45f-4091-b3fb-74997de4cd02',
		});
		const ofCycle = await ca.run({
			resource: 'performanceCycle',
			operation: 'getManagerReviews',
			performanceCycleId: 'b6505a73-d45f-4091-b3fb-74997de4cdc6',
			returnAll: true,
		});
		const [fullReview] = await ca.run({
			resource: 'employee',
			operation: 'getManagerReviews',
			employeeId: '00000002-3099-44a9-bd28-0292be8aff7f',
			returnAll: true,
			simple: false,
		});

		expect(Object.keys(review.json)).toEqual(REVIEW_FIELDS);
		expect(keysOf(ofCycle)).toEqual(Array(3).fill(REVIEW_FIELDS));
		expect(fullReview.json).toHaveProperty('performanceRating.ratingBuckets');
		expect(fullReview.json).toHaveProperty('openTextQuestions');
	});
});

describe('Blynk', () => {
	it("devices: the simple fields (never the device's token) by default, all with Simplify off", async () => {
		const b = (f = await BlynkFixture.start());
		const get = { resource: 'device', operation: 'get', deviceId: '2001' };

		const [simple] = await b.run(get);
		const [full] = await b.run({ ...get, simple: false });
		const searched = await b.run({
			resource: 'device',
			operation: 'search',
			query: 'valve',
			returnAll: true,
		});

		expect(Object.keys(simple.json)).toEqual(DEVICE_FIELDS);
		expect(simple.json).toMatchObject({ id: 2001, name: 'North Valve', orgId: 751 });
		expect(full.json).toMatchObject({
			token: 'device-token-2001',
			hardwareInfo: { boardType: 'ESP8266' },
		});
		expect(keysOf(searched)).toEqual([DEVICE_FIELDS, DEVICE_FIELDS]);
	});

	it('a workflow saved with node version 1 keeps the full devices', async () => {
		const b = (f = await BlynkFixture.start());

		const output = await b.run(
			{ resource: 'device', operation: 'getAll', limit: 1 },
			{ typeVersion: 1 },
		);

		expect(output[0].json).toHaveProperty('token', 'device-token-1000');
	});
});
