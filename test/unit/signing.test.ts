import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';
import { reasonOf } from '../../package/credentials/common/errors';
import { tokenHooks } from '../../package/credentials/common/hooks';
import { ownerOf } from '../../package/credentials/common/identity';
import { signRequest } from '../../package/credentials/common/signing';
import type { Credentials } from '../../package/credentials/common/types';
import { cultureAmp } from '../../package/credentials/providers/cultureAmp';
import { ourPeople } from '../../package/credentials/providers/ourPeople';
import { errorOf, fakeHttp, tokenLiving, uniqueCredentials } from './helpers';

const MINUTE = 60_000;

/** Credentials holding a token issued `ageMs` ago that lives `lifetimeMs`. */
function withToken(
	accessToken: string,
	ageMs: number,
	lifetimeMs: number,
	owner?: string,
): Credentials {
	const credentials = uniqueCredentials();
	const issuedAt = Date.now() - ageMs;
	return {
		...credentials,
		accessToken,
		tokenIssuedAt: new Date(issuedAt).toISOString(),
		tokenExpiresAt: new Date(issuedAt + lifetimeMs).toISOString(),
		tokenOwner: owner ?? ownerOf(ourPeople, credentials, accessToken),
	};
}

describe('signRequest', () => {
	const token = tokenLiving(900);

	it("adds a bearer token to requests for the credential's own API", () => {
		const credentials = withToken(token, MINUTE, 15 * MINUTE);
		const signed = signRequest(ourPeople, credentials, {
			url: '/v1/users',
			baseURL: credentials.apiUrl as string,
			headers: { Accept: 'application/json' },
		});
		expect(signed.headers).toEqual({
			Accept: 'application/json',
			Authorization: `Bearer ${token}`,
		});
		expect(signed.url).toBe('/v1/users');
	});

	it("tells both of n8n's request helpers to follow no redirect, whatever the request asked", () => {
		const credentials = withToken(token, MINUTE, 15 * MINUTE);
		const asked = {
			uri: `${credentials.apiUrl}/v1/users`,
			followRedirect: true,
			followAllRedirects: true,
			maxRedirects: 21,
			sendCredentialsOnCrossOriginRedirect: true,
		} as unknown as IHttpRequestOptions;
		expect(signRequest(ourPeople, credentials, asked)).toMatchObject({
			disableFollowRedirect: true,
			maxRedirects: 0,
			followRedirect: false,
			followAllRedirects: false,
			sendCredentialsOnCrossOriginRedirect: false,
		});
	});

	it("signs the legacy request options (`uri`) that n8n's HTTP Request node passes", async () => {
		const credentials = withToken(token, MINUTE, 15 * MINUTE);
		const legacy = {
			uri: `${credentials.apiUrl}/v1/users`,
			method: 'GET',
		} as unknown as IHttpRequestOptions;
		const signed = signRequest(ourPeople, credentials, legacy);
		expect(signed.headers?.Authorization).toBe(`Bearer ${token}`);
		const elsewhere = {
			uri: 'https://attacker.example/v1/users',
		} as unknown as IHttpRequestOptions;
		expect(reasonOf(await errorOf(() => signRequest(ourPeople, credentials, elsewhere)))).toBe(
			'request_refused',
		);
	});

	it('signs a token of unknown expiry', () => {
		const credentials: Credentials = { ...withToken(token, MINUTE, 0), tokenExpiresAt: '' };
		const signed = signRequest(ourPeople, credentials, { url: `${credentials.apiUrl}/v1/users` });
		expect(signed.headers?.Authorization).toBe(`Bearer ${token}`);
	});

	it.each([
		['another host', () => 'https://attacker.example'],
		['plain http to the same host', (own: string) => own.replace('https:', 'http:')],
		['another port on the same host', (own: string) => `${own}:8443`],
		['a host that starts with its own', (own: string) => `${own}.attacker.example`],
		[
			'a host behind a user name shaped like its own',
			(own: string) => `https://${new URL(own).host}@attacker.example`,
		],
	])('refuses to send the token to %s', async (_, originOf) => {
		const credentials = withToken(token, MINUTE, 15 * MINUTE);
		const url = `${originOf(credentials.apiUrl as string)}/v1/users`;
		const error = await errorOf(() => signRequest(ourPeople, credentials, { url }));
		expect(reasonOf(error)).toBe('request_refused');
		expect(error.message).toContain(new URL(url).origin);
		expect(error.description).toContain(new URL(credentials.apiUrl as string).origin);
		expect(JSON.stringify(error)).not.toContain(token);
		expect(error.message).not.toContain(token);
	});

	it.each([
		['there is no token', () => uniqueCredentials()],
		['the token has expired', () => withToken(token, 20 * MINUTE, 15 * MINUTE)],
		[
			'the token is past its renewal point (inside the renewal window)',
			() => withToken(token, 14 * MINUTE + 30_000, 15 * MINUTE),
		],
		[
			'the token belongs to another client',
			() => withToken(token, MINUTE, 15 * MINUTE, 'someone-else'),
		],
	])('asks n8n to renew (HTTP 401 signal) when %s', async (_, credentialsOf) => {
		const credentials = credentialsOf();
		const error = await errorOf(() =>
			signRequest(ourPeople, credentials, { url: `${credentials.apiUrl}/v1/users` }),
		);
		expect((error.response as IDataObject | undefined)?.status).toBe(401);
		expect(JSON.stringify(error)).not.toContain(token);
	});

	it('asks n8n to renew after the Client ID changes', async () => {
		const credentials = withToken(token, MINUTE, 15 * MINUTE);
		const changed: Credentials = { ...credentials, clientId: `${credentials.clientId}-new` };
		expect(
			signRequest(ourPeople, credentials, { url: `${credentials.apiUrl}/v1/users` }).headers,
		).toBeDefined();
		const error = await errorOf(() =>
			signRequest(ourPeople, changed, { url: `${changed.apiUrl}/v1/users` }),
		);
		expect((error.response as IDataObject | undefined)?.status).toBe(401);
	});
});

/** n8n decrypts the credential for every request: each call gets a new copy of the same fields. */
const copyOf = (credentials: Credentials): Credentials =>
	JSON.parse(JSON.stringify(credentials)) as Credentials;

describe('signRequest, request after request', () => {
	afterEach(() => jest.restoreAllMocks());

	it('stops signing with a token at its renewal point, though it signed with it before', async () => {
		const token = tokenLiving(900);
		const credentials = withToken(token, MINUTE, 15 * MINUTE);
		const request = { url: `${credentials.apiUrl}/v1/users` };
		expect(signRequest(ourPeople, copyOf(credentials), request).headers?.Authorization).toBe(
			`Bearer ${token}`,
		);
		const now = Date.now();
		jest.spyOn(Date, 'now').mockReturnValue(now + 14 * MINUTE);
		const error = await errorOf(() => signRequest(ourPeople, copyOf(credentials), request));
		expect((error.response as IDataObject | undefined)?.status).toBe(401);
	});

	it('checks a field that changed since the last signed request', async () => {
		const token = tokenLiving(900);
		const credentials = withToken(token, MINUTE, 15 * MINUTE);
		expect(
			signRequest(ourPeople, copyOf(credentials), { url: `${credentials.apiUrl}/v1/users` })
				.headers,
		).toBeDefined();
		const edited = { ...copyOf(credentials), apiUrl: 'http://example.com' };
		const error = await errorOf(() =>
			signRequest(ourPeople, edited, { url: 'http://example.com/v1/users' }),
		);
		expect(reasonOf(error)).toBe('configuration');
		expect(error.message).toMatch(/API URL/);
	});

	it('still refuses another host after signing for its own', async () => {
		const credentials = withToken(tokenLiving(900), MINUTE, 15 * MINUTE);
		expect(
			signRequest(ourPeople, copyOf(credentials), { url: `${credentials.apiUrl}/v1/users` })
				.headers,
		).toBeDefined();
		const error = await errorOf(() =>
			signRequest(ourPeople, copyOf(credentials), { url: 'https://attacker.example/v1/users' }),
		);
		expect(reasonOf(error)).toBe('request_refused');
	});

	describe('a list field (Culture Amp permissions)', () => {
		const token = tokenLiving(900);
		const issuedAt = Date.now();
		const fields: Credentials = {
			baseUrl: 'https://api.cultureamp.com',
			clientId: 'ca-signing',
			clientSecret: 'Ca-Signing-Secret',
			entityId: '00000000-0000-4000-8000-000000000000',
			permissions: ['employees-read'],
			extraPermissions: '',
			credentialLocation: 'body',
		};
		const credentials: Credentials = {
			...fields,
			accessToken: token,
			tokenIssuedAt: new Date(issuedAt).toISOString(),
			tokenExpiresAt: new Date(issuedAt + 15 * MINUTE).toISOString(),
			tokenOwner: ownerOf(cultureAmp, fields, token),
		};
		const request = { url: 'https://api.cultureamp.com/v1/employees' };

		it('signs each new copy of the same permissions', () => {
			for (let i = 0; i < 3; i++) {
				expect(signRequest(cultureAmp, copyOf(credentials), request).headers?.Authorization).toBe(
					`Bearer ${token}`,
				);
			}
		});

		it('asks n8n to renew once a permission is added: the token was granted without it', async () => {
			signRequest(cultureAmp, copyOf(credentials), request);
			const widened = { ...copyOf(credentials), permissions: ['employees-read', 'surveys-read'] };
			const error = await errorOf(() => signRequest(cultureAmp, widened, request));
			expect((error.response as IDataObject | undefined)?.status).toBe(401);
		});
	});
});

describe('a request that is going to be refused', () => {
	const token = tokenLiving(900);
	const states: Array<[string, () => Credentials]> = [
		['no token yet', () => uniqueCredentials()],
		['a token of other sign-in fields', () => withToken(token, MINUTE, 15 * MINUTE, 'other')],
		['an expired token', () => withToken(token, 20 * MINUTE, 15 * MINUTE)],
		['a token past its renewal point', () => withToken(token, 14 * MINUTE + 30_000, 15 * MINUTE)],
	];
	const refusals: Array<[string, (own: string) => IHttpRequestOptions, RegExp]> = [
		[
			'another origin',
			() => ({ url: 'https://attacker.example/v1/users' }),
			/to https:\/\/attacker\.example\./,
		],
		[
			'a proxy',
			(own) => ({ url: `${own}/v1`, proxy: { host: '127.0.0.1', port: 9 } }),
			/through a proxy/,
		],
		[
			'TLS checks off',
			(own) => ({ url: `${own}/v1`, skipSslCertificateValidation: true }),
			/TLS certificate/,
		],
		[
			'a CA of its own',
			(own) => ({ url: `${own}/v1`, agentOptions: { ca: 'CA' } }),
			/certificate authority/,
		],
		[
			'a connection option',
			(own) => ({ url: `${own}/v1`, agentOptions: { host: 'x' } }) as IHttpRequestOptions,
			/connection option "host"/,
		],
		[
			'a Host header',
			(own) => ({ url: `${own}/v1`, headers: { Host: 'attacker.example' } }),
			/with a Host header of its own/,
		],
		[
			'a Forwarded header',
			(own) => ({ url: `${own}/v1`, headers: { Forwarded: 'host=a' } }),
			/with a Forwarded header of its own/,
		],
	];
	const cases = states.flatMap(([state, credentialsOf]) =>
		refusals.map(([refusal, optionsOf, said]) => ({
			state,
			credentialsOf,
			refusal,
			optionsOf,
			said,
		})),
	);

	it.each(cases)(
		'with $refusal, holding $state: is refused, not sent back to n8n for a renewal first',
		async ({ credentialsOf, optionsOf, said }) => {
			const credentials = credentialsOf();
			const error = await errorOf(() =>
				signRequest(ourPeople, credentials, optionsOf(credentials.apiUrl as string)),
			);
			expect(reasonOf(error)).toBe('request_refused');
			expect(error.message).toMatch(said);
			expect(error.response).toBeUndefined();
		},
	);

	it('is refused for invalid fields before anything else, as before', async () => {
		const credentials = { ...uniqueCredentials(), apiUrl: 'http://example.com' };
		const error = await errorOf(() =>
			signRequest(ourPeople, credentials, { url: 'https://attacker.example/v1' }),
		);
		expect(reasonOf(error)).toBe('configuration');
		expect(error.message).toMatch(/API URL/);
	});
});

describe("n8n's legacy helper asking for a token after a refusal", () => {
	const hooks = tokenHooks(ourPeople);
	const authenticate = hooks.authenticate as (
		credentials: Credentials,
		options: IHttpRequestOptions,
	) => Promise<IHttpRequestOptions>;
	const preAuthentication = async (credentials: Credentials, http = fakeHttp().http) =>
		await hooks.preAuthentication.call(http, credentials);
	const elsewhere = { url: 'https://attacker.example/v1/users' };

	it.each([
		['no token yet', () => uniqueCredentials()],
		['an expired token', () => withToken(tokenLiving(900), 20 * MINUTE, 15 * MINUTE)],
		['a valid token', () => withToken(tokenLiving(900), MINUTE, 15 * MINUTE)],
	])('gets the same refusal, and no token is asked for, holding %s', async (_, credentialsOf) => {
		const credentials = { ...credentialsOf(), refreshToken: 'refresh-single-use' };
		const refusal = await errorOf(() => authenticate(credentials, elsewhere));
		const { http, calls } = fakeHttp();
		const again = await errorOf(() => preAuthentication(credentials, http));
		expect(again).toBe(refusal);
		expect(calls).toEqual([]);
	});

	it('is answered once: the next call renews', async () => {
		const credentials = withToken(tokenLiving(900), 20 * MINUTE, 15 * MINUTE);
		await errorOf(() => authenticate(credentials, elsewhere));
		await errorOf(() => preAuthentication(credentials));
		const { http, calls } = fakeHttp({ statusCode: 200, body: { token: tokenLiving(900) } });
		await preAuthentication(credentials, http);
		expect(calls).toHaveLength(1);
	});

	it('is not answered with a refusal once the credential signed a request since', async () => {
		const credentials = withToken(tokenLiving(900), MINUTE, 15 * MINUTE);
		await errorOf(() => authenticate(credentials, elsewhere));
		await authenticate(credentials, { url: `${credentials.apiUrl}/v1/users` });
		const { http, calls } = fakeHttp({ statusCode: 200, body: { token: tokenLiving(900) } });
		await preAuthentication(credentials, http);
		expect(calls).toHaveLength(1);
	});

	it('is only for the copy of the credential whose request was refused', async () => {
		const credentials = withToken(tokenLiving(900), 20 * MINUTE, 15 * MINUTE);
		await errorOf(() => authenticate(credentials, elsewhere));
		const { http, calls } = fakeHttp({ statusCode: 200, body: { token: tokenLiving(900) } });
		await preAuthentication(copyOf(credentials), http);
		expect(calls).toHaveLength(1);
	});
});
