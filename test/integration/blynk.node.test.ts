import type { IDataObject } from 'n8n-workflow';
import { FakeBlynk } from '../fakes/blynk';
import { BlynkFixture, TYPE } from './blynkFixture';
import { errorOf, shown } from './helpers';
import { headlineOf } from '../harness/headline';

/** The Blynk node run by n8n-core against a fake Blynk.Cloud: what the user gets out. */

let f: BlynkFixture;

afterEach(async () => {
	await f.fake.stop();
});

const json = (output: Array<{ json: IDataObject }>) => output.map((item) => item.json);
const names = (output: Array<{ json: IDataObject }>) => output.map((item) => item.json.name);

describe('userInfo.get', () => {
	beforeEach(async () => {
		f = await BlynkFixture.start();
	});

	it('returns the organization the client belongs to and when the token expires, never the token', async () => {
		const [info] = json(await f.run({ resource: 'userInfo', operation: 'get' }));

		expect(info).toMatchObject({
			id: 658,
			name: 'Demo Organization',
			provider: 'Blynk',
			apiUrl: f.url,
			hasRefreshToken: true,
		});
		expect(info.expiresInSeconds).toBeGreaterThan(86_000);
		expect(f.fake.apiRequests).toEqual(['/api/v1/organization/profile']);
		expect(f.fake.issuedTokens).toHaveLength(2);
		for (const token of f.fake.issuedTokens) expect(shown(info)).not.toContain(token);
	});
});

describe('device', () => {
	it('getAll with Return All fetches every page of 1000, and each device once', async () => {
		f = await BlynkFixture.start('header', { deviceCount: 2100 });

		const output = await f.run({ resource: 'device', operation: 'getAll', returnAll: true });

		expect(output).toHaveLength(2100);
		expect(new Set(output.map((item) => item.json.id)).size).toBe(2100);
		expect(f.fake.apiRequests).toEqual(
			[0, 1, 2].map((page) => `/api/v1/organization/devices?page=${page}&size=1000`),
		);
	});

	it('getAll with a Limit asks for a page of that size and stops', async () => {
		f = await BlynkFixture.start();

		const output = await f.run({
			resource: 'device',
			operation: 'getAll',
			returnAll: false,
			limit: 3,
		});

		expect(names(output)).toEqual(['Sensor 1', 'Sensor 2', 'Sensor 3']);
		expect(f.fake.apiRequests).toEqual(['/api/v1/organization/devices?page=0&size=3']);
	});

	it('getAll stops at the last page when the organization has exactly a page of devices', async () => {
		f = await BlynkFixture.start('header', { deviceCount: 1000 });

		const output = await f.run({ resource: 'device', operation: 'getAll', returnAll: true });

		expect(output).toHaveLength(1000);
		expect(f.fake.apiRequests).toHaveLength(1);
	});

	it('getAll can include sub-organizations, or list one sub-organization', async () => {
		f = await BlynkFixture.start();

		const all = await f.run({
			resource: 'device',
			operation: 'getAll',
			returnAll: true,
			options: { includeSubOrgDevices: true },
		});
		const north = await f.run({
			resource: 'device',
			operation: 'getAll',
			returnAll: true,
			options: { orgId: 751 },
		});

		expect(names(all)).toEqual([
			...Array.from({ length: 7 }, (_, i) => `Sensor ${i + 1}`),
			'North Valve',
			'South Valve',
		]);
		expect(names(north)).toEqual(['North Valve']);
		expect(f.fake.apiRequests).toEqual([
			'/api/v1/organization/devices?includeSubOrgDevices=true&page=0&size=1000',
			'/api/v1/organization/devices?orgId=751&page=0&size=1000',
		]);
	});

	it("getAll of an organization the client cannot see fails with Blynk's words", async () => {
		f = await BlynkFixture.start();

		const error = await errorOf(
			f.run({ resource: 'device', operation: 'getAll', options: { orgId: 900 } }),
		);

		expect(error.message).toBe(
			`Blynk request failed (HTTP 404): Organization is not found or you don't have access to it. ${error.description}`,
		);
	});

	it('search finds devices by name', async () => {
		f = await BlynkFixture.start();

		const output = await f.run({
			resource: 'device',
			operation: 'search',
			query: 'valve',
			returnAll: true,
		});

		expect(names(output)).toEqual(['North Valve', 'South Valve']);
		expect(f.fake.apiRequests).toEqual([
			'/api/v1/organization/search/devices?query=valve&page=0&size=1000',
		]);
	});
});

describe('user.search', () => {
	it('pages by 100 (the documented maximum) and keeps the query on every page', async () => {
		f = await BlynkFixture.start('query', { userCount: 250 });

		const output = await f.run({
			resource: 'user',
			operation: 'search',
			query: 'member',
			returnAll: true,
		});

		expect(output).toHaveLength(250);
		expect(new Set(output.map((item) => item.json.email)).size).toBe(250);
		expect(f.fake.apiRequests).toEqual(
			[0, 1, 2].map(
				(page) => `/api/v1/organization/search/users?query=member&page=${page}&size=100`,
			),
		);
	});

	it('stops as soon as the Limit is reached', async () => {
		f = await BlynkFixture.start('header', { userCount: 250 });

		const output = await f.run({
			resource: 'user',
			operation: 'search',
			query: 'example.com',
			returnAll: false,
			limit: 150,
		});

		expect(output).toHaveLength(150);
		expect(f.fake.apiRequests).toEqual(
			[0, 1].map(
				(page) => `/api/v1/organization/search/users?query=example.com&page=${page}&size=100`,
			),
		);
	});

	it('stops at the page that reaches totalElements, even when that page is full', async () => {
		f = await BlynkFixture.start('header', { userCount: 200 });

		const output = await f.run({
			resource: 'user',
			operation: 'search',
			query: 'member',
			returnAll: true,
		});

		expect(output).toHaveLength(200);
		expect(f.fake.apiRequests).toHaveLength(2);
	});
});

describe('organization', () => {
	beforeEach(async () => {
		f = await BlynkFixture.start();
	});

	it('get returns a sub-organization by its ID', async () => {
		const [org] = json(await f.run({ resource: 'organization', operation: 'get', orgId: 751 }));

		expect(org).toMatchObject({ id: 751, name: 'Greenhouse North', parentOrganizationId: 658 });
		expect(f.fake.apiRequests).toEqual(['/api/v1/organization?orgId=751']);
	});

	it('search finds sub-organizations', async () => {
		const output = await f.run({
			resource: 'organization',
			operation: 'search',
			query: 'greenhouse',
			returnAll: true,
		});

		expect(names(output)).toEqual(['Greenhouse North', 'Greenhouse South']);
	});
});

describe('request.send', () => {
	let elsewhere: FakeBlynk;

	beforeEach(async () => {
		f = await BlynkFixture.start();
		elsewhere = new FakeBlynk();
		await elsewhere.start();
	});

	afterEach(async () => {
		await elsewhere.stop();
	});

	const send = (path: string, query = '{}') => ({
		resource: 'request',
		operation: 'send',
		method: 'GET',
		path,
		query,
	});

	it('calls any Organization API path with the token', async () => {
		const output = await f.run(send('/api/v1/organization/devices', '{"size": 2}'));

		expect(output).toHaveLength(1);
		expect(output[0].json).toMatchObject({ totalElements: 7 });
		expect((output[0].json.content as IDataObject[]).map((device) => device.name)).toEqual([
			'Sensor 1',
			'Sensor 2',
		]);
	});

	it('refuses another host before sending anything', async () => {
		const error = await errorOf(f.run(send(`${elsewhere.url}/api/v1/organization/profile`)));

		expect(headlineOf(error)).toBe(
			`Blynk request failed: refused to send the access token to ${elsewhere.url}`,
		);
		expect(error.description).toContain(`only signs requests to ${f.url}`);
		expect(elsewhere.log).toEqual([]);
	});

	it('the credential in any node (HTTP Request) signs only the Blynk server', async () => {
		const context = f.context();

		const error = await errorOf(
			context.helpers.requestWithAuthentication.call(context, TYPE, {
				uri: `${elsewhere.url}/api/v1/organization/profile`,
				json: true,
			}),
		);

		expect(headlineOf(error)).toBe(
			`Blynk request failed: refused to send the access token to ${elsewhere.url}`,
		);
		expect(elsewhere.log).toEqual([]);
	});
});
