import { FakeOurPeople } from '../fakes/ourPeople';
import { errorOf, shown } from './helpers';
import { Fixture, TYPE } from './ourPeopleFixture';
import { headlineOf } from '../harness/headline';

/** The OurPeople node run by n8n-core against a fake OurPeople: what the user gets out. */

let f: Fixture;
let elsewhere: FakeOurPeople;

beforeEach(async () => {
	f = await Fixture.start();
	elsewhere = new FakeOurPeople();
	await elsewhere.start();
});

afterEach(async () => {
	await f.fake.stop();
	await elsewhere.stop();
});

const getAllUsers = { resource: 'user', operation: 'getAll', returnAll: true };
const send = (path: string) => ({ resource: 'request', operation: 'send', method: 'GET', path });

describe('user.getAll', () => {
	it('signs in once for 5 items and returns the users of each, paired with their item', async () => {
		const output = await f.run(getAllUsers, { items: 5 });

		expect(f.fake.count('sign-in')).toBe(1);
		expect(f.fake.count('api')).toBe(5);
		expect(f.acceptedApiCalls()).toBe(5);
		expect(output).toHaveLength(10);
		expect(output.map((item) => item.json.name)).toEqual(
			Array(5).fill(['Ada Lovelace', 'Grace Hopper']).flat(),
		);
		expect(output.map((item) => item.pairedItem)).toEqual(
			[0, 0, 1, 1, 2, 2, 3, 3, 4, 4].map((item) => ({ item })),
		);
	});

	it('keeps the token for the next execution: no second sign-in', async () => {
		await f.run(getAllUsers);
		await f.run(getAllUsers, { items: 2 });

		expect(f.fake.count('sign-in')).toBe(1);
		expect(f.acceptedApiCalls()).toBe(3);
	});
});

describe('request.send', () => {
	it('calls a path of the API with the token and returns the answer', async () => {
		const output = await f.run(send('/v1/users'));

		expect(output.map((item) => item.json.name)).toEqual(['Ada Lovelace', 'Grace Hopper']);
		expect(f.acceptedApiCalls()).toBe(1);
	});

	it('refuses a URL on another host, naming the host it may call, before any request', async () => {
		const error = await errorOf(f.run(send('https://evil.example/x')));

		expect(headlineOf(error)).toBe(
			`OurPeople request failed: refused to send the access token to https://evil.example`,
		);
		expect(error.description).toContain(`only signs requests to ${f.url}`);
		expect(f.fake.log).toEqual([]);
	});

	it('sends nothing to another host that answers, even once a token exists', async () => {
		await f.run(send('/v1/users'));

		const error = await errorOf(f.run(send(`${elsewhere.url}/v1/users`)));

		expect(error.description).toContain(`only signs requests to ${f.url}`);
		expect(elsewhere.log).toEqual([]);
	});

	it('treats a protocol-relative path (//host/x) as a path on the API host, never as another host', async () => {
		const otherHost = elsewhere.url.replace(/^http:/, '');

		const error = await errorOf(f.run(send(`${otherHost}/v1/users`)));

		expect(elsewhere.log).toEqual([]);
		expect(error.message).toMatch(/^OurPeople request failed \(HTTP 404\)/);
		expect(
			f.fake.log.filter((entry) => entry.kind !== 'sign-in').map((entry) => entry.path),
		).toEqual([`/${otherHost.replace(/^\/\//, '')}/v1/users`]);
	});
});

describe('the credential used by any node (e.g. HTTP Request)', () => {
	const refusal = () =>
		`OurPeople request failed: refused to send the access token to ${elsewhere.url}`;

	it('refuses to sign a request to another host (httpRequestWithAuthentication)', async () => {
		const context = f.context();

		const error = await errorOf(
			context.helpers.httpRequestWithAuthentication.call(context, TYPE, {
				url: `${elsewhere.url}/v1/users`,
				json: true,
			}),
		);

		expect(headlineOf(error)).toBe(refusal());
		expect(error.description).toContain(`only signs requests to ${f.url}`);
		expect(elsewhere.log).toEqual([]);
	});

	it('refuses to sign a request to another host (legacy requestWithAuthentication)', async () => {
		const context = f.context();

		const error = await errorOf(
			context.helpers.requestWithAuthentication.call(context, TYPE, {
				uri: `${elsewhere.url}/v1/users`,
				json: true,
			}),
		);

		expect(headlineOf(error)).toBe(refusal());
		expect(elsewhere.log).toEqual([]);
	});
});

describe('userInfo.get', () => {
	it('says who the token belongs to and when it expires, never the token itself', async () => {
		const demo = await Fixture.start('demo-client');
		try {
			const [info] = await demo.run({ resource: 'userInfo', operation: 'get' });

			expect(info.json).toMatchObject({
				provider: 'OurPeople',
				apiUrl: demo.url,
				hasRefreshToken: true,
			});
			expect(info.json.claims).toMatchObject({ sub: 'demo-client', name: 'Integration Test' });
			expect(info.json.expiresInSeconds).toBeGreaterThan(0);
			expect(demo.fake.issuedTokens.length).toBeGreaterThan(0);
			for (const token of demo.fake.issuedTokens) expect(shown(info)).not.toContain(token);
		} finally {
			await demo.fake.stop();
		}
	});

	it('uses the stored token when it is fresh: no sign-in and no API call', async () => {
		await f.run(getAllUsers);
		f.fake.clearLog();

		const [info] = await f.run({ resource: 'userInfo', operation: 'get' });

		expect(info.json.provider).toBe('OurPeople');
		expect(f.fake.log).toEqual([]);
	});
});
