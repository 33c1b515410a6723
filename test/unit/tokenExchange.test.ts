import { reasonOf } from '../../package/credentials/common/errors';
import { obtainToken } from '../../package/credentials/common/lifecycle';
import { signRequest } from '../../package/credentials/common/signing';
import type { Credentials } from '../../package/credentials/common/types';
import { tokenExchange } from '../../package/credentials/providers/tokenExchange';
import { errorOf, fakeHttp, tokenLiving } from './helpers';

let counter = 0;

/** A generic credential no other test shares (the lifecycle remembers tokens per identity). */
function credentialsWith(fields: Credentials = {}): Credentials {
	counter += 1;
	return {
		apiUrl: `https://api${counter}.example.test/v2`,
		signInUrl: `https://auth${counter}.example.test/oauth/token`,
		clientId: `client-${counter}`,
		clientSecret: `S3cret/Value+${counter}`,
		...fields,
	};
}

const basicOf = (id: string, secret: string) =>
	`Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

describe('the sign-in request built from the fields', () => {
	it('sends the client id and secret as HTTP Basic by default, with the parameters as a form', () => {
		const c = credentialsWith({
			signInFormat: 'form',
			signInParameters: '{"grant_type":"client_credentials","scope":"read"}',
		});
		const request = tokenExchange.signInRequest(c);
		expect(request.url).toBe(c.signInUrl);
		expect(request.headers).toEqual({
			Authorization: basicOf(c.clientId as string, c.clientSecret as string),
			'Content-Type': 'application/x-www-form-urlencoded',
		});
		expect(request.body).toEqual({ grant_type: 'client_credentials', scope: 'read' });
	});

	it('puts them in the query string, with the query parameters, and sends no empty body', () => {
		const c = credentialsWith({
			clientAuthentication: 'query',
			signInParameters: '',
			signInQuery: '{"grant_type":"client_credentials"}',
		});
		const request = tokenExchange.signInRequest(c);
		expect(request.qs).toEqual({
			grant_type: 'client_credentials',
			client_id: c.clientId,
			client_secret: c.clientSecret,
		});
		expect(request.body).toBeUndefined();
		expect(request.headers).toEqual({});
	});
});

describe('the refresh request', () => {
	it('is absent without a Refresh URL: the credential signs in again on expiry', () => {
		expect(tokenExchange.refreshRequest!(credentialsWith(), 'rt-1')).toBeUndefined();
	});
});

describe('fields checked before any request', () => {
	it.each<[Credentials, string]>([
		[{ signInUrl: 'http://auth.example.test/token' }, 'Sign-In URL must use https'],
		[{ clientId: '', clientSecret: '' }, 'Client ID, or a User Name'],
		[{ username: 'me', password: '' }, 'the Password'],
		[{ signInMethod: 'oauth' }, 'Sign In With (it holds "oauth")'],
		[{ answerPart: 'json' }, 'Token In'],
		[{ sendAs: 'bearer' }, 'Send the Token As'],
		[{ signInMethod: 'userBasic', username: '', password: 'x' }, 'the User Name'],
		[{ signInMethod: 'userBasic', username: 'me', password: '' }, 'the Password'],
		[
			{ signInFormat: 'json', username: 'me', password: 'p', usernameField: 'auth..name' },
			'User Name Field "auth..name" has an empty name between dots',
		],
		[
			{ signInFormat: 'json', clientAuthentication: 'body', clientIdField: '__proto__.polluted' },
			'Client ID Field "__proto__.polluted" names "__proto__"',
		],
		...['PVE Auth', 'a=b', 'x;y'].map((cookieName): [Credentials, string] => [
			{ sendAs: 'cookie', cookieName },
			'Cookie Name',
		]),
	])('%p is refused with a message that names the field', async (fields, field) => {
		const { http, calls } = fakeHttp();
		const c = credentialsWith(fields);
		const error = await errorOf(() => obtainToken(tokenExchange, http, c));
		expect(reasonOf(error)).toBe('configuration');
		expect(error.message).toContain(field);
		expect(calls).toHaveLength(0);
	});
});

describe('reading the answer', () => {
	it('uses the JWT exp when the answer has no expires_in', async () => {
		const c = credentialsWith({ defaultLifetimeSeconds: 5 });
		const { http } = fakeHttp({ statusCode: 200, body: { access_token: tokenLiving(900) } });
		const fields = await obtainToken(tokenExchange, http, c);
		expect(Date.parse(fields.tokenExpiresAt as string) - Date.now()).toBeGreaterThan(800_000);
	});

	it('names the keys that were there, never their values, and suggests the likely path', async () => {
		const c = credentialsWith();
		const { http } = fakeHttp({
			statusCode: 200,
			body: { result: { jwt: 'secret-token-value' }, ok: true },
		});
		const error = await errorOf(() => obtainToken(tokenExchange, http, c));
		expect(reasonOf(error)).toBe('token_endpoint_unavailable');
		expect(error.message).toContain('"access_token" (it has: result, ok)');
		expect(error.description).toContain('"result.jwt"');
		expect(JSON.stringify(error)).not.toContain('secret-token-value');
	});
});

it('signs no request for the sign-in host: the token goes to the API host alone', async () => {
	const c = credentialsWith();
	const { http } = fakeHttp({ statusCode: 200, body: { access_token: 'opaque', expires_in: 300 } });
	const stored = { ...c, ...(await obtainToken(tokenExchange, http, c)) } as Credentials;

	const refused = await errorOf(() =>
		signRequest(tokenExchange, stored, { url: `${c.signInUrl}` }),
	);

	expect(reasonOf(refused)).toBe('request_refused');
});

describe('identity', () => {
	it('changes with how the answer is read, so a corrected token path is tried at once', () => {
		const c = credentialsWith();
		expect(tokenExchange.identity({ ...c, tokenPath: 'token' })).not.toEqual(
			tokenExchange.identity({ ...c, tokenPath: 'data.token' }),
		);
	});

	it('does not change when only the stored token changes', () => {
		const c = credentialsWith();
		expect(tokenExchange.identity({ ...c, accessToken: 'a', tokenIssuedAt: 'x' })).toEqual(
			tokenExchange.identity(c),
		);
	});
});

describe('sign-in methods', () => {
	it('keeps the secret it signs in with alone out of errors', async () => {
		const c = credentialsWith({ signInMethod: 'secret', secret: 'Ap1-Key/Value+1' });
		const { http } = fakeHttp({ statusCode: 400, body: { error: 'bad apikey Ap1-Key/Value+1' } });
		const error = await errorOf(() => obtainToken(tokenExchange, http, c));
		expect(error.message).toContain('bad apikey [redacted]');
	});

	it('seeds the refresh grant with a long-lived refresh token, and refreshes with the one it gets back', () => {
		const c = credentialsWith({
			signInMethod: 'secret',
			secret: 'long-lived-refresh',
			secretField: 'refresh_token',
			signInParameters: '{"grant_type": "refresh_token", "client_id": "public-app"}',
			refreshUrl: 'https://auth.example.test/oauth/token',
		});
		expect(tokenExchange.signInRequest(c).body).toEqual({
			grant_type: 'refresh_token',
			client_id: 'public-app',
			refresh_token: 'long-lived-refresh',
		});
		// The Client ID and Secret fields do not belong to this method: nothing of them is sent.
		const refresh = tokenExchange.refreshRequest!(c, 'rotated-refresh')!;
		expect(refresh.headers).toEqual({ 'Content-Type': 'application/x-www-form-urlencoded' });
		expect(refresh.body).toEqual({ grant_type: 'refresh_token', refresh_token: 'rotated-refresh' });
	});

	it('sends a user name and password as HTTP Basic, and keeps the Basic value out of errors', async () => {
		const c = credentialsWith({
			signInMethod: 'userBasic',
			username: 'jamf-admin',
			password: 'pa:ss word',
			signInParameters: '{}',
		});
		const request = tokenExchange.signInRequest(c);
		const basic = basicOf('jamf-admin', 'pa:ss word');
		expect(request.headers).toEqual({ Authorization: basic });
		expect(request.body).toBeUndefined();
		const { http } = fakeHttp({ statusCode: 401, body: { error: `bad header ${basic}` } });
		const error = await errorOf(() => obtainToken(tokenExchange, http, c));
		expect(JSON.stringify(error)).not.toContain(basic.slice('Basic '.length).replace(/=+$/, ''));
	});

	it('puts a secret at a dot path in a JSON body; a form body keeps the name as it is', () => {
		const json = credentialsWith({
			signInMethod: 'secret',
			signInFormat: 'json',
			secret: 'k',
			secretField: 'credentials.apiKey',
			signInParameters: '{}',
		});
		expect(tokenExchange.signInRequest(json).body).toEqual({ credentials: { apiKey: 'k' } });
		const form = { ...json, signInFormat: 'form' };
		expect(tokenExchange.signInRequest(form).body).toEqual({ 'credentials.apiKey': 'k' });
	});
});

describe('the token sent as a query parameter or a cookie', () => {
	async function signedWith(fields: Credentials, request: object, token = 'tok/en+1') {
		const c = credentialsWith(fields);
		const { http } = fakeHttp({ statusCode: 200, body: { access_token: token, expires_in: 300 } });
		const stored = { ...c, ...(await obtainToken(tokenExchange, http, c)) } as Credentials;
		return { signed: signRequest(tokenExchange, stored, { url: `${c.apiUrl}/x`, ...request }) };
	}

	it('adds the token to the query parameters the request has, and no Authorization header', async () => {
		const { signed } = await signedWith(
			{ sendAs: 'query', queryParameter: 'token' },
			{ qs: { f: 'json' }, headers: { Accept: 'application/json' } },
		);
		expect(signed.qs).toEqual({ f: 'json', token: 'tok/en+1' });
		expect(signed.headers).toEqual({ Accept: 'application/json' });
		expect(signed).toMatchObject({ disableFollowRedirect: true, maxRedirects: 0 });
	});

	it('sends the token as the cookie named, first among the cookies the request carries', async () => {
		const alone = await signedWith({ sendAs: 'cookie', cookieName: 'PVEAuthCookie' }, {});
		expect(alone.signed.headers).toEqual({ Cookie: 'PVEAuthCookie=tok/en+1' });
		expect(alone.signed.qs).toBeUndefined();
		const beside = await signedWith(
			{ sendAs: 'cookie', cookieName: 'PVEAuthCookie' },
			{ headers: { cookie: 'lang=en' } },
		);
		expect(beside.signed.headers).toEqual({ Cookie: 'PVEAuthCookie=tok/en+1; lang=en' });
	});

	it('percent-encodes what a cookie value cannot hold, so a token cannot add cookies', async () => {
		const cookie = { sendAs: 'cookie', cookieName: 'SID' };
		const { signed } = await signedWith(cookie, {}, 'abc; admin=1, "x"\\y');
		expect(signed.headers).toEqual({ Cookie: 'SID=abc%3B%20admin=1%2C%20%22x%22%5Cy' });
	});
});
