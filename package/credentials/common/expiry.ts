import type { IDataObject } from 'n8n-workflow';
import { isJsonObject } from './fields';
import type { TokenResponse, TokenSet } from './types';

/**
 * Renewal starts within the last twelfth of a token's lifetime, at most 5 minutes before expiry:
 * AWS's SDK and Google's auth libraries renew about 5 minutes early, so an hour-long token
 * rides out minutes of token-endpoint outage. A larger share would cost token calls: with one
 * request every 36 s and hour-long tokens (`npm run bench`, a), a twelfth is 11 calls where 10
 * is the limit.
 */
const RENEWAL_WINDOW_SHARE = 1 / 12;
const MAX_RENEWAL_WINDOW_MS = 5 * 60_000;
/**
 * The safety floor: a token this close to expiry is never sent. It covers the time between the
 * provider issuing a token and us receiving it, and a request's flight: a quarter of the
 * window, at most 30 s. Lifetimes are counted from receipt (see expiresAtOf).
 */
const FLOOR_SHARE_OF_WINDOW = 1 / 4;
const MAX_SAFETY_FLOOR_MS = 30_000;
/** Date and Age headers count whole seconds: the moment they stand for may be this much later. */
const HEADER_RESOLUTION_MS = 999;
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
		// An Age is cut to the second too: the answer may be up to a second older.
		const rounding = ageSeconds > 0 ? HEADER_RESOLUTION_MS : 0;
		return within(receivedAt + (response.expiresIn - ageSeconds) * 1000 - rounding);
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
	// Both headers are cut to the second: the provider's clock may have been up to a second on
	// from each, and a later clock means less time left before a JWT's `exp`.
	const rounding = HEADER_RESOLUTION_MS * (ageSeconds > 0 ? 2 : 1);
	return {
		now: Number.isFinite(date) ? date + ageSeconds * 1000 + rounding : undefined,
		ageSeconds,
	};
}

/** `expires_in` as seconds: a number, or digits in a string; anything else is no lifetime. */
export function lifetimeSecondsOf(value: unknown): number | undefined {
	if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
	if (typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value)) return Number(value);
	return undefined;
}

/** How long before expiry renewal may start: a twelfth of the lifetime, at most 5 minutes. */
export function renewalWindow(lifetimeMs: number): number {
	return Math.min(Math.max(lifetimeMs, 0) * RENEWAL_WINDOW_SHARE, MAX_RENEWAL_WINDOW_MS);
}

/** How long before expiry a token is no longer sent, whatever happens: well inside the window. */
export function safetyFloor(lifetimeMs: number): number {
	return Math.min(renewalWindow(lifetimeMs) * FLOOR_SHARE_OF_WINDOW, MAX_SAFETY_FLOOR_MS);
}

/**
 * Where in the earlier half of the window this process renews, from 0 (the window's start) to 1
 * (its middle): drawn once per process, so n8n workers sharing a credential renew at different
 * moments and the later one finds the token the earlier one stored. The later half is left for
 * riding out a failed renewal.
 */
let jitter = Math.random();

/** Draws this process's renewal point again (tests pass their own random source). */
export function drawRenewalJitter(random: () => number = Math.random): void {
	jitter = Math.min(Math.max(random(), 0), 1);
}

/** The moment this process renews the token; undefined when its expiry is unknown. */
export function renewAt(tokens: Pick<TokenSet, 'issuedAt' | 'expiresAt'>): number | undefined {
	if (tokens.expiresAt === undefined) return undefined;
	const window = renewalWindow(tokens.expiresAt - tokens.issuedAt);
	return tokens.expiresAt - window + (jitter * window) / 2;
}

/** The moment from which the token is never sent (its safety floor); undefined when unknown. */
export function usableUntil(tokens: Pick<TokenSet, 'issuedAt' | 'expiresAt'>): number | undefined {
	if (tokens.expiresAt === undefined) return undefined;
	return tokens.expiresAt - safetyFloor(tokens.expiresAt - tokens.issuedAt);
}

/** Whether the token is not yet due for renewal. */
export function isFresh(tokens: Pick<TokenSet, 'issuedAt' | 'expiresAt'>, now: number): boolean {
	const renewal = renewAt(tokens);
	return renewal === undefined || now < renewal;
}

/** Whether the token may still be sent while its renewal is failing (beyond its safety floor). */
export function isUsable(tokens: Pick<TokenSet, 'issuedAt' | 'expiresAt'>, now: number): boolean {
	const until = usableUntil(tokens);
	return until === undefined || now < until;
}
