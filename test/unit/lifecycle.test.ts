import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IHttpRequestHelper } from 'n8n-workflow';
import { obtainToken } from '../../package/credentials/common/lifecycle';
import { ownerOf } from '../../package/credentials/common/identity';
import type { Credentials } from '../../package/credentials/common/types';
import { ourPeople } from '../../package/credentials/providers/ourPeople';
import { errorOf, fakeHttp, jwt, seconds, shown, tokenLiving, uniqueCredentials } from './helpers';
import { headlineOf } from '../harness/headline';

const MINUTE = 60_000;

/** Credentials as n8n stores them after an earlier sign-in, with a token that has expired. */
function withExpiredToken(refreshToken: string | undefined): Credentials {
	const credentials = uniqueCredentials();
	const issuedAt = Date.now() - 20 * MINUTE;
	const accessToken = jwt({ iat: seconds(issuedAt), exp: seconds(issuedAt + 15 * MINUTE) });
	return {
		...credentials,
		accessToken,
		refreshToken: refreshToken ?? '',
		tokenIssuedAt: new Date(issuedAt).toISOString(),
		tokenExpiresAt: new Date(issuedAt + 15 * MINUTE).toISOString(),
		tokenOwner: ownerOf(ourPeople, credentials, accessToken),
	};
}

const ok = (body: IDataObject) => ({ statusCode: 200, body });

/** obtainToken as it runs `ms` from now. */
async function obtainAfter(ms: number, http: IHttpRequestHelper, credentials: Credentials) {
	const clock = jest.spyOn(Date, 'now').mockReturnValue(Date.now() + ms);
	try {
		return await obtainToken(ourPeople, http, credentials);
	} finally {
		clock.mockRestore();
	}
}

describe('obtainToken', () => {
	it('signs in at the origin of an API URL typed with spaces and a path', async () => {
		const credentials = uniqueCredentials();
		const origin = credentials.apiUrl as string;
		const { http, calls } = fakeHttp(ok({ token: tokenLiving(900) }));
		await obtainToken(ourPeople, http, { ...credentials, apiUrl: ` ${origin}/some/path/ ` });
		expect(calls[0].url).toBe(`${origin}/v1/auth`);
	});

	it('accepts a token from a provider whose clock is hours off', async () => {
		const iat = seconds(Date.now()) - 5 * 3600;
		const { http } = fakeHttp(ok({ token: jwt({ iat, exp: iat + 900 }) }));
		const fields = await obtainToken(ourPeople, http, uniqueCredentials());
		const expiresIn = Date.parse(fields.tokenExpiresAt as string) - Date.now();
		expect(expiresIn).toBeGreaterThan(14 * MINUTE);
		expect(expiresIn).toBeLessThanOrEqual(15 * MINUTE);
	});

	it('keeps the old refresh token when the refresh answer has none', async () => {
		const { http } = fakeHttp(ok({ token: tokenLiving(900) }));
		const fields = await obtainToken(ourPeople, http, withExpiredToken('refresh-keep'));
		expect(fields.refreshToken).toBe('refresh-keep');
	});

	it('does not sign in when the refresh is rate limited (429)', async () => {
		const { http, calls } = fakeHttp({ statusCode: 429, body: { message: 'try later' } });
		const error = await errorOf(() => obtainToken(ourPeople, http, withExpiredToken('refresh-x')));
		expect(calls).toHaveLength(1);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toMatch(/refresh failed \(HTTP 429\)/);
	});

	it("signs in again when the other call's token is older than 30 s (so the Test button really tests)", async () => {
		const credentials = uniqueCredentials();
		const { http, calls } = fakeHttp(
			ok({ token: tokenLiving(900) }),
			ok({ token: tokenLiving(900) }),
		);
		await obtainToken(ourPeople, http, credentials);

		await obtainAfter(30_001, http, { ...credentials });

		expect(calls).toHaveLength(2);
	});

	describe('a rejected sign-in is not repeated at once (a wrong password can lock the account)', () => {
		const rejection = { statusCode: 401, body: { message: 'Invalid client id or secret' } };

		it('answers from memory for the same identity, without asking the provider', async () => {
			const credentials = uniqueCredentials();
			const { http, calls } = fakeHttp(rejection);
			const first = await errorOf(() => obtainToken(ourPeople, http, credentials));
			const second = await errorOf(() => obtainToken(ourPeople, http, { ...credentials }));
			expect(calls).toHaveLength(1);
			expect(second.message).toBe(first.message);
		});

		it('tries at once when the user changes the secret', async () => {
			const credentials = uniqueCredentials();
			const { http, calls } = fakeHttp(rejection, ok({ token: tokenLiving(900) }));
			await errorOf(() => obtainToken(ourPeople, http, credentials));
			const fixed = await obtainToken(ourPeople, http, {
				...credentials,
				clientSecret: 'the-right-secret',
			});
			expect(calls).toHaveLength(2);
			expect(fixed.accessToken).toBeTruthy();
		});

		it('asks the provider again after ten seconds', async () => {
			const credentials = uniqueCredentials();
			const { http, calls } = fakeHttp(rejection, ok({ token: tokenLiving(900) }));
			await errorOf(() => obtainToken(ourPeople, http, credentials));
			await obtainAfter(10_001, http, credentials);
			expect(calls).toHaveLength(2);
		});

		it('remembers a provider outage for five seconds only', async () => {
			const credentials = uniqueCredentials();
			const { http, calls } = fakeHttp(
				{ statusCode: 503, body: 'down' },
				ok({ token: tokenLiving(900) }),
			);
			const first = await errorOf(() => obtainToken(ourPeople, http, credentials));
			const second = await errorOf(() => obtainToken(ourPeople, http, credentials));
			expect(second.message).toBe(first.message);
			expect(calls).toHaveLength(1);
			await obtainAfter(5_001, http, credentials);
			expect(calls).toHaveLength(2);
		});
	});

	it('hides a secret even when the provider message is cut off inside it', async () => {
		const credentials = uniqueCredentials();
		const secret = credentials.clientSecret as string;
		const echo = `${'x'.repeat(290)} ${secret}`;
		const { http } = fakeHttp({ statusCode: 400, body: { message: echo } });
		const error = await errorOf(() => obtainToken(ourPeople, http, credentials));
		expect(shown(error)).not.toContain(secret.slice(0, 9));
	});

	it.each([
		[
			'an HTML page',
			{ statusCode: 200, body: '<!DOCTYPE html><html><body>Sign in</body></html>' },
			/HTML/,
		],
		['an empty answer', { statusCode: 200, body: '' }, /not JSON/],
		[
			'plain text',
			{ statusCode: 200, body: 'Welcome to the console' },
			/plain text \(22 characters\), not JSON/,
		],
		['cut-off JSON', { statusCode: 200, body: '{"token": "eyJhbGciOi' }, /not valid JSON/],
		[
			'an HTML error page',
			{ statusCode: 404, body: '<html><body>Not found</body></html>' },
			/404.*HTML/,
		],
	])('explains %s instead of a token', async (_, reply, said) => {
		const { http } = fakeHttp(reply);
		const error = await errorOf(() => obtainToken(ourPeople, http, uniqueCredentials()));
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toContain('OurPeople sign-in failed');
		expect(error.message).toMatch(said);
		expect(error.description).toMatch(/API URL/);
	});

	it('says how long it waited when the token endpoint does not answer in time', async () => {
		const credentials = uniqueCredentials();
		const host = new URL(credentials.apiUrl as string).host;
		const { http } = fakeHttp({
			throws: Object.assign(new Error('timeout of 30000ms exceeded'), { code: 'ECONNABORTED' }),
		});
		const error = await errorOf(() => obtainToken(ourPeople, http, credentials));
		expect(headlineOf(error)).toBe(`OurPeople sign-in failed: no answer from ${host} within 30 s`);
	});

	it('refuses a token that has already expired', async () => {
		const { http } = fakeHttp(ok({ token: jwt({ exp: seconds(Date.now()) - 60 }) }));
		const error = await errorOf(() => obtainToken(ourPeople, http, uniqueCredentials()));
		expect(error.message).toMatch(/already expired/);
		expect(error.description).toMatch(/clock/);
	});

	it.each([
		['an empty API URL', { apiUrl: '' }, /enter the API URL/],
		['a plain-http API URL', { apiUrl: 'http://example.com' }, /API URL must use https:\/\//],
		['no Client ID', { clientId: ' ' }, /enter the Client ID/],
		['no Client Secret', { clientSecret: '' }, /enter the Client Secret/],
	])('reports %s before any request', async (_, change, said) => {
		const { http, calls } = fakeHttp();
		const error = await errorOf(() => obtainToken(ourPeople, http, uniqueCredentials(change)));
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toMatch(said);
		expect(calls).toHaveLength(0);
	});
});
