import { NodeApiError } from 'n8n-workflow';
import { BlynkFixture } from './blynkFixture';
import type { Mode } from './blynkFixture';
import { errorOf, shown } from './helpers';
import { headlineOf } from '../harness/headline';

/**
 * The Blynk token lifecycle as n8n-core drives it, in both documented ways of authenticating
 * the client, asserted from what the fake Blynk.Cloud saw.
 */

const CONCURRENT = 12;
const WRONG_SECRET = 'Wrong/Secret+42!~';

describe.each<Mode>(['header', 'query'])('client credentials in the %s', (mode) => {
	let f: BlynkFixture;

	beforeEach(async () => {
		f = await BlynkFixture.start(mode);
	});

	afterEach(async () => {
		await f.fake.stop();
	});

	it(`signs in once, the ${mode} way, for ${CONCURRENT} concurrent calls`, async () => {
		const context = f.context();

		const results = await Promise.all(
			Array.from({ length: CONCURRENT }, () => f.getWithin(context)),
		);

		expect(f.tokenCalls()).toEqual([`client_credentials ${mode} 200`]);
		expect(f.acceptedApiCalls()).toBe(CONCURRENT);
		for (const result of results) expect(result.name).toBe('Demo Organization');
	});

	it('refreshes an expired token once, before sending, with the same client authentication', async () => {
		await f.signInAndWaitForExpiry(2);
		const firstRefreshToken = f.stored().refreshToken;
		f.fake.clearLog();
		const context = f.context();

		await Promise.all(Array.from({ length: CONCURRENT }, () => f.getWithin(context)));

		expect(f.tokenCalls()).toEqual([`refresh_token ${mode} 200`]);
		expect(f.fake.expiredTokenRequests()).toBe(0);
		expect(f.acceptedApiCalls()).toBe(CONCURRENT);
		expect(f.fake.count('api')).toBe(CONCURRENT);
		expect(f.stored().refreshToken).not.toBe(firstRefreshToken);
	});

	it('signs in again, once, when Blynk rejects the refresh token', async () => {
		await f.signInAndWaitForExpiry(1);
		f.fake.refreshTokens.revokeAll();
		f.fake.clearLog();

		const profile = await f.get();

		expect(profile.name).toBe('Demo Organization');
		expect(f.tokenCalls()).toEqual([`refresh_token ${mode} 400`, `client_credentials ${mode} 200`]);
		expect(f.fake.log.map((entry) => `${entry.kind} ${entry.status}`)).toEqual([
			'refresh 400',
			'sign-in 200',
			'api 200',
		]);
	});

	it('reports a refresh that fails with 500 without showing the secret or the refresh token', async () => {
		await f.signInAndWaitForExpiry(1);
		const refreshToken = String(f.stored().refreshToken);
		// A server that echoes the request URL, as error pages and proxies often do.
		const echoed = `https://blynk.test/oauth2/token?grant_type=refresh_token&refresh_token=${refreshToken}&client_id=${f.client.id}&${new URLSearchParams({ client_secret: f.client.secret })}`;
		f.fake.injectFault('refresh', {
			type: 'status',
			status: 500,
			body: { error: 'server_error', error_description: `Failed: POST ${echoed}` },
		});
		// The sign-in that follows a refresh without an answer fails too: the refresh's words are shown.
		f.fake.injectFault('sign-in', { type: 'status', status: 503 });

		const error = await errorOf(f.get());

		expect(error.message).toMatch(
			/^Blynk refresh failed \(HTTP 500\): Failed: POST .*refresh_token=\[redacted\]&client_id=.*client_secret=\[redacted\]/,
		);
		for (const secret of [f.client.secret, refreshToken, ...f.fake.issuedTokens])
			expect(shown(error)).not.toContain(secret);
	});

	describe('a wrong Client Secret', () => {
		it("fails the node with Blynk's own words, what to check, and no secret", async () => {
			f.save({ clientSecret: WRONG_SECRET });

			const error = await errorOf(f.run({ resource: 'device', operation: 'getAll' }));

			expect(error).toBeInstanceOf(NodeApiError);
			expect(headlineOf(error)).toBe(
				'Blynk sign-in failed (HTTP 401): Client ID is not found or password is wrong. - invalid_client',
			);
			expect(error.description).toContain('Check the Client ID and Client Secret');
			expect(f.tokenCalls()).toEqual([`client_credentials ${mode} 401`]);
			expect(f.fake.count('api')).toBe(0);
			expect(shown(error)).not.toContain(WRONG_SECRET);
		});

		it('is hidden even when Blynk echoes the whole token request back', async () => {
			f.save({ clientSecret: WRONG_SECRET });
			const query = new URLSearchParams({
				grant_type: 'client_credentials',
				client_id: f.client.id,
				client_secret: WRONG_SECRET,
			});
			f.fake.injectFault('sign-in', {
				type: 'status',
				status: 401,
				body: {
					error: 'invalid_client',
					error_description: `Rejected /oauth2/token?${query} (${encodeURIComponent(WRONG_SECRET)}, ${WRONG_SECRET})`,
				},
			});

			const error = await errorOf(f.run({ resource: 'device', operation: 'getAll' }));

			expect(error.message).toContain('client_secret=[redacted] ([redacted], [redacted])');
			expect(shown(error)).not.toContain(WRONG_SECRET);
			expect(shown(error)).not.toContain(encodeURIComponent(WRONG_SECRET));
		});

		it('is what the Test button shows', async () => {
			f.save({ clientSecret: WRONG_SECRET });

			const error = await errorOf(f.pressTest());

			expect(headlineOf(error)).toBe(
				'Blynk sign-in failed (HTTP 401): Client ID is not found or password is wrong. - invalid_client',
			);
			expect(shown(error)).not.toContain(WRONG_SECRET);
		});
	});

	it('Test button with the right secret: signs in as entered', async () => {
		const fields = await f.pressTest();

		expect(fields?.accessToken).toBe(f.fake.issuedTokens[0]);
		expect(f.tokenCalls()).toEqual([`client_credentials ${mode} 200`]);
	});
});
