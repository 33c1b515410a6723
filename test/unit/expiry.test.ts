import {
	drawRenewalJitter,
	expiresAtOf,
	isFresh,
	isUsable,
	providerClockOf,
	renewalWindow,
	renewAt,
	safetyFloor,
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

describe('the renewal window and the safety floor', () => {
	afterEach(() => drawRenewalJitter());

	it('opens a twelfth of the lifetime before expiry, at most 5 minutes', () => {
		expect(renewalWindow(12_000)).toBe(1_000);
		expect(renewalWindow(HOUR)).toBe(5 * 60_000);
		expect(renewalWindow(24 * HOUR)).toBe(5 * 60_000);
		expect(renewalWindow(-5_000)).toBe(0);
	});

	it('keeps a floor of a quarter of the window, at most 30 seconds', () => {
		expect(safetyFloor(12_000)).toBe(250);
		expect(safetyFloor(HOUR)).toBe(30_000);
		expect(safetyFloor(24 * HOUR)).toBe(30_000);
	});

	it.each([
		['earliest', 0, HOUR - 5 * 60_000],
		['latest', 1, HOUR - 150_000],
		['halfway', 0.5, HOUR - 225_000],
	])(
		"renews a 1-hour token at the process's drawn point (%s: in the earlier half of the window)",
		(_, draw, renewal) => {
			drawRenewalJitter(() => draw);
			const tokens = { issuedAt: receivedAt, expiresAt: receivedAt + HOUR };
			expect(renewAt(tokens)).toBe(receivedAt + renewal);
			expect(isFresh(tokens, receivedAt + renewal - 1)).toBe(true);
			expect(isFresh(tokens, receivedAt + renewal)).toBe(false);
		},
	);

	it('draws the renewal point of each process within the earlier half of the window', () => {
		const tokens = { issuedAt: receivedAt, expiresAt: receivedAt + HOUR };
		const points = new Set<number>();
		for (let draw = 0; draw < 200; draw++) {
			drawRenewalJitter();
			const renewal = renewAt(tokens)!;
			expect(renewal).toBeGreaterThanOrEqual(receivedAt + HOUR - 5 * 60_000);
			expect(renewal).toBeLessThanOrEqual(receivedAt + HOUR - 150_000);
			points.add(renewal);
		}
		expect(points.size).toBeGreaterThan(100);
	});

	it('sends a token that is due for renewal only until its safety floor', () => {
		const tokens = { issuedAt: receivedAt, expiresAt: receivedAt + HOUR };
		expect(isUsable(tokens, receivedAt + HOUR - 30_001)).toBe(true);
		expect(isUsable(tokens, receivedAt + HOUR - 30_000)).toBe(false);
		const short = { issuedAt: receivedAt, expiresAt: receivedAt + 12_000 };
		expect(isUsable(short, receivedAt + 11_749)).toBe(true);
		expect(isUsable(short, receivedAt + 11_750)).toBe(false);
	});

	it('uses a 10-second token for at least 9.1 s, renewing it before its last 0.2 s', () => {
		const tokens = { issuedAt: receivedAt, expiresAt: receivedAt + 10_000 };
		for (const draw of [0, 1]) {
			drawRenewalJitter(() => draw);
			expect(isFresh(tokens, receivedAt + 9_166)).toBe(true);
			expect(isFresh(tokens, receivedAt + 9_584)).toBe(false);
		}
		expect(isUsable(tokens, receivedAt + 9_791)).toBe(true);
		expect(isUsable(tokens, receivedAt + 9_792)).toBe(false);
	});

	it('is not fresh, nor usable, after expiry', () => {
		const tokens = { issuedAt: receivedAt, expiresAt: receivedAt + HOUR };
		expect(isFresh(tokens, receivedAt + 2 * HOUR)).toBe(false);
		expect(isUsable(tokens, receivedAt + 2 * HOUR)).toBe(false);
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
		).toBe(receivedAt + 180_000 - 999);
	});
});

describe('providerClockOf', () => {
	it('reads the Date header, plus any Age, as the latest moment they may stand for', () => {
		const date = new Date(receivedAt).toUTCString();
		expect(providerClockOf({ date })).toEqual({ now: receivedAt + 999, ageSeconds: 0 });
		expect(providerClockOf({ date, age: '30' })).toEqual({
			now: receivedAt + 30_000 + 2 * 999,
			ageSeconds: 30,
		});
		expect(providerClockOf({ date: 'not a date' })).toEqual({ now: undefined, ageSeconds: 0 });
		expect(providerClockOf(undefined)).toEqual({ now: undefined, ageSeconds: 0 });
	});
});

describe('a cached JWT with seconds left, its Date header cut to the second (issue 26)', () => {
	it.each([0, 1, 250, 500, 750, 999])(
		'never places exp later than it is, the provider answering %i ms into its second',
		(millis) => {
			// The provider's clock and ours agree; it answers `millis` into a second, and its Date
			// header drops them. The JWT, issued an hour ago, expires 3 s after that second began.
			const second = receivedAt + 60_000;
			const answeredAt = second + millis;
			const exp = seconds(second) + 3;
			const token = jwt({ iat: exp - LIFETIME_SECONDS, exp });
			const clock = providerClockOf({ date: new Date(answeredAt).toUTCString() });
			const expiresAt = expiresAtOf(
				{ accessToken: token },
				answeredAt,
				clock.now,
				clock.ageSeconds,
			);
			expect(expiresAt).toBeLessThanOrEqual(exp * 1000);
			expect(expiresAt).toBeGreaterThan(exp * 1000 - 1000);
		},
	);

	it('counts an Age cut to the second against expires_in too', () => {
		const clock = providerClockOf({ date: new Date(receivedAt).toUTCString(), age: '2' });
		expect(
			expiresAtOf(
				{ accessToken: 'opaque', expiresIn: 10 },
				receivedAt,
				clock.now,
				clock.ageSeconds,
			),
		).toBe(receivedAt + 8_000 - 999);
	});
});

const LIFETIME_SECONDS = 3600;
