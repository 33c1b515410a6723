import type { IDataObject } from 'n8n-workflow';
import { obtainToken } from '../../package/credentials/common/lifecycle';
import { identityOf } from '../../package/credentials/common/identity';
import type { Credentials } from '../../package/credentials/common/types';
import { blynk } from '../../package/credentials/providers/blynk';
import { fakeHttp } from './helpers';

/** Characters that URL-, form- and qs-encoding each treat differently. */
const AWKWARD_SECRET = "s3cr/t+k!y~(x)*'a b:c";

let counter = 0;

function credentials(extra: Credentials = {}): Credentials {
	counter += 1;
	return {
		server: 'fra1.blynk.cloud',
		clientId: `oa2-client-id_${counter}`,
		clientSecret: `Blynk-Secret-${counter}-abcdef`,
		credentialLocation: 'header',
		...extra,
	};
}

const ok = (body: IDataObject) => ({ statusCode: 200, body });
const tokenAnswer = (refresh = 'refresh-1') =>
	ok({ access_token: 'access-1', token_type: 'Bearer', expires_in: 300, refresh_token: refresh });

describe('the Blynk credential fields', () => {
	it.each([
		['each public server', { server: 'sgp1.blynk.cloud' }, 'https://sgp1.blynk.cloud'],
		['the global server', { server: 'blynk.cloud' }, 'https://blynk.cloud'],
		[
			'a custom server, at its origin',
			{ server: 'custom', customServer: ' https://blynk.example.com/dashboard/ ' },
			'https://blynk.example.com',
		],
		[
			'a local custom server over http',
			{ server: 'custom', customServer: 'http://localhost:5804' },
			'http://localhost:5804',
		],
	])('accept %s', (_, fields, origin) => {
		const creds = credentials(fields);
		expect(blynk.validate(creds)).toBeUndefined();
		expect(blynk.apiBaseUrl(creds)).toBe(origin);
	});

	it.each([
		[
			'an empty custom server',
			{ server: 'custom', customServer: '' },
			/enter the Custom Server URL/,
		],
		['no Client ID', { clientId: ' ' }, /enter the Client ID/],
		['no Client Secret', { clientSecret: '' }, /enter the Client Secret/],
		[
			'an unknown credential location',
			{ credentialLocation: 'body' },
			/where to send the client credentials/,
		],
	])('refuse %s, saying what to enter', (_, fields, problem) => {
		expect(blynk.validate(credentials(fields))).toMatch(problem);
	});

	it('treat a credential saved before the location existed as header mode', () => {
		const { credentialLocation: _, ...old } = credentials();
		expect(blynk.validate(old)).toBeUndefined();
		expect(blynk.signInRequest(old).headers).toHaveProperty('Authorization');
	});
});

describe('the Blynk token requests', () => {
	it('header mode: grant in the query, client id and secret only in HTTP Basic', () => {
		const creds = credentials({ clientSecret: AWKWARD_SECRET });
		const request = blynk.signInRequest(creds);

		expect(request.method).toBe('POST');
		expect(request.url).toBe('https://fra1.blynk.cloud/oauth2/token?grant_type=client_credentials');
		const basic = Buffer.from(`${creds.clientId}:${AWKWARD_SECRET}`).toString('base64');
		expect(request.headers).toEqual({ Authorization: `Basic ${basic}` });
		expect(request.body).toBeUndefined();
		expect(request.qs).toBeUndefined();
	});

	it('query mode: client id and secret in the query string, no Authorization header', () => {
		const creds = credentials({ clientSecret: AWKWARD_SECRET, credentialLocation: 'query' });
		const url = new URL(blynk.signInRequest(creds).url);

		expect(Object.fromEntries(url.searchParams)).toEqual({
			grant_type: 'client_credentials',
			client_id: creds.clientId,
			client_secret: AWKWARD_SECRET,
		});
		expect(blynk.signInRequest(creds).headers).toEqual({});
	});

	it('query mode sends the secret form-encoded (integration/blynk.test.ts: redacted when echoed)', () => {
		const creds = credentials({ clientSecret: AWKWARD_SECRET, credentialLocation: 'query' });
		const formEncoded = new URLSearchParams({ s: AWKWARD_SECRET }).toString().slice(2);
		expect(blynk.signInRequest(creds).url).toContain(`client_secret=${formEncoded}`);
	});

	it.each(['header', 'query'])(
		'%s mode: the refresh carries the refresh token and the same client authentication',
		(mode) => {
			const creds = credentials({ credentialLocation: mode });
			const refresh = blynk.refreshRequest!(creds, 'rt/+=1')!;
			const signIn = blynk.signInRequest(creds);
			const url = new URL(refresh.url);

			expect(url.searchParams.get('grant_type')).toBe('refresh_token');
			expect(url.searchParams.get('refresh_token')).toBe('rt/+=1');
			expect(refresh.headers).toEqual(signIn.headers);
			expect(url.searchParams.get('client_secret')).toBe(
				new URL(signIn.url).searchParams.get('client_secret'),
			);
		},
	);

	it('keeps tokens when only the credential location changes, not when the server does', () => {
		const creds = credentials();
		expect(identityOf(blynk, { ...creds, credentialLocation: 'query' })).toBe(
			identityOf(blynk, creds),
		);
		expect(identityOf(blynk, { ...creds, server: 'ny3.blynk.cloud' })).not.toBe(
			identityOf(blynk, creds),
		);
	});
});

describe('the Blynk token answer', () => {
	it('reads the documented token answer (expires_in, rotating refresh token)', async () => {
		const { http } = fakeHttp(tokenAnswer('refresh-2'));
		const before = Date.now();

		const fields = await obtainToken(blynk, http, credentials());

		expect(fields.accessToken).toBe('access-1');
		expect(fields.refreshToken).toBe('refresh-2');
		const lifetime = Date.parse(fields.tokenExpiresAt as string) - before;
		expect(lifetime).toBeGreaterThan(299_000);
		expect(lifetime).toBeLessThanOrEqual(300_000 + (Date.now() - before));
	});
});
