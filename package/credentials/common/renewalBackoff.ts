import { NodeApiError } from 'n8n-workflow';
import { BoundedMap, ExpiringMap } from './boundedMap';
import { isFresh, isUsable, usableUntil } from './expiry';
import type { TokenSet } from './types';

/** Failures within the last minutes that are remembered, at most. */
const REMEMBERED_FAILURES = 10_000;
/** How long a 429 without Retry-After is answered from memory. */
const RATE_LIMITED_MEMORY_MS = 10_000;
/**
 * How long a rejected renewal (4xx: a wrong password, a disabled client, a provider incident
 * refusing valid sign-ins) is answered from memory, after the first, second... refusal in a
 * row: one process refuses no more than four times within 15 minutes, as providers lock an
 * account after five failed sign-ins. While the held token may still be sent, at least a
 * minute, and the last try comes a second before its safety floor.
 */
const REJECTION_MEMORY_MS = [10_000, 60_000, 4 * 60_000, 16 * 60_000, 30 * 60_000];
const REJECTED_WHILE_HELD_MEMORY_MS = 60_000;
/**
 * How long a provider outage (5xx, no answer, an answer without a usable token) is answered
 * from memory: 5 s after the first failure, doubling with each failure in a row, at most a
 * minute (no provider is asked more than about once a minute while it stays down).
 */
export const OUTAGE_MEMORY_MS = 5_000;
const MAX_OUTAGE_MEMORY_MS = 60_000;
/** A Retry-After (on a 429 or 503) is honoured up to this long. */
const MAX_RETRY_AFTER_MS = 5 * 60_000;

/**
 * Renewals that just failed, per identity, answered from memory instead of asking the provider
 * again. n8n asks again right after a failure (its legacy request helper re-runs
 * preAuthentication on any error), and every item of a run would try too: repeating a wrong
 * password can lock the account, and hammering a provider that is down keeps it down.
 * Changing any credential field changes the identity, so a fix is tried at once. Entries live
 * seconds to minutes, so failing credentials by the thousand cannot push a rejected password
 * out early.
 */
const recentFailures = new ExpiringMap<string, NodeApiError>(REMEMBERED_FAILURES);
/** Failed renewals in a row per identity (the backoff's exponent); forgotten on a success. */
const outagesInARow = new BoundedMap<string, number>(REMEMBERED_FAILURES);
/** Rejections in a row per identity; forgotten on a success. */
const rejectionsInARow = new BoundedMap<string, number>(REMEMBERED_FAILURES);
/** The wait a failed token request's Retry-After header asked for. */
const retryAfters = new WeakMap<NodeApiError, number>();

/** A refusal by the provider (4xx but 429): retrying it would not help. */
export function isRejection(error: unknown): boolean {
	const status = error instanceof NodeApiError ? Number(error.httpCode) : NaN;
	return status >= 400 && status < 500 && status !== 429;
}

/** Notes the wait a failed token request's Retry-After asked for. */
export function askedToWait(error: NodeApiError, waitMs: number): void {
	retryAfters.set(error, waitMs);
}

/** The failure of a renewal of this identity that is still remembered, if any. */
export function rememberedFailure(identity: string): NodeApiError | undefined {
	return recentFailures.get(identity);
}

export function forgetOutages(identity: string): void {
	outagesInARow.delete(identity);
	rejectionsInARow.delete(identity);
}

/**
 * Remembers a failed renewal; when `held` may still be sent, its renewal is put off for as long
 * (signed meanwhile). The caller decides whether the failure reaches the request.
 */
export function rememberFailure(
	identity: string,
	error: unknown,
	held: TokenSet | undefined,
): void {
	if (!(error instanceof NodeApiError)) return;
	const now = Date.now();
	const retryAfter = retryAfters.get(error);
	// One last try a second before the held token reaches its safety floor (at the floor it
	// could no longer be sent, and the try's failure would reach the request).
	const last = held && usableUntil(held);
	const beforeFloor = (wait: number) => {
		const untilLastTry = last === undefined ? Infinity : last - now - 1_000;
		// This was the last try: its memory runs past the floor, and the failure is reported.
		return untilLastTry >= 1_000 ? Math.min(wait, untilLastTry) : wait;
	};
	let memory: number;
	if (retryAfter !== undefined) {
		memory = Math.min(Math.max(retryAfter, OUTAGE_MEMORY_MS), MAX_RETRY_AFTER_MS);
	} else if (isRejection(error)) {
		const inARow = (rejectionsInARow.get(identity) ?? 0) + 1;
		rejectionsInARow.set(identity, inARow);
		const wait = REJECTION_MEMORY_MS[Math.min(inARow, REJECTION_MEMORY_MS.length) - 1];
		memory = held ? beforeFloor(Math.max(wait, REJECTED_WHILE_HELD_MEMORY_MS)) : wait;
	} else if (Number(error.httpCode) === 429) {
		memory = RATE_LIMITED_MEMORY_MS;
	} else {
		const inARow = (outagesInARow.get(identity) ?? 0) + 1;
		outagesInARow.set(identity, inARow);
		memory = beforeFloor(Math.min(OUTAGE_MEMORY_MS * 2 ** (inARow - 1), MAX_OUTAGE_MEMORY_MS));
	}
	recentFailures.set(identity, error, memory);
	if (held) postponeRenewal(held.accessToken, now + memory);
}

/**
 * Held access tokens whose renewal is put off, with the moment it is asked for again: a renewal
 * failed (outage, rate limit) or is still running (a slow sign-in) while the token lives beyond
 * its safety floor. Until then `authenticate` signs with the held token although it is past its
 * renewal point: n8n retries a request once, so asking for a renewal that cannot succeed yet
 * would fail the request. Memory only, per process.
 */
const postponed = new BoundedMap<string, number>(500);

export function postponeRenewal(accessToken: string, until: number): void {
	postponed.set(accessToken, until);
}

export function resumeRenewal(accessToken: string): void {
	postponed.delete(accessToken);
}

export function isPostponed(accessToken: string, now: number): boolean {
	const until = postponed.get(accessToken);
	return until !== undefined && now < until;
}

/** Whether a request is signed with these tokens now, rather than asking n8n to renew them. */
export function isSignable(
	tokens: Pick<TokenSet, 'accessToken' | 'issuedAt' | 'expiresAt'>,
	now: number,
): boolean {
	return isFresh(tokens, now) || (isUsable(tokens, now) && isPostponed(tokens.accessToken, now));
}
