import { MAX_LIFETIME_MS } from './expiry';

/**
 * Numbers from here on are moments, not lifetimes: 10^9 seconds is 31 years as a lifetime, and
 * September 2001 as a moment. No token endpoint gives a lifetime that long.
 */
const MOMENTS_FROM = 1e9;
/** Epoch numbers from here on are milliseconds: 10^11 seconds is the year 5138, 10^11 ms 1973. */
const MILLISECONDS_FROM = 1e11;
/** An ISO 8601 date and time without a zone offset: read as UTC, as APIs mean it. */
const ISO_WITHOUT_ZONE = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?$/;

/**
 * The moment (epoch milliseconds) an answer's expiry value names, when it names one: an ISO
 * 8601 or HTTP date, or epoch seconds or milliseconds (a number or digits). Undefined for a
 * lifetime in seconds (a number below 10^9) or anything else.
 */
export function expiryMomentOf(value: unknown): number | undefined {
	if (typeof value === 'number') return epochOf(value);
	if (typeof value !== 'string') return undefined;
	const text = value.trim();
	if (/^\d+(\.\d+)?$/.test(text)) return epochOf(Number(text));
	// A date names its year: anything without four digits in a row is not one.
	if (!/\d{4}/.test(text)) return undefined;
	const parsed = Date.parse(ISO_WITHOUT_ZONE.test(text) ? `${text}Z` : text);
	return Number.isFinite(parsed) ? parsed : undefined;
}

function epochOf(value: number): number | undefined {
	if (!Number.isFinite(value) || value < MOMENTS_FROM) return undefined;
	return value >= MILLISECONDS_FROM ? value : value * 1000;
}

/**
 * A moment on the provider's clock, placed on ours: the answer's Date header (`providerNow`)
 * tells how far the two clocks are apart. At most a year ahead, as any lifetime.
 */
export function momentOnOurClock(
	moment: number,
	receivedAt: number,
	providerNow: number | undefined,
): number {
	const skew = providerNow === undefined ? 0 : providerNow - receivedAt;
	return Math.min(moment - skew, receivedAt + MAX_LIFETIME_MS);
}
