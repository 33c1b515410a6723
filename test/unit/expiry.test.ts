import {
	expiresAtOf,
	isFresh,
	providerClockOf,
	renewalMargin,
} from '../../package/credentials/common/expiry';
import { jwt, seconds } from './helpers';

const receivedAt = Date.parse('2030-06-01T12:00:00.000Z');
const HOUR = 3_600_000;

describe('expiresAtOf', () => {
	it('uses expires_in when present, measured from receipt, even over a JWT exp', () => {
		const token = jwt({ exp: seconds(receivedAt) + 9999 });
		expect(expiresAtOf({ accessToken: token, expiresIn: 120 }, receivedAt)).toBe(
			receivedAt + 120_000,
		);
		expect(expiresAtOf({ accessToken: 'opaque', expiresIn: 0.5 }, receivedAt)).toBe(
			receivedAt + 500,
		);
	});

	it.each([
		['behind', -3 * HOUR],
		['ahead', 5 * HOUR],
		['exact', 0],
	])(
		'measures a JWT lifetime (exp - iat) from receipt when the provider clock is %s',
		(_, skew) => {
			const iat = seconds(receivedAt + skew);
			const token = jwt({ iat, exp: iat + 900 });
			expect(expiresAtOf({ accessToken: token }, receivedAt)).toBe(receivedAt + 900_000);
		},
	);

	it('uses the absolute exp when the JWT has no iat', () => {
		const exp = seconds(receivedAt) + 1234;
		expect(expiresAtOf({ accessToken: jwt({ exp }) }, receivedAt)).toBe(exp * 1000);
	});

	it('uses the absolute exp when iat is after exp (a nonsensical lifetime)', () => {
		const exp = seconds(receivedAt) + 60;
		expect(expiresAtOf({ accessToken: jwt({ iat: exp + 10, exp }) }, receivedAt)).toBe(exp * 1000);
	});

	it.each([
		['an opaque token', 'abc123opaque'],
		['a JWT without exp', jwt({ sub: 'x', iat: 1 })],
		['a JWT with a non-numeric exp', jwt({ exp: 'tomorrow' })],
		['three dot-separated parts that are not JSON', 'a.b.c'],
		['a JWT whose payload is an array', `x.${Buffer.from('[1,2]').toString('base64url')}.y`],
	])('is undefined for %s', (_, accessToken) => {
		expect(expiresAtOf({ accessToken }, receivedAt)).toBeUndefined();
	});
});

describe('renewalMargin and isFresh', () => {
	it('renews a 10-second token 1 second before expiry (uses 90% of its life)', () => {
		expect(renewalMargin(10_000)).toBe(1_000);
		const tokens = { issuedAt: receivedAt, expiresAt: receivedAt + 10_000 };
		expect(isFresh(tokens, receivedAt + 8_999)).toBe(true);
		expect(isFresh(tokens, receivedAt + 9_000)).toBe(false);
	});

	it('caps the margin at 30 seconds, so a 1-hour token is used for 59.5 minutes', () => {
		expect(renewalMargin(HOUR)).toBe(30_000);
		expect(renewalMargin(24 * HOUR)).toBe(30_000);
		const tokens = { issuedAt: receivedAt, expiresAt: receivedAt + HOUR };
		expect(isFresh(tokens, receivedAt + HOUR - 30_001)).toBe(true);
		expect(isFresh(tokens, receivedAt + HOUR - 30_000)).toBe(false);
	});

	it('never has a negative margin', () => {
		expect(renewalMargin(-5_000)).toBe(0);
	});

	it('is not fresh after expiry', () => {
		expect(
			isFresh({ issuedAt: receivedAt, expiresAt: receivedAt + HOUR }, receivedAt + 2 * HOUR),
		).toBe(false);
	});

	it('treats a token of unknown expiry as fresh', () => {
		expect(isFresh({ issuedAt: 0, expiresAt: undefined }, receivedAt + 100 * 365 * 24 * HOUR)).toBe(
			true,
		);
	});
});

describe('expiresAtOf, with the clock of the answer (Date, Age)', () => {
	const LIFETIME = 3600;

	it('does not trust a JWT served again from a cache after its exp', () => {
		const iat = seconds(receivedAt) - 2 * LIFETIME;
		const token = jwt({ iat, exp: iat + LIFETIME });
		const expiresAt = expiresAtOf({ accessToken: token }, receivedAt, receivedAt);
		expect(expiresAt).toBeLessThanOrEqual(receivedAt);
	});

	it('gives a cached JWT only the time it has left', () => {
		const iat = seconds(receivedAt) - 55 * 60;
		const token = jwt({ iat, exp: iat + LIFETIME });
		expect(expiresAtOf({ accessToken: token }, receivedAt, receivedAt)).toBe(
			receivedAt + 5 * 60_000,
		);
	});

	it('still measures a fresh JWT from receipt when the provider clock is off', () => {
		const skew = -3 * HOUR;
		const iat = seconds(receivedAt + skew);
		const token = jwt({ iat, exp: iat + 900 });
		expect(expiresAtOf({ accessToken: token }, receivedAt, receivedAt + skew)).toBe(
			receivedAt + 900_000,
		);
	});

	it('takes the age a cache reports off expires_in', () => {
		expect(
			expiresAtOf({ accessToken: 'opaque', expiresIn: 300 }, receivedAt, receivedAt, 120),
		).toBe(receivedAt + 180_000);
	});
});

describe('providerClockOf', () => {
	it('reads the Date header, plus any Age', () => {
		const date = new Date(receivedAt).toUTCString();
		expect(providerClockOf({ date })).toEqual({ now: receivedAt, ageSeconds: 0 });
		expect(providerClockOf({ date, age: '30' })).toEqual({
			now: receivedAt + 30_000,
			ageSeconds: 30,
		});
		expect(providerClockOf({ date: 'not a date' })).toEqual({ now: undefined, ageSeconds: 0 });
		expect(providerClockOf(undefined)).toEqual({ now: undefined, ageSeconds: 0 });
	});
});
