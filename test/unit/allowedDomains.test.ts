import { reasonOf } from '../../package/credentials/common/errors';
import { obtainToken } from '../../package/credentials/common/lifecycle';
import { signRequest } from '../../package/credentials/common/signing';
import type { Credentials } from '../../package/credentials/common/types';
import { ourPeople } from '../../package/credentials/providers/ourPeople';
import { tokenExchange } from '../../package/credentials/providers/tokenExchange';
import { errorOf, fakeHttp, jwt, seconds, tokenLiving, uniqueCredentials } from './helpers';
import { ownerOf } from '../../package/credentials/common/identity';
import { allowedDomainsProblem } from '../../package/credentials/common/allowedDomains';

/**
 * n8n 2.x's *Allowed HTTP Request Domains* on our credentials: n8n holds the HTTP Request node
 * and the credential's token requests to the list, not a community node's own requests, so the
 * package holds everything it signs and every token request to it too.
 */
const restricted = (
	allowedDomains: string,
	fields: Credentials = uniqueCredentials(),
): Credentials => ({
	...fields,
	allowedHttpRequestDomains: 'domains',
	allowedDomains,
});

const signedIn = { statusCode: 200, body: { token: tokenLiving(900), refresh_token: 'rt' } };

const hostOf = (credentials: Credentials) => new URL(String(credentials.apiUrl)).hostname;

describe('a credential restricted to specific domains', () => {
	it("refuses before any request when the list leaves out the API's host, naming the host to add", async () => {
		const credentials = restricted('other.example.com');
		const { http, calls } = fakeHttp(signedIn);
		const error = await errorOf(() => obtainToken(ourPeople, http, credentials));
		expect(reasonOf(error)).toBe('configuration');
		expect(error.message).toContain(`add ${hostOf(credentials)} to Allowed Domains`);
		expect(calls).toEqual([]);
	});

	it('signs in and signs requests when the list names the host, in any case, with a trailing dot or a wildcard', async () => {
		const lists = [
			(host: string) => `example.org, ${host.toUpperCase()}.`,
			(host: string) => `*.${host.split('.').slice(1).join('.')}`,
		];
		for (const listFor of lists) {
			const fields = uniqueCredentials();
			const credentials = restricted(listFor(hostOf(fields)), fields);
			const { http, calls } = fakeHttp(signedIn);
			const stored = {
				...credentials,
				...(await obtainToken(ourPeople, http, credentials)),
			} as Credentials;
			expect(calls).toHaveLength(1);
			const signed = signRequest(ourPeople, stored, { url: `${String(stored.apiUrl)}/v1/users` });
			expect(signed.headers).toHaveProperty('Authorization');
		}
	});

	it('does not take a wildcard for the bare domain (as n8n does not)', async () => {
		const fields = uniqueCredentials();
		const credentials = restricted(`*.${hostOf(fields)}`, fields);
		const { http, calls } = fakeHttp(signedIn);
		const error = await errorOf(() => obtainToken(ourPeople, http, credentials));
		expect(reasonOf(error)).toBe('configuration');
		expect(error.message).toContain(`leave out ${hostOf(fields)}, the host of its API`);
		expect(calls).toEqual([]);
	});

	it('refuses with what to enter when Specific Domains is chosen and the list is empty', async () => {
		const credentials = restricted('  ');
		const { http, calls } = fakeHttp(signedIn);
		const error = await errorOf(() => obtainToken(ourPeople, http, credentials));
		expect(reasonOf(error)).toBe('configuration');
		expect(error.message).toContain(`enter the domains it may reach (${hostOf(credentials)} the`);
		expect(calls).toEqual([]);
	});

	it('signs no request for a credential whose list leaves out its API, even holding a valid token', async () => {
		const open = uniqueCredentials();
		const { http } = fakeHttp(signedIn);
		const stored = { ...open, ...(await obtainToken(ourPeople, http, open)) } as Credentials;
		const error = await errorOf(() =>
			signRequest(ourPeople, restricted('other.example.com', stored), {
				url: `${String(open.apiUrl)}/v1/users`,
			}),
		);
		expect(reasonOf(error)).toBe('configuration');
		expect(error.message).toContain(`leave out ${hostOf(open)}`);
	});

	it('"All" and "None" (n8n keeps None out of the HTTP Request node only) leave this package alone', async () => {
		for (const mode of ['all', 'none']) {
			const credentials = {
				...uniqueCredentials(),
				allowedHttpRequestDomains: mode,
				allowedDomains: 'other.example.com',
			};
			const { http, calls } = fakeHttp(signedIn);
			await obtainToken(ourPeople, http, credentials);
			expect(calls).toHaveLength(1);
		}
	});
});

describe('the Token Exchange credential, whose token endpoint may be on another host', () => {
	let counter = 0;
	const fields = (extra: Credentials = {}): Credentials => {
		counter += 1;
		return {
			apiUrl: `https://api${counter}.domains.test/v1`,
			signInUrl: `https://auth${counter}.domains.test/oauth/token`,
			refreshUrl: `https://refresh${counter}.domains.test/oauth/token`,
			clientId: `client-${counter}`,
			clientSecret: `Domain-Secret-${counter}`,
			tokenPath: 'token',
			...extra,
		};
	};
	const answer = (token: string) => ({
		statusCode: 200,
		body: { token, refresh_token: `rt-${token.length}` },
	});

	it('refuses to sign in when the list leaves out the sign-in host, naming it', async () => {
		const c = fields();
		const credentials = restricted(`api${counter}.domains.test`, c);
		const { http, calls } = fakeHttp(answer(tokenLiving(900)));
		const error = await errorOf(() => obtainToken(tokenExchange, http, credentials));
		expect(reasonOf(error)).toBe('configuration');
		expect(error.message).toContain(`add auth${counter}.domains.test to Allowed Domains`);
		expect(calls).toEqual([]);
	});

	it('refuses to refresh when the list leaves out the refresh host, and sends no refresh token there', async () => {
		const c = fields();
		const credentials = restricted(`api${counter}.domains.test, auth${counter}.domains.test`, c);
		const issuedAt = Date.now() - 20 * 60_000;
		const accessToken = jwt({ iat: seconds(issuedAt), exp: seconds(issuedAt + 15 * 60_000) });
		const expired = {
			...credentials,
			accessToken,
			refreshToken: 'refresh-old',
			tokenIssuedAt: new Date(issuedAt).toISOString(),
			tokenExpiresAt: new Date(issuedAt + 15 * 60_000).toISOString(),
			tokenOwner: ownerOf(tokenExchange, credentials, accessToken),
		};
		const { http, calls } = fakeHttp(answer(tokenLiving(900)));
		const error = await errorOf(() => obtainToken(tokenExchange, http, expired));
		expect(reasonOf(error)).toBe('configuration');
		expect(error.message).toContain(`leave out refresh${counter}.domains.test, where it refreshes`);
		expect(calls).toEqual([]);
	});

	it('keeps its token when only the domain list is edited: the list says where, not who', async () => {
		const c = fields();
		const list = `api${counter}.domains.test, *.domains.test`;
		const { http, calls } = fakeHttp(answer(tokenLiving(900)));
		const stored = {
			...c,
			...(await obtainToken(tokenExchange, http, restricted(list, c))),
		} as Credentials;
		const edited = restricted(`${list}, example.org`, stored);
		const signed = signRequest(tokenExchange, edited, { url: `${String(c.apiUrl)}/things` });
		expect(signed.headers).toHaveProperty('Authorization');
		expect(calls).toHaveLength(1);
	});
});

describe('an address that is no URL', () => {
	it('is not repeated in the message: it may carry a secret in its query', () => {
		const address = 'https://api example.com/token?client_secret=s3cret-value';
		for (const allowedDomains of ['', 'example.com']) {
			const problem = allowedDomainsProblem(
				{ allowedHttpRequestDomains: 'domains', allowedDomains },
				address,
				'where it signs in',
			);
			expect(problem).toContain('the address where it signs in is not a valid URL');
			expect(problem).not.toContain('s3cret');
		}
	});
});
