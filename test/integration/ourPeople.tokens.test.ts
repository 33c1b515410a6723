import type { IDataObject } from 'n8n-workflow';
import { errorOf } from './helpers';
import { Fixture, TYPE } from './ourPeopleFixture';
import { headlineOf } from '../harness/headline';

/**
 * The token lifecycle as n8n-core drives it (preAuthentication, authenticate, retry on 401),
 * asserted from what the fake OurPeople saw.
 */

let f: Fixture;

beforeEach(async () => {
	f = await Fixture.start();
});

afterEach(async () => {
	await f.fake.stop();
});

const CONCURRENT = 12;
const users = (result: unknown) => (result as IDataObject[]).map((user) => user.name);

describe('a credential with no token yet', () => {
	it(`signs in once for ${CONCURRENT} concurrent httpRequestWithAuthentication calls`, async () => {
		const context = f.context();

		const results = await Promise.all(
			Array.from({ length: CONCURRENT }, () => f.getWithin(context)),
		);

		expect(f.fake.count('sign-in')).toBe(1);
		expect(f.fake.count('api')).toBe(CONCURRENT);
		expect(f.acceptedApiCalls()).toBe(CONCURRENT);
		for (const result of results) expect(users(result)).toEqual(['Ada Lovelace', 'Grace Hopper']);
	});

	it('signs in once for concurrent legacy requestWithAuthentication calls (HTTP Request node)', async () => {
		const context = f.context();
		const legacyGet = () =>
			context.helpers.requestWithAuthentication.call(context, TYPE, {
				uri: `${f.url}/v1/users`,
				method: 'GET',
				json: true,
			});

		const results = await Promise.all(Array.from({ length: 5 }, legacyGet));

		expect(f.fake.count('sign-in')).toBe(1);
		expect(f.acceptedApiCalls()).toBe(5);
		expect(f.fake.count('api')).toBe(5);
		for (const result of results) expect(users(result)).toEqual(['Ada Lovelace', 'Grace Hopper']);
	});
});

describe('a wrong secret', () => {
	it("is tried once, although n8n's legacy helper asks again after the failure and 5 items run", async () => {
		f.save({ clientSecret: 'not-the-secret-42' });
		const context = f.context();
		const legacyGet = () =>
			context.helpers.requestWithAuthentication.call(context, TYPE, {
				uri: `${f.url}/v1/users`,
				json: true,
			});

		const errors = await Promise.all(Array.from({ length: 5 }, () => errorOf(legacyGet())));

		expect(f.fake.count('sign-in')).toBe(1);
		for (const error of errors)
			expect(headlineOf(error)).toBe(
				'OurPeople sign-in failed (HTTP 401): Invalid client id or secret',
			);
	});
});

/**
 * The OurPeople fake's tokens carry only a JWT `exp`, placed on our clock through the answer's
 * Date header, which is read as up to 999 ms later than it says: a 1 s token could arrive with
 * almost nothing left. Two seconds leave at least one.
 */
const TOKEN_SECONDS = 2;

describe('an expired token', () => {
	it(`is refreshed once, before sending, for ${CONCURRENT} concurrent calls`, async () => {
		await f.signInAndWaitForExpiry(2);
		const firstRefreshToken = f.stored().refreshToken;
		f.fake.clearLog();
		const context = f.context();

		await Promise.all(Array.from({ length: CONCURRENT }, () => f.getWithin(context)));

		expect(f.fake.count('refresh')).toBe(1);
		expect(f.fake.count('sign-in')).toBe(0);
		expect(f.fake.expiredTokenRequests()).toBe(0);
		expect(f.acceptedApiCalls()).toBe(CONCURRENT);
		expect(f.fake.count('api')).toBe(CONCURRENT);
		expect(f.refusedRefreshes()).toBe(0);
		expect(f.stored().refreshToken).not.toBe(firstRefreshToken);
	});

	it('is refreshed once by two executions that both read the expired credential', async () => {
		await f.signInAndWaitForExpiry(TOKEN_SECONDS);
		f.fake.clearLog();
		const getAll = { resource: 'user', operation: 'getAll', returnAll: true };

		const [first, second] = await Promise.all([
			f.run(getAll, { items: 3 }),
			f.run(getAll, { items: 3 }),
		]);

		expect(first).toHaveLength(6);
		expect(second).toHaveLength(6);
		expect(f.fake.count('refresh')).toBe(1);
		expect(f.refusedRefreshes()).toBe(0);
		expect(f.fake.count('sign-in')).toBe(0);
		expect(f.fake.expiredTokenRequests()).toBe(0);
		expect(f.acceptedApiCalls()).toBe(6);
	});

	it('is not refreshed again by an execution holding a copy read before the refresh', async () => {
		await f.signInAndWaitForExpiry(TOKEN_SECONDS);
		const staleCopy = f.store.read(TYPE);
		f.fake.clearLog();

		await f.get();
		jest.spyOn(f.store, 'getDecrypted').mockResolvedValueOnce(staleCopy);
		const result = await f.get();

		expect(users(result)).toEqual(['Ada Lovelace', 'Grace Hopper']);
		expect(f.fake.count('refresh')).toBe(1);
		expect(f.refusedRefreshes()).toBe(0);
		expect(f.fake.count('sign-in')).toBe(0);
		expect(f.fake.expiredTokenRequests()).toBe(0);
		expect(f.acceptedApiCalls()).toBe(2);
	});

	it('signs in again, once, when the refresh token was revoked', async () => {
		await f.signInAndWaitForExpiry(TOKEN_SECONDS);
		f.fake.refreshTokens.revokeAll();
		f.fake.clearLog();

		const result = await f.get();

		expect(users(result)).toEqual(['Ada Lovelace', 'Grace Hopper']);
		expect(f.fake.log.map((entry) => `${entry.kind} ${entry.status}`)).toEqual([
			'refresh 401',
			'sign-in 200',
			'api 200',
		]);
	});

	it('signs in when the refresh gets HTTP 500 once the token expired (the refresh may be spent)', async () => {
		await f.signInAndWaitForExpiry(TOKEN_SECONDS);
		f.fake.injectFault('refresh', { type: 'status', status: 500 });
		f.fake.clearLog();

		await f.run({ resource: 'user', operation: 'getAll' });

		expect(f.fake.log.map((entry) => `${entry.kind} ${entry.status}`)).toEqual([
			'refresh 500',
			'sign-in 200',
			'api 200',
		]);
	});

	it('fails with the refresh error when the sign-in after it fails too', async () => {
		await f.signInAndWaitForExpiry(TOKEN_SECONDS);
		f.fake.injectFault('refresh', { type: 'status', status: 500 });
		f.fake.injectFault('sign-in', { type: 'status', status: 503 });

		const error = await errorOf(f.run({ resource: 'user', operation: 'getAll' }));

		expect(headlineOf(error)).toBe('OurPeople refresh failed (HTTP 500): injected 500');
		expect(error.description).toBe('The provider had a problem answering; try again later.');
	});
});
