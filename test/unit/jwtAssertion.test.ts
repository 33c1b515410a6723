import { createHmac, createPublicKey, generateKeyPairSync, verify } from 'crypto';
import type { KeyObject } from 'crypto';
import { readPrivateKey, signedJwt } from '../../package/credentials/common/jwtAssertion';
import type { JwtAlgorithm } from '../../package/credentials/common/jwtAssertion';

/** Signed JWTs, checked the way a token endpoint checks them: crypto.verify with the public key. */
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const pem = (key: KeyObject, type: 'pkcs8' | 'pkcs1' | 'sec1') =>
	key.export({ type, format: 'pem' }) as string;
const RSA_PKCS8 = pem(rsa.privateKey, 'pkcs8');
const EC_PKCS8 = pem(ec.privateKey, 'pkcs8');
/** A run of the key's base64 body: no message may contain it. */
const bodyOf = (text: string) =>
	text.split('\n').reduce((longest, line) => (line.length > longest.length ? line : longest), '');

const NOW = Date.UTC(2030, 0, 1, 12);
const seconds = (ms: number) => Math.floor(ms / 1000);

function decoded(jwt: string) {
	const [header, claims, signature] = jwt.split('.');
	const json = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
	return {
		header: json(header),
		claims: json(claims),
		input: Buffer.from(`${header}.${claims}`),
		signature: Buffer.from(signature, 'base64url'),
	};
}

function verifies(jwt: string, algorithm: JwtAlgorithm, publicKey: KeyObject): boolean {
	const { input, signature } = decoded(jwt);
	if (algorithm === 'ES256') {
		return verify('sha256', input, { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature);
	}
	if (algorithm === 'PS256') {
		return verify('sha256', input, { key: publicKey, padding: 6, saltLength: 32 }, signature);
	}
	return verify('sha256', input, publicKey, signature);
}

describe('a signed JWT', () => {
	it.each([
		['RS256', RSA_PKCS8, rsa.publicKey],
		['RS256', pem(rsa.privateKey, 'pkcs1'), rsa.publicKey],
		['PS256', RSA_PKCS8, rsa.publicKey],
		['ES256', EC_PKCS8, ec.publicKey],
		['ES256', pem(ec.privateKey, 'sec1'), ec.publicKey],
	] as const)(
		'%s with a key %#: the public key verifies its signature',
		(algorithm, key, publicKey) => {
			const jwt = signedJwt({ algorithm, key, issuer: 'me', lifetimeSeconds: 300 }, NOW);
			expect(decoded(jwt).header).toEqual({ alg: algorithm, typ: 'JWT' });
			expect(verifies(jwt, algorithm, publicKey)).toBe(true);
			expect(
				verifies(jwt, algorithm, generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey),
			).toBe(false);
		},
	);

	it('ES256 signs as JOSE wants: r and s, 64 bytes, not DER', () => {
		const jwt = signedJwt({ algorithm: 'ES256', key: EC_PKCS8, lifetimeSeconds: 60 }, NOW);
		expect(decoded(jwt).signature).toHaveLength(64);
	});

	it('HS256 signs with the shared secret', () => {
		const jwt = signedJwt({ algorithm: 'HS256', key: 'client-secret', lifetimeSeconds: 60 }, NOW);
		const { input, signature } = decoded(jwt);
		expect(signature).toEqual(createHmac('sha256', 'client-secret').update(input).digest());
	});

	it('carries the claims asked for, lives as long as asked, and has a jti of its own', () => {
		const request = {
			algorithm: 'RS256' as const,
			key: RSA_PKCS8,
			issuer: 'sa@project.iam.gserviceaccount.com',
			subject: 'user@example.com',
			audience: 'https://oauth2.googleapis.com/token',
			lifetimeSeconds: 300,
			claims: { scope: 'https://www.googleapis.com/auth/cloud-platform', exp: 1, jti: 'fixed' },
			keyId: 'key-1',
			thumbprint: '84:E0:5C:1D:10:1E:3C:3F:5A:C1:2D:1D:1C:CD:4A:2C:6A:5A:5A:5B',
		};
		const first = decoded(signedJwt(request, NOW));
		const second = decoded(signedJwt(request, NOW));
		expect(first.header).toEqual({
			alg: 'RS256',
			typ: 'JWT',
			kid: 'key-1',
			x5t: Buffer.from('84E05C1D101E3C3F5AC12D1D1CCD4A2C6A5A5A5B', 'hex').toString('base64url'),
		});
		expect(first.claims).toEqual({
			iss: request.issuer,
			sub: request.subject,
			aud: request.audience,
			scope: request.claims.scope,
			iat: seconds(NOW) - 30,
			nbf: seconds(NOW) - 30,
			exp: seconds(NOW) + 300,
			jti: expect.stringMatching(/^[0-9a-f-]{36}$/),
		});
		expect(second.claims.jti).not.toBe(first.claims.jti);
	});

	it('reads a key pasted from a JSON key file, with its line breaks written as \\n, dropped or spaces', () => {
		const escaped = RSA_PKCS8.replace(/\n/g, '\\n');
		const keyFile = JSON.stringify({ type: 'service_account', private_key: RSA_PKCS8 });
		// What a browser's single-line password input keeps of a pasted key.
		const oneLine = RSA_PKCS8.replace(/\n/g, '');
		const spaced = RSA_PKCS8.replace(/\n/g, ' ');
		for (const key of [escaped, keyFile, oneLine, spaced]) {
			const jwt = signedJwt({ algorithm: 'RS256', key, lifetimeSeconds: 60 }, NOW);
			expect(verifies(jwt, 'RS256', rsa.publicKey)).toBe(true);
		}
	});
});

describe('a private key that cannot be used', () => {
	const encrypted = rsa.privateKey.export({
		type: 'pkcs8',
		format: 'pem',
		cipher: 'aes-256-cbc',
		passphrase: 'pass',
	}) as string;
	const encryptedPkcs1 = rsa.privateKey.export({
		type: 'pkcs1',
		format: 'pem',
		cipher: 'aes-256-cbc',
		passphrase: 'pass',
	}) as string;
	const publicPem = createPublicKey(rsa.privateKey).export({
		type: 'spki',
		format: 'pem',
	}) as string;
	const p384 = pem(generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey, 'pkcs8');
	const rsa1024 = pem(generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey, 'pkcs8');
	const cut = RSA_PKCS8.split('\n').slice(0, 8).join('\n') + '\n-----END PRIVATE KEY-----';

	it.each([
		[
			'a bare base64 body',
			RSA_PKCS8.split('\n').slice(1, -2).join(''),
			'RS256',
			/is not a PEM key: paste it whole/,
		],
		[
			'encrypted (PKCS#8)',
			encrypted,
			'RS256',
			/is encrypted with a passphrase: paste it decrypted/,
		],
		['encrypted (PKCS#1)', encryptedPkcs1, 'RS256', /is encrypted with a passphrase/],
		['a public key', publicPem, 'RS256', /holds a public key, not the private key/],
		['cut short', cut, 'RS256', /could not be read .*pasted whole/],
		[
			'an EC key for RS256',
			EC_PKCS8,
			'RS256',
			/is an EC key, but RS256 needs an RSA key: choose the algorithm the key is for \(ES256/,
		],
		[
			'an RSA key for ES256',
			RSA_PKCS8,
			'ES256',
			/is an RSA key, but ES256 needs an EC key on the P-256 curve/,
		],
		[
			'a P-384 key for ES256',
			p384,
			'ES256',
			/is an EC key on secp384r1, but ES256 needs an EC key on the P-256 curve/,
		],
		['a 1024-bit RSA key', rsa1024, 'PS256', /RSA key of 1024 bits; PS256 needs at least 2048/],
	] as const)('%s: says what is wrong, never quoting the key', (_, key, algorithm, says) => {
		const read = readPrivateKey(key, algorithm);
		const problem = 'problem' in read ? read.problem : '';
		expect(problem).toMatch(says);
		expect(problem).not.toContain(bodyOf(key.includes('\n') ? key : RSA_PKCS8));
		expect(() => signedJwt({ algorithm, key, lifetimeSeconds: 60 })).toThrow(says);
	});
});
