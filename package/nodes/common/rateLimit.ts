import { sleep } from 'n8n-workflow';
import { retryAfterMs } from '../../credentials/common/retryAfter';
import type { TokenProvider } from '../../credentials/common/types';

/** Our nodes honour an HTTP 429's Retry-After at most this often, and for at most this long in all. */
export const MAX_RATE_LIMIT_RETRIES = 2;
export const MAX_RATE_LIMIT_WAIT_MS = 30_000;

/** Until when a node run (its execute context) sends nothing: a 429 any item saw holds back all of them. */
const pausedUntil = new WeakMap<object, number>();

/** Holds back every request of the node run `run` for `waitMs` from `now`. */
export function pauseRun(run: object, waitMs: number, now: number): void {
	pausedUntil.set(run, Math.max(pausedUntil.get(run) ?? 0, now + waitMs));
}

/** Waits until no 429 holds back the requests of the node run `run`. */
export async function pauseOver(run: object): Promise<void> {
	const left = () => (pausedUntil.get(run) ?? 0) - Date.now();
	for (let wait = left(); wait > 0; wait = left()) await sleep(wait);
}

/** What a rate-limited call has waited so far. */
export interface RateLimitWaits {
	retries: number;
	waitedMs: number;
}

/** The wait an error from n8n's request helper asks for: only an HTTP 429 with Retry-After. */
export function rateLimitWaitOf(error: unknown, now: number): number | undefined {
	const { httpCode, cause } = error as {
		httpCode?: unknown;
		cause?: { response?: { headers?: Record<string, unknown> } };
	};
	if (Number(httpCode) !== 429) return undefined;
	return retryAfterMs(cause?.response?.headers?.['retry-after'], now);
}

/** Whether to wait `waitMs` and retry, given what was waited already. */
export function withinBound(waitMs: number | undefined, so: RateLimitWaits): waitMs is number {
	return (
		waitMs !== undefined &&
		so.retries < MAX_RATE_LIMIT_RETRIES &&
		so.waitedMs + waitMs <= MAX_RATE_LIMIT_WAIT_MS
	);
}

/** What to do about a 429 that is beyond the bound: when to run again. */
export function rateLimitFix(
	provider: Pick<TokenProvider, 'name'>,
	waitMs: number | undefined,
	so: RateLimitWaits,
	now: number,
): string {
	const waited =
		so.retries > 0
			? `Waited ${Math.round(so.waitedMs / 1000)} s over ${so.retries} retries as ${provider.name} asked; `
			: '';
	const until = waitMs === undefined ? undefined : new Date(now + waitMs);
	const when =
		until === undefined || Number.isNaN(until.getTime())
			? 'retry later'
			: `retry after ${until.toISOString()} (in ${Math.ceil(waitMs! / 1000)} s)`;
	return `${waited}${provider.name} is rate limiting requests: ${when}, or slow the node down (Options → Batching: fewer Items per Batch, a Batch Interval).`;
}
