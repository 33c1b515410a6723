import type { IDataObject } from 'n8n-workflow';
import { isJsonObject } from './fields';
import type { TokenResponse, TokenSet } from './types';

/**
 * Covers the time between the provider issuing a token and us receiving it, plus a request's
 * flight: seconds, not minutes. Lifetimes are counted from receipt (see expiresAtOf).
 */
const MAX_RENEWAL_MARGIN_MS = 30_000;
/** Longer lifetimes (an absurd `expires_in`) are cut to this, so the expiry stays a date. */
export const MAX_LIFETIME_MS = 365 * 24 * 3_600_000;

/** The JWT's claims, decoded but never verified; undefined when the token is not a JWT. */
export function decodeJwtClaims(token: string): IDataObject | undefined {
	const parts = token.split('.');
	if (parts.length !== 3) return undefined;
	try {
		const claims: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
		return isJsonObject(claims) ? claims : undefined;
	} catch {
		return undefined;
	}
}

/**
 * When a token expires, from `expires_in` or else the JWT `exp`.
 * A relative lifetime (`expires_in`, or `exp - iat`) is measured on our own clock, so a
 * skewed provider clock cannot make a fresh token look expired. The answer's own clock
 * (`providerNow`, from its Date header) also places a JWT's `exp` on our clock: a token served
 * again from a cache, with an old `iat`, gets only the time it has left. `ageSeconds` is how
 * long a cache held the answer (its Age header).
 */
export function expiresAtOf(
	response: TokenResponse,
	receivedAt: number,
	providerNow?: number,
	ageSeconds = 0,
): number | undefined {
	const within = (expiresAt: number) => Math.min(expiresAt, receivedAt + MAX_LIFETIME_MS);
	if (response.expiresIn !== undefined && Number.isFinite(response.expiresIn)) {
		return within(receivedAt + (response.expiresIn - ageSeconds) * 1000);
	}
	const claims = decodeJwtClaims(response.accessToken);
	// NumericDate is a JSON number (RFC 7519); null, false or text mean no known expiry.
	const exp = claims?.exp;
	if (typeof exp !== 'number' || !Number.isFinite(exp)) return undefined;
	const absolute = providerNow === undefined ? exp * 1000 : exp * 1000 - (providerNow - receivedAt);
	const iat = claims?.iat;
	const relative =
		typeof iat === 'number' && iat <= exp ? receivedAt + (exp - iat) * 1000 : undefined;
	if (relative === undefined) return within(absolute);
	return within(providerNow === undefined ? relative : Math.min(relative, absolute));
}

/** The provider's clock when it answered (Date, plus the Age a cache adds), and that age. */
export function providerClockOf(headers: IDataObject | undefined): {
	now?: number;
	ageSeconds: number;
} {
	const age = Number(headers?.age);
	const ageSeconds = Number.isFinite(age) && age > 0 ? age : 0;
	const date = Date.parse(String(headers?.date ?? ''));
	return { now: Number.isFinite(date) ? date + ageSeconds * 1000 : undefined, ageSeconds };
}

/** `expires_in` as seconds: a number, or digits in a string; anything else is no lifetime. */
export function lifetimeSecondsOf(value: unknown): number | undefined {
	if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
	if (typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value)) return Number(value);
	return undefined;
}

/** Renew this long before expiry: a tenth of the lifetime, at most 30 seconds. */
export function renewalMargin(lifetimeMs: number): number {
	return Math.min(Math.max(lifetimeMs, 0) / 10, MAX_RENEWAL_MARGIN_MS);
}

/** The moment from which a token is no longer sent; undefined when its expiry is unknown. */
export function renewAt(tokens: Pick<TokenSet, 'issuedAt' | 'expiresAt'>): number | undefined {
	if (tokens.expiresAt === undefined) return undefined;
	return tokens.expiresAt - renewalMargin(tokens.expiresAt - tokens.issuedAt);
}

export function isFresh(tokens: Pick<TokenSet, 'issuedAt' | 'expiresAt'>, now: number): boolean {
	const renewal = renewAt(tokens);
	return renewal === undefined || now < renewal;
}
