import { retryAfterMs } from '../../package/credentials/common/retryAfter';
import {
	MAX_RATE_LIMIT_WAIT_MS,
	rateLimitFix,
	withinBound,
} from '../../package/nodes/common/rateLimit';

describe('Retry-After', () => {
	const now = Date.parse('2026-01-01T12:00:00Z');

	it.each([
		['seconds', '7', 7000],
		['zero', '0', 0],
		['an HTTP date', 'Thu, 01 Jan 2026 12:00:05 GMT', 5000],
		['an HTTP date in the past', 'Thu, 01 Jan 2026 11:59:00 GMT', 0],
		['a list (first value)', ['3', '9'], 3000],
	])('reads %s', (_, header, expected) => {
		expect(retryAfterMs(header, now)).toBe(expected);
	});

	it.each([undefined, '', 'soon', '-5', '1.5'])('ignores %p', (header) => {
		expect(retryAfterMs(header, now)).toBeUndefined();
	});
});

describe('the bound on waiting for a rate limit', () => {
	it('retries twice at most', () => {
		expect(withinBound(1000, { retries: 1, waitedMs: 1000 })).toBe(true);
		expect(withinBound(1000, { retries: 2, waitedMs: 2000 })).toBe(false);
	});

	it('waits 30 s in all at most', () => {
		expect(withinBound(MAX_RATE_LIMIT_WAIT_MS, { retries: 0, waitedMs: 0 })).toBe(true);
		expect(withinBound(20_000, { retries: 1, waitedMs: 10_001 })).toBe(false);
	});

	it('does not retry without a Retry-After', () => {
		expect(withinBound(undefined, { retries: 0, waitedMs: 0 })).toBe(false);
	});

	it('says when to run again', () => {
		const now = Date.parse('2026-01-01T12:00:00Z');
		expect(rateLimitFix({ name: 'Blynk' }, 120_000, { retries: 0, waitedMs: 0 }, now)).toBe(
			'Blynk is rate limiting requests: retry after 2026-01-01T12:02:00.000Z (in 120 s), or slow the node down (Options → Batching: fewer Items per Batch, a Batch Interval).',
		);
		expect(rateLimitFix({ name: 'Blynk' }, undefined, { retries: 2, waitedMs: 4000 }, now)).toMatch(
			/^Waited 4 s over 2 retries as Blynk asked; Blynk is rate limiting requests: retry later/,
		);
	});
});
