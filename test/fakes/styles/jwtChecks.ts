import { generateKeyPairSync, verify } from 'crypto';
import type { KeyObject } from 'crypto';

/** The key pair a fake's registered client or app signs with (the fake keeps the public half). */
export function newSigningKey(): { privateKeyPem: string; publicKey: KeyObject } {
	const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
	return {
		privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
		publicKey,
	};
}

export interface CheckedJwt {
	header: Record<string, unknown>;
	claims: Record<string, unknown>;
}

/**
 * A JWT as a token endpoint checks it: RS256 or PS256 signed by `publicKey`, not expired, not
 * before its time, and not living longer than `maxLifetimeSeconds`. The reason it is refused
 * otherwise, in the words of the check.
 */
export function checkSignedJwt(
	jwt: unknown,
	publicKey: KeyObject,
	maxLifetimeSeconds: number,
): CheckedJwt | { refused: string } {
	const [header, claims, signature] = typeof jwt === 'string' ? jwt.split('.') : [];
	if (!header || !claims || !signature) return { refused: 'not a JWT' };
	let parsed: CheckedJwt;
	try {
		const json = (part: string) =>
			JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
		parsed = { header: json(header), claims: json(claims) };
	} catch {
		return { refused: 'not a JWT' };
	}
	const input = Buffer.from(`${header}.${claims}`);
	const sig = Buffer.from(signature, 'base64url');
	const alg = parsed.header.alg;
	const valid =
		alg === 'RS256'
			? verify('sha256', input, publicKey, sig)
			: alg === 'PS256' &&
				verify('sha256', input, { key: publicKey, padding: 6, saltLength: 32 }, sig);
	if (!valid) return { refused: 'invalid signature' };
	const now = Date.now() / 1000;
	const { exp, iat, nbf } = parsed.claims as { exp?: number; iat?: number; nbf?: number };
	if (typeof exp !== 'number' || exp <= now) return { refused: 'expired or no exp' };
	if (typeof nbf === 'number' && nbf > now + 5) return { refused: 'not yet valid' };
	if (typeof iat === 'number' && iat > now + 5) return { refused: 'issued in the future' };
	if (exp - now > maxLifetimeSeconds) return { refused: 'exp too far in the future' };
	return parsed;
}
