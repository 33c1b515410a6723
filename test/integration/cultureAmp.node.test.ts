import type { IDataObject } from 'n8n-workflow';
import { FakeCultureAmp } from '../fakes/cultureAmp';
import { errorOf, shown } from './helpers';
import { CultureAmpFixture } from './cultureAmpFixture';
import { headlineOf } from '../harness/headline';

/** The Culture Amp node run by n8n-core against a fake Culture Amp: what the user gets out. */

let f: CultureAmpFixture;

afterEach(async () => {
	await f.fake.stop();
});

const EMPLOYEE_2 = '00000002-3099-44a9-bd28-0292be8aff7f';
const CYCLE = 'b6505a73-d45f-4091-b3fb-74997de4cdc6';
const names = (output: Awaited<ReturnType<CultureAmpFixture['run']>>) =>
	output.map((item) => item.json.name);
const apiCalls = () => f.fake.log.filter((entry) => entry.kind === 'api');

describe('employee.getAll', () => {
	it('with Return All, follows pagination.nextPath to the last page', async () => {
		f = await CultureAmpFixture.start();

		const output = await f.run({ resource: 'employee', operation: 'getAll', returnAll: true });

		expect(names(output)).toEqual([
			'Employee 1',
			'Employee 2',
			'Employee 3',
			'Employee 4',
			'Employee 5',
		]);
		expect(apiCalls().map((entry) => `${entry.path} ${entry.status}`)).toEqual(
			Array(3).fill('/v1/employees 200'),
		);
	});

	it('with a Limit, stops fetching pages once it has enough', async () => {
		f = await CultureAmpFixture.start();

		const output = await f.run({
			resource: 'employee',
			operation: 'getAll',
			returnAll: false,
			limit: 3,
		});

		expect(names(output)).toEqual(['Employee 1', 'Employee 2', 'Employee 3']);
		expect(apiCalls()).toHaveLength(2);
	});

	it('follows a nextPath given relative to the /v1 server URL', async () => {
		f = await CultureAmpFixture.start();
		f.fake.nextPathStyle = 'server';

		const output = await f.run({ resource: 'employee', operation: 'getAll', returnAll: true });

		expect(output).toHaveLength(5);
		expect(
			apiCalls().every((entry) => entry.path === '/v1/employees' && entry.status === 200),
		).toBe(true);
	});

	it('passes the filters as the documented query parameters', async () => {
		f = await CultureAmpFixture.start();

		const byEmail = await f.run({
			resource: 'employee',
			operation: 'getAll',
			returnAll: true,
			filters: { email: 'employee4@example.com' },
		});
		const byIdentifier = await f.run({
			resource: 'employee',
			operation: 'getAll',
			returnAll: true,
			filters: { employeeIdentifier: '5' },
		});

		expect(names(byEmail)).toEqual(['Employee 4']);
		expect(names(byIdentifier)).toEqual(['Employee 5']);
	});

	it('stops with a clear error when the API points at the same next page again', async () => {
		f = await CultureAmpFixture.start();
		f.fake.repeatNextPage = true;

		const error = await errorOf(
			f.run({ resource: 'employee', operation: 'getAll', returnAll: true }),
		);

		expect(error.message).toMatch(/^Culture Amp returned the same next page twice/);
		expect(apiCalls()).toHaveLength(2);
	});
});

describe('single records', () => {
	it('employee.get returns the employee, without the data envelope', async () => {
		f = await CultureAmpFixture.start();

		const [employee] = await f.run({
			resource: 'employee',
			operation: 'get',
			employeeId: ` ${EMPLOYEE_2} `,
		});

		expect(employee.json).toMatchObject({
			id: EMPLOYEE_2,
			name: 'Employee 2',
			email: 'employee2@example.com',
		});
	});

	it('an unknown employee is a 404 that says so', async () => {
		f = await CultureAmpFixture.start();

		const error = await errorOf(
			f.run({ resource: 'employee', operation: 'get', employeeId: 'no-such-employee' }),
		);

		expect(headlineOf(error)).toBe('Culture Amp request failed (HTTP 404): Employee not found');
	});

	it('an id cannot reach another path', async () => {
		f = await CultureAmpFixture.start();

		await errorOf(
			f.run({ resource: 'employee', operation: 'get', employeeId: '../performance-cycles' }),
		);

		expect(apiCalls().map((entry) => entry.path)).toEqual([
			'/v1/employees/..%2Fperformance-cycles',
		]);
	});

	it('performanceCycle.get and managerReview.get', async () => {
		f = await CultureAmpFixture.start();

		const [cycle] = await f.run({
			resource: 'performanceCycle',
			operation: 'get',
			performanceCycleId: CYCLE,
		});
		const [review] = await f.run({
			resource: 'managerReview',
			operation: 'get',
			managerReviewId: 'b6505a73-d45f-4091-b3fb-74997de4cd02',
		});

		expect(cycle.json).toMatchObject({ id: CYCLE, state: 'active' });
		expect(review.json).toMatchObject({ employeeId: EMPLOYEE_2, performanceCycleId: CYCLE });
	});
});

describe('performance lists', () => {
	it("a cycle's manager reviews, over two pages", async () => {
		f = await CultureAmpFixture.start();

		const output = await f.run({
			resource: 'performanceCycle',
			operation: 'getManagerReviews',
			performanceCycleId: CYCLE,
			returnAll: true,
		});

		expect(output).toHaveLength(3);
		expect(apiCalls()).toHaveLength(2);
	});

	it("an employee's manager reviews, and all manager reviews processed after a date", async () => {
		f = await CultureAmpFixture.start();

		const own = await f.run({
			resource: 'employee',
			operation: 'getManagerReviews',
			employeeId: EMPLOYEE_2,
			returnAll: true,
		});
		const all = await f.run({
			resource: 'managerReview',
			operation: 'getAll',
			returnAll: true,
			filters: { afterDate: '2024-01-01T00:00:00Z' },
		});

		expect(own.map((item) => item.json.managerReviewId)).toEqual([
			'b6505a73-d45f-4091-b3fb-74997de4cd02',
		]);
		expect(all).toHaveLength(3);
	});
});

describe('request.send', () => {
	it('calls any API path with the token and returns the answer as is', async () => {
		f = await CultureAmpFixture.start();

		const [answer] = await f.run({
			resource: 'request',
			operation: 'send',
			method: 'GET',
			path: '/v1/performance-cycles',
		});

		expect(answer.json).toMatchObject({ data: [{ id: CYCLE }] });
	});

	it('refuses another host before anything is sent', async () => {
		f = await CultureAmpFixture.start();
		const elsewhere = new FakeCultureAmp();
		await elsewhere.start();
		try {
			const error = await errorOf(
				f.run({
					resource: 'request',
					operation: 'send',
					method: 'GET',
					path: `${elsewhere.url}/v1/employees`,
				}),
			);

			expect(headlineOf(error)).toBe(
				`Culture Amp request failed: refused to send the access token to ${elsewhere.url}`,
			);
			expect(error.description).toContain(`only signs requests to ${f.url}`);
			expect(elsewhere.log).toEqual([]);
			expect(f.fake.log).toEqual([]);
		} finally {
			await elsewhere.stop();
		}
	});
});

describe('userInfo.get', () => {
	it('shows entity, granted permissions and expiry, never the token', async () => {
		f = await CultureAmpFixture.start();

		const [info] = await f.run({ resource: 'userInfo', operation: 'get' });

		expect(info.json).toMatchObject({
			provider: 'Culture Amp',
			apiUrl: f.url,
			hasRefreshToken: false,
			entityId: '8ed17dce-9eca-4383-a9e1-54f82c362b6d',
			requestedPermissions: ['employees-read', 'performance-evaluations-read'],
			grantedPermissions: ['employees-read', 'performance-evaluations-read'],
			missingPermissions: [],
		});
		expect(info.json.warning).toBeUndefined();
		expect(Number(info.json.expiresInSeconds)).toBeGreaterThan(3500);
		expect(f.fake.issuedTokens).toHaveLength(1);
		expect(shown(info)).not.toContain(f.fake.issuedTokens[0]);
	});

	it('says which permissions Culture Amp did not grant, even when the probe call gets a 403', async () => {
		f = await CultureAmpFixture.start({ granted: ['performance-evaluations-read'] });
		f.save({
			permissions: ['employees-read', 'performance-evaluations-read', 'employee-demographics-read'],
		});

		const [info] = await f.run({ resource: 'userInfo', operation: 'get' });

		expect(info.json).toMatchObject({
			grantedPermissions: ['performance-evaluations-read'],
			missingPermissions: ['employees-read', 'employee-demographics-read'],
		});
		expect(info.json.warning).toMatch(
			/^Culture Amp granted fewer permissions than asked: not employees-read, employee-demographics-read\. Requests that need them fail with HTTP 403/,
		);
		expect(apiCalls().map((entry) => entry.status)).toEqual([403]);
	});

	it('uses the stored token when it is fresh: no sign-in and no API call', async () => {
		f = await CultureAmpFixture.start();
		await f.run({ resource: 'employee', operation: 'getAll', limit: 1 });
		f.fake.clearLog();

		const [info] = await f.run({ resource: 'userInfo', operation: 'get' });

		expect(info.json.grantedPermissions).toEqual([
			'employees-read',
			'performance-evaluations-read',
		]);
		expect(f.fake.log).toEqual([]);
	});
});

describe("the credential's Test", () => {
	/** What n8n's Test sends after signing in: the credential's own test request. */
	async function pressTest() {
		const { request } = f.credential.createType().test as { request: { headers: IDataObject } };
		await f.pressTest();
		return await f.get(`${f.url}/v1/employees`, { headers: request.headers });
	}

	it('names a permission asked for and not granted, and sends nothing more', async () => {
		f = await CultureAmpFixture.start({ granted: ['employees-read'] });
		f.save({ permissions: ['employees-read', 'employee-demographics-read'] });

		const error = await errorOf(pressTest());

		expect(headlineOf(error)).toBe(
			'Culture Amp sign-in failed: Culture Amp did not grant employee-demographics-read, which the credential asks for',
		);
		expect(error.description).toBe(
			'Ask Culture Amp to add employee-demographics-read to the API credential, or remove it from Permissions.',
		);
		expect(apiCalls()).toEqual([]);
	});

	it('passes when everything asked for was granted, without sending its marker', async () => {
		f = await CultureAmpFixture.start();
		const headers: string[] = [];
		f.fake.apiFault = (request) => {
			headers.push(...Object.keys(request.headers));
			return undefined;
		};

		await pressTest();

		expect(apiCalls()).toHaveLength(1);
		expect(headers).toContain('authorization');
		expect(headers.filter((name) => /credential-test/i.test(name))).toEqual([]);
	});

	it('does not stop a run: a node still gets what was granted', async () => {
		f = await CultureAmpFixture.start({ granted: ['employees-read'] });
		f.save({ permissions: ['employees-read', 'employee-demographics-read'] });

		const output = await f.run({ resource: 'employee', operation: 'getAll', limit: 1 });

		expect(output).toHaveLength(1);
	});
});
