import { Comm100Fixture } from './comm100Fixture';

/**
 * The Comm100 token lifecycle as n8n-core drives it: a password-grant sign-in, no refresh grant,
 * so a token due for renewal is replaced by one new sign-in before anything is sent with it.
 */

let f: Comm100Fixture;

beforeEach(async () => {
	f = await Comm100Fixture.start();
});

afterEach(async () => {
	await f.fake.stop();
});

const CONCURRENT = 10;
const agentInfo = () => ({ agentId: f.agent.agentId, siteId: f.agent.siteId, role: f.agent.role });

describe('the fake Comm100, like the docs', () => {
	it('refuses a sign-in sent as JSON, or without partnerId, and accepts the documented form', async () => {
		const form = new URLSearchParams({
			client_id: f.agent.clientIds[0],
			grant_type: 'password',
			email: f.agent.email,
			password: f.agent.password,
		}).toString();
		const post = (query: string, body: string, contentType: string) =>
			fetch(`${f.url}/oauth/token${query}`, {
				method: 'POST',
				headers: { 'Content-Type': contentType },
				body,
			});

		const json = await post(
			`?partnerId=${f.agent.partnerId}`,
			JSON.stringify(Object.fromEntries(new URLSearchParams(form))),
			'application/json',
		);
		const noPartner = await post('', form, 'application/x-www-form-urlencoded');
		const documented = await post(
			`?partnerId=${f.agent.partnerId}`,
			form,
			'application/x-www-form-urlencoded',
		);

		expect(json.status).toBe(400);
		expect(noPartner.status).toBe(400);
		expect(documented.status).toBe(200);
		expect(await documented.json()).toMatchObject({ token_type: 'Bearer', expires_in: 43200 });
	});
});

describe('a credential with no token yet', () => {
	it(`signs in once, with the form body Comm100 requires, for ${CONCURRENT} concurrent calls`, async () => {
		const context = f.context();

		const results = await Promise.all(
			Array.from({ length: CONCURRENT }, () => f.getWithin(context)),
		);

		expect(f.fake.log.filter((e) => e.kind === 'sign-in').map((e) => e.status)).toEqual([200]);
		expect(f.acceptedApiCalls()).toBe(CONCURRENT);
		for (const result of results) expect(result).toEqual(agentInfo());
	});

	it('keeps the token for the next execution: no second sign-in', async () => {
		await f.get();
		await f.get();

		expect(f.fake.count('sign-in')).toBe(1);
		expect(f.acceptedApiCalls()).toBe(2);
	});

	it('stores the expiry Comm100 gave in expires_in', async () => {
		f.fake.tokenLifetimeSeconds = 600;
		await f.get();

		const stored = f.stored();
		const lifetime =
			Date.parse(String(stored.tokenExpiresAt)) - Date.parse(String(stored.tokenIssuedAt));
		expect(lifetime).toBe(600_000);
		expect(stored.refreshToken).toBe('');
	});
});

describe('a token due for renewal', () => {
	it(`is replaced by exactly one sign-in, before sending, for ${CONCURRENT} concurrent calls`, async () => {
		await f.signInAndWaitForExpiry(2);
		const firstToken = f.stored().accessToken;
		f.fake.clearLog();
		const context = f.context();

		await Promise.all(Array.from({ length: CONCURRENT }, () => f.getWithin(context)));

		expect(f.fake.count('sign-in')).toBe(1);
		expect(f.fake.expiredTokenRequests()).toBe(0);
		expect(f.acceptedApiCalls()).toBe(CONCURRENT);
		expect(f.fake.count('api')).toBe(CONCURRENT);
		expect(f.stored().accessToken).not.toBe(firstToken);
	});

	it('is replaced once for two executions that both read the old credential', async () => {
		await f.signInAndWaitForExpiry(1);
		f.fake.clearLog();
		const userInfo = { resource: 'userInfo', operation: 'get' };

		const [first, second] = await Promise.all([
			f.run(userInfo, { items: 3 }),
			f.run(userInfo, { items: 3 }),
		]);

		expect(first).toHaveLength(3);
		expect(second).toHaveLength(3);
		expect(f.fake.count('sign-in')).toBe(1);
		expect(f.fake.expiredTokenRequests()).toBe(0);
		expect(f.acceptedApiCalls()).toBe(6);
	});
});

describe('the Test button', () => {
	it('signs in on every press, even with a fresh token stored, then the token works', async () => {
		await f.pressTest();
		await f.pressTest();

		expect(f.fake.count('sign-in')).toBe(2);
		expect(f.stored().accessToken).toBe(f.fake.issuedTokens[1]);
		expect(await f.get()).toEqual(agentInfo());
		expect(f.fake.count('sign-in')).toBe(2);
	});
});
