import { constants, createHmac, createPrivateKey, randomUUID, sign } from 'crypto';
import type { KeyObject } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

/**
 * Signed JWTs a sign-in carries (RFC 7523): a client assertion (`private_key_jwt`,
 * `client_secret_jwt`), the JWT bearer grant, or a JWT as the sign-in's own bearer token.
 * Node's crypto only. The private key goes into the signature and nowhere else; no message
 * here quotes it.
 */
export type JwtAlgorithm = 'RS256' | 'PS256' | 'ES256' | 'HS256';

/** At most this long (seconds): an assertion is for one sign-in, made just before it. */
export const MAX_ASSERTION_LIFETIME = 600;
/** `iat` and `nbf` this far back, for a server whose clock is behind ours (GitHub's advice). */
const CLOCK_DRIFT_SECONDS = 30;
const MIN_RSA_BITS = 2048;

const KEY_TYPE: Record<Exclude<JwtAlgorithm, 'HS256'>, string> = {
	RS256: 'an RSA key',
	PS256: 'an RSA key',
	ES256: 'an EC key on the P-256 curve',
};

/**
 * The PEM text of a private key as pasted: line breaks written as `\n` (a JSON key file's
 * value) become line breaks, and a whole JSON key file (Google's) gives its `private_key`.
 */
export function pemOf(pasted: string): string {
	const text = pasted.trim();
	if (text.startsWith('{')) {
		try {
			const file = JSON.parse(text) as IDataObject;
			if (typeof file.private_key === 'string') return pemOf(file.private_key);
		} catch {
			// Not a key file: read as it is, and reported as not PEM below.
		}
	}
	return rewrapped(text.replace(/\\n/g, '\n'));
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/;

/**
 * A PEM block with its base64 on lines of 64 characters again. n8n's password fields are
 * single-line inputs: a browser drops the line breaks of a pasted key (or a copy turns them into
 * spaces), and OpenSSL reads no PEM without them. A block with headers (an encrypted PKCS#1
 * key's Proc-Type) is left as it is.
 */
function rewrapped(text: string): string {
	const block = PEM_BLOCK.exec(text);
	if (!block || block[2].includes(':')) return text;
	const body = block[2].replace(/\s+/g, '');
	const lines = body.match(/.{1,64}/g) ?? [];
	return `-----BEGIN ${block[1]}-----\n${lines.join('\n')}\n-----END ${block[1]}-----\n`;
}

/** The key, or what is wrong with it, in words that never quote it. */
export function readPrivateKey(
	pasted: string,
	algorithm: Exclude<JwtAlgorithm, 'HS256'>,
): { key: KeyObject } | { problem: string } {
	const pem = pemOf(pasted);
	const label = /-----BEGIN ([A-Z0-9 ]+)-----/.exec(pem)?.[1];
	if (label === undefined) {
		return {
			problem:
				'the Private Key is not a PEM key: paste it whole, from its -----BEGIN PRIVATE KEY----- line to its -----END PRIVATE KEY----- line (or the JSON key file)',
		};
	}
	if (label.includes('ENCRYPTED') || /Proc-Type: *4, *ENCRYPTED/.test(pem)) {
		return {
			problem:
				'the Private Key is encrypted with a passphrase: paste it decrypted (openssl pkey -in key.pem -out decrypted.pem)',
		};
	}
	if (label.includes('PUBLIC KEY') || label.includes('CERTIFICATE')) {
		return {
			problem: `the Private Key field holds a ${label.toLowerCase()}, not the private key: paste the private key that goes with it`,
		};
	}
	let key: KeyObject;
	try {
		key = createPrivateKey({ key: pem, format: 'pem' });
	} catch {
		return {
			problem:
				'the Private Key could not be read (PKCS#8, RSA or EC PEM keys are): check that it was pasted whole, line breaks included',
		};
	}
	const wrongType = keyTypeProblem(key, algorithm);
	return wrongType === undefined ? { key } : { problem: wrongType };
}

function keyTypeProblem(key: KeyObject, algorithm: Exclude<JwtAlgorithm, 'HS256'>) {
	const type = key.asymmetricKeyType;
	const details = key.asymmetricKeyDetails ?? {};
	const needs = KEY_TYPE[algorithm];
	if (algorithm === 'ES256') {
		if (type === 'ec' && details.namedCurve === 'prime256v1') return undefined;
		const is =
			type === 'ec' ? `an EC key on ${String(details.namedCurve)}` : `${article(type)} key`;
		return `the Private Key is ${is}, but ES256 needs ${needs}: choose the algorithm the key is for, or the key the API expects`;
	}
	if (type !== 'rsa' && type !== 'rsa-pss') {
		return `the Private Key is ${article(type)} key, but ${algorithm} needs ${needs}: choose the algorithm the key is for (ES256 for an EC key)`;
	}
	const bits = details.modulusLength ?? 0;
	if (bits < MIN_RSA_BITS) {
		return `the Private Key is an RSA key of ${bits} bits; ${algorithm} needs at least ${MIN_RSA_BITS}: create a longer key`;
	}
	return undefined;
}

/** "an RSA", "an EC", "a DSA": key types are spelled out letter by letter. */
function article(type: string | undefined): string {
	if (type === undefined) return 'an unknown';
	const name = type.toUpperCase();
	return /^[AEFHILMNORSX]/.test(name) ? `an ${name}` : `a ${name}`;
}

export interface JwtRequest {
	algorithm: JwtAlgorithm;
	/** The private key (PEM, as pasted) for RS256, PS256 and ES256; the shared secret for HS256. */
	key: string;
	issuer?: string;
	subject?: string;
	audience?: string;
	lifetimeSeconds: number;
	/** Claims beside the registered ones (scope...); the times and `jti` are always ours. */
	claims?: IDataObject;
	keyId?: string;
	/** The certificate's SHA-1 thumbprint (`x5t`), as hex or base64url. */
	thumbprint?: string;
}

/** A JWT signed now, with a `jti` of its own: a fresh one for every sign-in. */
export function signedJwt(request: JwtRequest, now = Date.now()): string {
	const issuedAt = Math.floor(now / 1000) - CLOCK_DRIFT_SECONDS;
	const header: IDataObject = { alg: request.algorithm, typ: 'JWT' };
	if (request.keyId) header.kid = request.keyId;
	if (request.thumbprint) header.x5t = base64UrlThumbprint(request.thumbprint);
	const claims: IDataObject = { ...request.claims };
	if (request.issuer) claims.iss = request.issuer;
	if (request.subject) claims.sub = request.subject;
	if (request.audience) claims.aud = request.audience;
	Object.assign(claims, {
		iat: issuedAt,
		nbf: issuedAt,
		exp: Math.floor(now / 1000) + request.lifetimeSeconds,
		jti: randomUUID(),
	});
	const input = `${base64Url(JSON.stringify(header))}.${base64Url(JSON.stringify(claims))}`;
	return `${input}.${signature(request, input).toString('base64url')}`;
}

function signature(request: JwtRequest, input: string): Buffer {
	if (request.algorithm === 'HS256') {
		return createHmac('sha256', request.key).update(input).digest();
	}
	const read = readPrivateKey(request.key, request.algorithm);
	if ('problem' in read) throw new Error(read.problem);
	const data = Buffer.from(input);
	if (request.algorithm === 'PS256') {
		// RFC 7518 3.5: the salt is as long as the hash.
		return sign('sha256', data, {
			key: read.key,
			padding: constants.RSA_PKCS1_PSS_PADDING,
			saltLength: 32,
		});
	}
	if (request.algorithm === 'ES256') {
		// JOSE wants r || s (RFC 7518 3.4), not the DER sequence crypto gives by default.
		return sign('sha256', data, { key: read.key, dsaEncoding: 'ieee-p1363' });
	}
	return sign('sha256', data, read.key);
}

const base64Url = (text: string) => Buffer.from(text).toString('base64url');

/** Azure and others show a certificate's thumbprint as hex; `x5t` is its base64url. */
function base64UrlThumbprint(thumbprint: string): string {
	const compact = thumbprint.replace(/[\s:]/g, '');
	return /^[0-9a-f]{40}$/i.test(compact)
		? Buffer.from(compact, 'hex').toString('base64url')
		: compact;
}
