import { FakeComm100 } from '../fakes/comm100';
import { Comm100Fixture, TYPE } from './comm100Fixture';
import { errorOf, shown } from './helpers';
import { headlineOf } from '../harness/headline';

/** The Comm100 node run by n8n-core against a fake Comm100: what the user gets out. */

let f: Comm100Fixture;
let elsewhere: FakeComm100;

beforeEach(async () => {
	f = await Comm100Fixture.start();
	elsewhere = new FakeComm100();
	await elsewhere.start();
});

afterEach(async () => {
	await f.fake.stop();
	await elsewhere.stop();
});

const send = (path: string, extra: Record<string, unknown> = {}) => ({
	resource: 'request',
	operation: 'send',
	method: 'GET',
	path,
	...extra,
});

describe('userInfo.get', () => {
	it('returns the agent, site and role from /oauth/userinfo and when the token expires, never the token', async () => {
		f.fake.tokenLifetimeSeconds = 600;

		const [info] = await f.run({ resource: 'userInfo', operation: 'get' });

		expect(info.json).toMatchObject({
			agentId: f.agent.agentId,
			siteId: f.agent.siteId,
			role: 'AGENT',
			provider: 'Comm100',
			apiUrl: f.url,
			hasRefreshToken: false,
		});
		expect(info.json.expiresInSeconds).toBeGreaterThan(590);
		expect(info.json.expiresInSeconds).toBeLessThanOrEqual(600);
		expect(Date.parse(String(info.json.expiresAt))).toBeGreaterThan(Date.now());
		expect(f.fake.log.map((e) => `${e.kind} ${e.method} ${e.path} ${e.status}`)).toEqual([
			'sign-in POST /oauth/token 200',
			'api GET /oauth/userinfo 200',
		]);
		expect(f.fake.issuedTokens).toHaveLength(1);
		expect(shown(info)).not.toContain(f.fake.issuedTokens[0]);
		expect(shown(info)).not.toContain(f.agent.email);
	});

	it('asks Comm100 for each item, with one sign-in', async () => {
		const output = await f.run({ resource: 'userInfo', operation: 'get' }, { items: 3 });

		expect(output.map((item) => item.pairedItem)).toEqual([0, 1, 2].map((item) => ({ item })));
		expect(f.fake.count('sign-in')).toBe(1);
		expect(f.acceptedApiCalls()).toBe(3);
	});
});

describe('request.send', () => {
	it('calls a path of the API with the token, with its query, and returns the answer', async () => {
		const [item] = await f.run(send('oauth/userinfo', { query: '{"siteId": 10115}' }));

		expect(item.json).toEqual({ agentId: f.agent.agentId, siteId: 10115, role: 'AGENT' });
		expect(f.acceptedApiCalls()).toBe(1);
	});

	it('says what Comm100 answered for a path it does not have', async () => {
		const error = await errorOf(f.run(send('/v1/nothing')));

		expect(headlineOf(error)).toBe(
			'Comm100 request failed (HTTP 404): No resource at GET /v1/nothing',
		);
		expect(error.description).toMatch(/^Check the path/);
	});

	it('refuses a URL on another host before any request', async () => {
		const error = await errorOf(f.run(send(`${elsewhere.url}/oauth/userinfo`)));

		expect(headlineOf(error)).toBe(
			`Comm100 request failed: refused to send the access token to ${elsewhere.url}`,
		);
		expect(error.description).toContain(`only signs requests to ${f.url}`);
		expect(f.fake.log).toEqual([]);
		expect(elsewhere.log).toEqual([]);
	});
});

describe('the credential in any node (e.g. HTTP Request)', () => {
	it('refuses to sign a request to another host', async () => {
		const context = f.context();

		const error = await errorOf(
			context.helpers.requestWithAuthentication.call(context, TYPE, {
				uri: `${elsewhere.url}/oauth/userinfo`,
				json: true,
			}),
		);

		expect(headlineOf(error)).toBe(
			`Comm100 request failed: refused to send the access token to ${elsewhere.url}`,
		);
		expect(elsewhere.log).toEqual([]);
	});
});
