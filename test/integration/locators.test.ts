import type { IDataObject, INodeListSearchResult } from 'n8n-workflow';
import { BlynkFixture } from './blynkFixture';
import { CultureAmpFixture } from './cultureAmpFixture';
import { errorOf, shown } from './helpers';
import { reasonOf } from '../../package/credentials/common/errors';

/**
 * The resource locators: the lists the editor shows (listSearch, through n8n-core's
 * LoadOptionsContext and the credential's token lifecycle) and the ids each mode sends.
 */

let f: CultureAmpFixture | BlynkFixture;

afterEach(async () => {
	await f.fake.stop();
});

const EMPLOYEE_2 = '00000002-3099-44a9-bd28-0292be8aff7f';
const listed = (result: INodeListSearchResult) =>
	result.results.map((item) => `${item.name} = ${item.value}`);
const apiPaths = () =>
	f.fake.log.filter((entry) => entry.kind === 'api').map((entry) => entry.path);
const rl = (mode: string, value: string) => ({ __rl: true, mode, value });

describe('Culture Amp lists', () => {
	it('list employees by name and id, a page at a time (pagination.nextPath)', async () => {
		const ca = (f = await CultureAmpFixture.start());

		const first = await ca.listSearch('searchEmployees');
		const second = await ca.listSearch('searchEmployees', undefined, first.paginationToken);
		const last = await ca.listSearch('searchEmployees', undefined, second.paginationToken);

		expect(listed(first)).toEqual([
			'Employee 1 = 00000001-3099-44a9-bd28-0292be8aff7f',
			'Employee 2 = 00000002-3099-44a9-bd28-0292be8aff7f',
		]);
		expect(first.results[0].description).toBe('employee1@example.com');
		expect(listed(second).map((entry) => entry.split(' = ')[0])).toEqual([
			'Employee 3',
			'Employee 4',
		]);
		expect(listed(last).map((entry) => entry.split(' = ')[0])).toEqual(['Employee 5']);
		expect(last.paginationToken).toBeUndefined();
		expect(apiPaths()).toEqual(Array(3).fill('/v1/employees'));
	});

	it('filter each page here (the API has no name search), reading on until one matches', async () => {
		const ca = (f = await CultureAmpFixture.start());

		const byName = await ca.listSearch('searchEmployees', 'employee 4');
		const byEmail = await ca.listSearch('searchEmployees', 'EMPLOYEE5@');

		expect(listed(byName)).toEqual(['Employee 4 = 00000004-3099-44a9-bd28-0292be8aff7f']);
		expect(byName.paginationToken).toMatch(/^\/v1\/employees\?cursor=/);
		expect(listed(byEmail).map((entry) => entry.split(' = ')[0])).toEqual(['Employee 5']);
		expect(byEmail.paginationToken).toBeUndefined();
	});

	it('list performance cycles by name, and manager reviews by employee and status', async () => {
		const ca = (f = await CultureAmpFixture.start());

		const cycles = await ca.listSearch('searchPerformanceCycles');
		const reviews = await ca.listSearch('searchManagerReviews', 'completed');

		expect(listed(cycles)).toEqual(['H1 performance cycle = b6505a73-d45f-4091-b3fb-74997de4cdc6']);
		expect(listed(reviews)).toEqual([
			'Employee 00000001-3099-44a9-bd28-0292be8aff7f (completed) = b6505a73-d45f-4091-b3fb-74997de4cd01',
			'Employee 00000002-3099-44a9-bd28-0292be8aff7f (completed) = b6505a73-d45f-4091-b3fb-74997de4cd02',
		]);
	});

	it('sign in anew for a token past its expiry before listing: no request carries it', async () => {
		const ca = (f = await CultureAmpFixture.start());
		await ca.signInAndWaitForExpiry(2);
		ca.fake.clearLog();

		const result = await ca.listSearch('searchEmployees');

		expect(result.results).toHaveLength(2);
		expect(ca.fake.count('sign-in')).toBe(1);
		expect(ca.fake.expiredTokenRequests()).toBe(0);
		expect(ca.fake.log.filter((entry) => entry.status === 401)).toEqual([]);
	});

	it("fail with the package's error, which names the permission and never the token", async () => {
		const ca = (f = await CultureAmpFixture.start({ granted: ['performance-evaluations-read'] }));

		const error = await errorOf(ca.listSearch('searchEmployees'));

		expect(reasonOf(error)).toBe('api_rejected');
		expect(error.description).toContain('employees-read');
		expect(ca.fake.issuedTokens).toHaveLength(1);
		expect(shown(error)).not.toContain(ca.fake.issuedTokens[0]);
		expect(shown(error)).not.toContain(ca.secret);
	});

	it('refuse a pagination token that is not a page of the list, before sending anything', async () => {
		const ca = (f = await CultureAmpFixture.start());

		const error = await errorOf(
			ca.listSearch('searchEmployees', undefined, '/v1/performance-cycles?cursor=Mg'),
		);

		expect(reasonOf(error)).toBe('configuration');
		expect(ca.fake.log).toEqual([]);
	});

	it.each(['searchEmployees', 'searchPerformanceCycles', 'searchManagerReviews'])(
		'%s: a filter nothing matches reads pages for 10 s at most, then hands the editor the next page',
		async (method) => {
			const ca = (f = await CultureAmpFixture.start());
			const realNow = Date.now.bind(Date);
			let elapsedMs = 0;
			jest.spyOn(Date, 'now').mockImplementation(() => realNow() + elapsedMs);
			let page = 0;
			// A list that never ends, of records the filter does not match; each page takes 6 s.
			ca.fake.apiFault = (request) => {
				page += 1;
				elapsedMs += 6_000;
				const records = [{ id: `other-${page}`, managerReviewId: `other-${page}`, name: 'Other' }];
				const nextPath = `${request.path}?cursor=${Buffer.from(String(page)).toString('base64url')}`;
				return { type: 'status', status: 200, body: { data: records, pagination: { nextPath } } };
			};

			const result = await ca.listSearch(method, 'nobody').finally(() => jest.restoreAllMocks());

			expect(result.results).toEqual([]);
			expect(result.paginationToken).toMatch(/\?cursor=Mg$/);
			expect(apiPaths()).toHaveLength(2);
		},
	);
});

describe('Culture Amp locator modes', () => {
	const getEmployee = (employeeId: IDataObject) => ({
		resource: 'employee',
		operation: 'get',
		employeeId,
	});

	it.each([
		['From List', rl('list', EMPLOYEE_2)],
		['By ID', rl('id', ` ${EMPLOYEE_2} `)],
	])('%s requests that employee', async (_mode, employeeId) => {
		const ca = (f = await CultureAmpFixture.start());

		const [employee] = await ca.run(getEmployee(employeeId));

		expect(employee.json.name).toBe('Employee 2');
		expect(apiPaths()).toEqual([`/v1/employees/${EMPLOYEE_2}`]);
	});

	it('a workflow saved with the plain string id (node version 1) still runs', async () => {
		const ca = (f = await CultureAmpFixture.start());

		const [cycle] = await ca.run(
			{
				resource: 'performanceCycle',
				operation: 'get',
				performanceCycleId: 'b6505a73-d45f-4091-b3fb-74997de4cdc6',
			},
			{ typeVersion: 1 },
		);

		expect(cycle.json.name).toBe('H1 performance cycle');
		expect(apiPaths()).toEqual(['/v1/performance-cycles/b6505a73-d45f-4091-b3fb-74997de4cdc6']);
	});

	const CYCLE = 'b6505a73-d45f-4091-b3fb-74997de4cdc6';
	const REVIEW = 'b6505a73-d45f-4091-b3fb-74997de4cd02';
	it.each([
		['employee', 'get', 'employeeId', EMPLOYEE_2, `/v1/employees/${EMPLOYEE_2}`],
		[
			'employee',
			'getManagerReviews',
			'employeeId',
			EMPLOYEE_2,
			`/v1/employees/${EMPLOYEE_2}/manager-reviews`,
		],
		[
			'performanceCycle',
			'getManagerReviews',
			'performanceCycleId',
			CYCLE,
			`/v1/performance-cycles/${CYCLE}/manager-reviews`,
		],
		['managerReview', 'get', 'managerReviewId', REVIEW, `/v1/manager-reviews/${REVIEW}`],
	])(
		'node version 1: %s → %s with the plain %s requests it',
		async (resource, operation, name, id, path) => {
			const ca = (f = await CultureAmpFixture.start());

			const output = await ca.run(
				{ resource, operation, [name]: id, returnAll: true },
				{ typeVersion: 1 },
			);

			expect(output.length).toBeGreaterThan(0);
			expect(apiPaths()[0]).toBe(path);
		},
	);
});

describe('Blynk lists', () => {
	it('list devices by name and id in pages of 100', async () => {
		const b = (f = await BlynkFixture.start('header', { deviceCount: 150 }));

		const first = await b.listSearch('searchDevices');
		const second = await b.listSearch('searchDevices', '', first.paginationToken);

		expect(first.results).toHaveLength(100);
		expect(listed(first)[0]).toBe('Sensor 1 (1000) = 1000');
		expect(second.results).toHaveLength(50);
		expect(second.paginationToken).toBeUndefined();
		expect(b.fake.apiRequests).toEqual([
			'/api/v1/organization/devices?page=0&size=100',
			'/api/v1/organization/devices?page=1&size=100',
		]);
		expect(shown(first)).not.toContain('device-token-');
	});

	it("search devices with Blynk's device search", async () => {
		const b = (f = await BlynkFixture.start());

		const result = await b.listSearch('searchDevices', 'valve');

		expect(listed(result)).toEqual(['North Valve (2001) = 2001', 'South Valve (2002) = 2002']);
		expect(b.fake.apiRequests).toEqual([
			'/api/v1/organization/search/devices?query=valve&page=0&size=100',
		]);
	});

	it("list the client's own organization, and search its sub-organizations", async () => {
		const b = (f = await BlynkFixture.start());

		const own = await b.listSearch('searchOrganizations');
		const found = await b.listSearch('searchOrganizations', 'greenhouse');

		expect(listed(own)).toEqual(['Demo Organization (658) = 658']);
		expect(listed(found)).toEqual(['Greenhouse North (751) = 751', 'Greenhouse South (752) = 752']);
		expect(b.fake.apiRequests).toEqual([
			'/api/v1/organization/profile',
			'/api/v1/organization/search?query=greenhouse&page=0&size=100',
		]);
	});

	it('refresh a token past its expiry before listing: no request carries it', async () => {
		const b = (f = await BlynkFixture.start());
		await b.signInAndWaitForExpiry(2);
		b.fake.clearLog();

		await b.listSearch('searchDevices', 'sensor');

		expect(b.tokenCalls()).toEqual(['refresh_token header 200']);
		expect(b.fake.expiredTokenRequests()).toBe(0);
	});
});

describe('Blynk locator modes', () => {
	const output = async (parameters: IDataObject, typeVersion?: number) =>
		(await (f as BlynkFixture).run(parameters, { typeVersion })).map((item) => item.json);

	it('Device → Get sends the device chosen from the list or by ID', async () => {
		const b = (f = await BlynkFixture.start());

		const [fromList] = await output({
			resource: 'device',
			operation: 'get',
			deviceId: rl('list', '2001'),
		});
		const [byId] = await output({
			resource: 'device',
			operation: 'get',
			deviceId: rl('id', '1002'),
		});

		expect([fromList.name, byId.name]).toEqual(['North Valve', 'Sensor 3']);
		expect(b.fake.apiRequests).toEqual([
			'/api/v1/organization/device?deviceId=2001',
			'/api/v1/organization/device?deviceId=1002',
		]);
	});

	it('Organization → Get and Device → Get Many take the organization from the locator', async () => {
		const b = (f = await BlynkFixture.start());

		const [org] = await output({
			resource: 'organization',
			operation: 'get',
			orgId: rl('list', '751'),
		});
		const devices = await output({
			resource: 'device',
			operation: 'getAll',
			returnAll: true,
			options: { orgId: rl('id', '752') },
		});

		expect(org.name).toBe('Greenhouse North');
		expect(devices.map((device) => device.name)).toEqual(['South Valve']);
		expect(b.fake.apiRequests).toEqual([
			'/api/v1/organization?orgId=751',
			'/api/v1/organization/devices?orgId=752&page=0&size=1000',
		]);
	});

	it('a workflow saved with the number orgId (node version 1) still runs', async () => {
		f = await BlynkFixture.start();

		const [org] = await output({ resource: 'organization', operation: 'get', orgId: 752 }, 1);
		const devices = await output(
			{ resource: 'device', operation: 'getAll', returnAll: true, options: { orgId: 751 } },
			1,
		);

		expect(org.name).toBe('Greenhouse South');
		expect(devices.map((device) => device.name)).toEqual(['North Valve']);
	});
});
