import { createHmac, generateKeyPairSync, verify } from 'crypto';
import type { IDataObject } from 'n8n-workflow';
import { reasonOf } from '../../package/credentials/common/errors';
import { obtainToken } from '../../package/credentials/common/lifecycle';
import type { Credentials } from '../../package/credentials/common/types';
import { tokenExchange } from '../../package/credentials/providers/tokenExchange';
import { errorOf, fakeHttp } from './helpers';

/** The Token Exchange sign-ins with a signed JWT, as the token endpoint receives them. */
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PRIVATE_KEY = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
const KEY_BODY = PRIVATE_KEY.split('\n')[2];

let counter = 0;
function credentialsWith(fields: Credentials): Credentials {
	counter += 1;
	return {
		apiUrl: `https://api${counter}.jwt.example.test`,
		signInUrl: `https://login${counter}.jwt.example.test/tenant/oauth2/v2.0/token`,
		...fields,
	};
}

function jwtParts(jwt: unknown) {
	const [header, claims, signature] = String(jwt).split('.');
	const json = (part: string) =>
		JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as IDataObject;
	return {
		header: json(header),
		claims: json(claims),
		signedBy: (key = rsa.publicKey) =>
			verify(
				'sha256',
				Buffer.from(`${header}.${claims}`),
				key,
				Buffer.from(signature, 'base64url'),
			),
		macWith: (secret: string) =>
			createHmac('sha256', secret).update(`${header}.${claims}`).digest('base64url') === signature,
	};
}

const privateKeyJwt = (fields: Credentials = {}) =>
	credentialsWith({
		signInMethod: 'privateKeyJwt',
		clientId: 'app-client-id',
		privateKey: PRIVATE_KEY,
		jwtThumbprint: '84E05C1D101E3C3F5AC12D1D1CCD4A2C6A5A5A5B',
		signInParameters:
			'{"grant_type": "client_credentials", "scope": "https://graph.microsoft.com/.default"}',
		...fields,
	});

describe('private_key_jwt (RFC 7523 client authentication)', () => {
	it('sends the client id and an assertion signed with the private key, and no secret', () => {
		const c = privateKeyJwt();
		const request = tokenExchange.signInRequest(c);
		const body = request.body as IDataObject;
		expect(request.headers).toEqual({ 'Content-Type': 'application/x-www-form-urlencoded' });
		expect(body).toMatchObject({
			grant_type: 'client_credentials',
			scope: 'https://graph.microsoft.com/.default',
			client_id: 'app-client-id',
			client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
		});
		const jwt = jwtParts(body.client_assertion);
		expect(jwt.signedBy()).toBe(true);
		expect(jwt.header).toMatchObject({ alg: 'RS256', x5t: 'hOBcHRAePD9awS0dHM1KLGpaWls' });
		expect(jwt.claims).toMatchObject({
			iss: 'app-client-id',
			sub: 'app-client-id',
			aud: c.signInUrl,
		});
		expect(Number(jwt.claims.exp) - Number(jwt.claims.iat)).toBeLessThanOrEqual(330);
		expect(JSON.stringify(request)).not.toContain(KEY_BODY);
	});

	it('makes a fresh assertion for every sign-in', () => {
		const c = privateKeyJwt();
		const assertions = [1, 2].map(
			() => (tokenExchange.signInRequest(c).body as IDataObject).client_assertion,
		);
		expect(assertions[0]).not.toBe(assertions[1]);
		expect(jwtParts(assertions[0]).claims.jti).not.toBe(jwtParts(assertions[1]).claims.jti);
	});

	it('authenticates the refresh with an assertion for the refresh URL', () => {
		const c = privateKeyJwt({ refreshUrl: 'https://login.jwt.example.test/refresh' });
		const body = tokenExchange.refreshRequest!(c, 'rt-1')!.body as IDataObject;
		expect(body).toMatchObject({
			grant_type: 'refresh_token',
			refresh_token: 'rt-1',
			client_id: 'app-client-id',
		});
		expect(jwtParts(body.client_assertion).claims.aud).toBe(
			'https://login.jwt.example.test/refresh',
		);
	});
});

describe('client_secret_jwt', () => {
	it('signs the assertion with the client secret (HS256), which is not sent', () => {
		const c = credentialsWith({
			signInMethod: 'clientSecretJwt',
			clientId: 'cid',
			clientSecret: 'shared-secret-value',
		});
		const request = tokenExchange.signInRequest(c);
		const jwt = jwtParts((request.body as IDataObject).client_assertion);
		expect(jwt.header.alg).toBe('HS256');
		expect(jwt.macWith('shared-secret-value')).toBe(true);
		expect(JSON.stringify(request)).not.toContain('shared-secret-value');
	});
});

describe('the JWT bearer grant (Google service accounts)', () => {
	it('sends the assertion as the grant, with the issuer, scope and audience asked for', () => {
		const c = credentialsWith({
			signInMethod: 'jwtBearer',
			privateKey: JSON.stringify({ type: 'service_account', private_key: PRIVATE_KEY }),
			jwtIssuer: 'robot@project.iam.gserviceaccount.com',
			jwtKeyId: 'f3a1',
			jwtClaims: '{"scope": "https://www.googleapis.com/auth/devstorage.read_only"}',
			jwtLifetime: 600,
		});
		const body = tokenExchange.signInRequest(c).body as IDataObject;
		expect(body.grant_type).toBe('urn:ietf:params:oauth:grant-type:jwt-bearer');
		const jwt = jwtParts(body.assertion);
		expect(jwt.signedBy()).toBe(true);
		expect(jwt.header).toEqual({ alg: 'RS256', typ: 'JWT', kid: 'f3a1' });
		expect(jwt.claims).toMatchObject({
			iss: 'robot@project.iam.gserviceaccount.com',
			aud: c.signInUrl,
			scope: 'https://www.googleapis.com/auth/devstorage.read_only',
		});
		expect(jwt.claims).not.toHaveProperty('sub');
	});
});

describe('a JWT as the sign-in bearer (GitHub Apps)', () => {
	it('signs the sign-in request with the JWT, without an audience', () => {
		const c = credentialsWith({
			signInMethod: 'jwtAsBearer',
			privateKey: PRIVATE_KEY,
			jwtIssuer: '123456',
			signInParameters: '{}',
		});
		const request = tokenExchange.signInRequest(c);
		expect(request.body).toBeUndefined();
		const bearer = String((request.headers as IDataObject).Authorization);
		expect(bearer).toMatch(/^Bearer /);
		const jwt = jwtParts(bearer.slice('Bearer '.length));
		expect(jwt.signedBy()).toBe(true);
		expect(jwt.claims).toEqual({
			iss: '123456',
			iat: expect.any(Number),
			nbf: expect.any(Number),
			exp: expect.any(Number),
			jti: expect.any(String),
		});
	});

	it('keeps the JWT it sent out of the error when the API quotes it back', async () => {
		const c = credentialsWith({
			signInMethod: 'jwtAsBearer',
			privateKey: PRIVATE_KEY,
			jwtIssuer: '123456',
		});
		const { http, calls } = fakeHttp({
			statusCode: 401,
			body: { message: 'A JSON web token could not be decoded' },
		});
		// The fake answers with the JWT it was sent, the way a careless API would.
		const original = http.helpers.httpRequest;
		http.helpers.httpRequest = async (options) => {
			const answer = (await original(options)) as IDataObject;
			const sent = String((options.headers as IDataObject).Authorization);
			return { ...answer, body: { message: `bad JWT ${sent.slice(7)} (${sent})` } };
		};
		const error = await errorOf(() => obtainToken(tokenExchange, http, c));
		const sent = String((calls[0].headers as IDataObject).Authorization).slice(7);
		expect(error.message).toContain('bad JWT');
		// Messages are cut at 300 characters: no part of the JWT's claims may be left either.
		expect(JSON.stringify(error)).not.toContain(sent.split('.')[1].slice(0, 24));
	});
});

describe('JWT fields checked before any request', () => {
	it.each([
		[{ signInMethod: 'privateKeyJwt', privateKey: PRIVATE_KEY }, 'the Client ID'],
		[{ signInMethod: 'privateKeyJwt', clientId: 'c' }, 'the Private Key (PEM)'],
		[{ signInMethod: 'clientSecretJwt', clientId: 'c' }, 'the Client Secret (it signs the JWT'],
		[{ signInMethod: 'jwtBearer', privateKey: PRIVATE_KEY }, 'the Issuer (iss)'],
		[
			{
				signInMethod: 'jwtBearer',
				jwtIssuer: 'i',
				privateKey: PRIVATE_KEY.replace(/-----[A-Z ]+-----/g, ''),
			},
			'Private Key is not a PEM key',
		],
		[
			{ signInMethod: 'jwtBearer', jwtIssuer: 'i', privateKey: PRIVATE_KEY, jwtAlgorithm: 'ES256' },
			'an RSA key, but ES256 needs an EC key',
		],
		[
			{ signInMethod: 'jwtAsBearer', jwtIssuer: 'i', privateKey: PRIVATE_KEY, jwtLifetime: 3600 },
			'JWT Lifetime must be',
		],
		[
			{
				signInMethod: 'jwtAsBearer',
				jwtIssuer: 'i',
				privateKey: PRIVATE_KEY,
				jwtClaims: '["scope"]',
			},
			'JWT Claims must be',
		],
	])('%p is refused with a message that never quotes the key', async (fields, says) => {
		const { http, calls } = fakeHttp();
		const error = await errorOf(() => obtainToken(tokenExchange, http, credentialsWith(fields)));
		expect(reasonOf(error)).toBe('configuration');
		expect(error.message).toContain(says);
		expect(JSON.stringify(error)).not.toContain(KEY_BODY);
		expect(calls).toHaveLength(0);
	});
});
