import { BoundedMap } from './boundedMap';
import { isFresh, isUsable } from './expiry';
import type { TokenSet } from './types';

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
