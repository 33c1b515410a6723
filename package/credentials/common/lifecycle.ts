import { NodeApiError, sleep } from 'n8n-workflow';
import type {
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
} from 'n8n-workflow';
import { allowedDomainsProblem } from './allowedDomains';
import { connectionTrouble } from './connection';
import { configurationError, onNode, tokenAuthError } from './errors';
import type { Failure, Step } from './errors';
import { isFresh, isUsable, renewalWindow, usableUntil } from './expiry';
import { hiddenInErrors, identityOf, owns } from './identity';
import { sentSecrets } from './sentSecrets';
import {
	askedToWait,
	forgetOutages,
	isPostponed,
	isRejection,
	OUTAGE_MEMORY_MS,
	postponeRenewal,
	rememberedFailure,
	rememberFailure,
	resumeRenewal,
} from './renewalBackoff';
import { retryAfterMs } from './retryAfter';
import { readTokenState, tokenStateFields } from './storedTokens';
import { readTokenAnswer } from './tokenAnswer';
import type { Credentials, TokenProvider, TokenSet } from './types';
import { requestTarget } from './url';
import { singleFlight } from './singleFlight';
import { BoundedMap } from './boundedMap';

const TOKEN_REQUEST_TIMEOUT_MS = 30_000;
const REMEMBERED_IDENTITIES = 500;
/** How recent another call's renewal must be for its token to be taken instead of renewing. */
const CONCURRENT_RENEWAL_WINDOW_MS = 30_000;
/** How long a request waits for a sign-in while the held token may still be sent. */
const SLOW_SIGN_IN_MS = 2_000;

/**
 * The newest token this process holds for each sign-in identity. n8n hands a hook the
 * credential as it was read when the item started, which may already be out of date: an
 * item that read the credential before a concurrent refresh finished would otherwise spend
 * a rotated refresh token a second time.
 */
const newestTokens = new BoundedMap<string, TokenSet>(REMEMBERED_IDENTITIES);

export function assertValid(provider: TokenProvider, credentials: Credentials): void {
	const problem =
		provider.validate(credentials) ??
		allowedDomainsProblem(credentials, provider.apiBaseUrl(credentials), 'the host of its API');
	if (problem !== undefined) throw configurationError(provider, problem);
}

/** A token request goes only where the credential's Allowed Domains let it (see allowedDomains.ts). */
function assertAllowed(call: Exchange): void {
	const purpose = call.step === 'refresh' ? 'where it refreshes its token' : 'where it signs in';
	const url = requestTarget(call.request)?.href ?? String(call.request.url);
	const problem = allowedDomainsProblem(call.credentials, url, purpose);
	if (problem !== undefined) throw configurationError(call.provider, problem);
}

/** The `preAuthentication` hook: returns fresh token fields for n8n to store. */
export async function obtainToken(
	provider: TokenProvider,
	http: IHttpRequestHelper,
	credentials: Credentials,
): Promise<IDataObject> {
	assertValid(provider, credentials);
	const identity = identityOf(provider, credentials);
	const flight = singleFlight(identity, async () => {
		const renewed = await renew(provider, http, credentials, identity);
		newestTokens.set(identity, renewed);
		return renewed;
	});
	const tokens = await withoutHoldingBack(flight, provider, credentials, identity).catch(
		(error: unknown) => {
			// Callers sharing a flight, or answered from memory, each get their own copy: n8n writes
			// the request of each execution into the error it is handed.
			throw error instanceof NodeApiError ? onNode(error, error.node) : error;
		},
	);
	return tokenStateFields(tokens);
}

/**
 * A slow sign-in does not hold requests back while the held token may still be sent: after
 * SLOW_SIGN_IN_MS they are signed with the held token and the sign-in goes on; its token is
 * handed to n8n with the next request. A refresh is waited for (up to its 30 s deadline): n8n
 * stores only what preAuthentication returns, and a rotating refresh token (Blynk.Cloud,
 * OurPeople) obtained in the background would be lost with the process, the one n8n holds being
 * spent already.
 */
async function withoutHoldingBack(
	flight: Promise<TokenSet>,
	provider: TokenProvider,
	credentials: Credentials,
	identity: string,
): Promise<TokenSet> {
	const held = knownTokens(provider, credentials, identity).known;
	const now = Date.now();
	if (
		!held ||
		isFresh(held, now) ||
		!isUsable(held, now) ||
		refreshFor(provider, credentials, held)
	) {
		return await flight;
	}
	const waiting = new AbortController();
	const slow = sleep(SLOW_SIGN_IN_MS, waiting.signal).then(
		() => undefined,
		() => undefined,
	);
	try {
		const first = await Promise.race([flight, slow]);
		if (first) return first;
	} finally {
		waiting.abort();
	}
	const until = usableUntil(held);
	postponeRenewal(held.accessToken, until ?? now);
	flight.then(
		(renewed) => {
			if (renewed.accessToken === held.accessToken) return;
			notYetStored.add(renewed);
			resumeRenewal(held.accessToken);
		},
		() => resumeRenewal(held.accessToken),
	);
	return held;
}

/** Tokens obtained while a request went on with the held token: handed to n8n whatever their age. */
const notYetStored = new WeakSet<TokenSet>();

/** The tokens n8n stored, and the newest tokens of this identity: stored or in this process's memory. */
function knownTokens(
	provider: TokenProvider,
	credentials: Credentials,
	identity: string,
): { stored?: TokenSet; known?: TokenSet } {
	const stored = readTokenState(credentials);
	const known = [stored, newestTokens.get(identity)]
		.filter((tokens): tokens is TokenSet => !!tokens && owns(provider, credentials, tokens))
		.sort((a, b) => b.issuedAt - a.issuedAt)[0];
	return { stored, known };
}

async function renew(
	provider: TokenProvider,
	http: IHttpRequestHelper,
	credentials: Credentials,
	identity: string,
): Promise<TokenSet> {
	const { stored, known } = knownTokens(provider, credentials, identity);
	// n8n asked because its copy is empty or due. A token another call obtained moments ago
	// (its copy was read before that renewal finished) is used; an older one is not, so the
	// Test button still signs in.
	const now = Date.now();
	// n8n stores the token it is handed (a database write) before signing with it: a token
	// due before then is renewed now rather than handed over (found in queue mode).
	const handover =
		known?.expiresAt === undefined ? 0 : renewalWindow(known.expiresAt - known.issuedAt);
	if (
		known &&
		known.accessToken !== stored?.accessToken &&
		isFresh(known, now + handover) &&
		(now - known.issuedAt < CONCURRENT_RENEWAL_WINDOW_MS || notYetStored.has(known))
	) {
		return known;
	}
	// Only a renewal that fell due falls back on the held token: one asked for while the token is
	// fresh (the Test button, a 401 from the API) must really renew.
	const held = known && !isFresh(known, now) && isUsable(known, now) ? known : undefined;
	const failed = rememberedFailure(identity);
	if (failed) {
		if (!held) throw failed;
		// A failure remembered from before the token fell due (a Test, a 401 from the API).
		if (!isPostponed(held.accessToken, now)) {
			postponeRenewal(held.accessToken, now + OUTAGE_MEMORY_MS);
		}
		return held;
	}
	return await refreshOrSignIn(provider, http, credentials, known).then(
		(renewed) => {
			forgetOutages(identity);
			if (known) resumeRenewal(known.accessToken);
			return renewed;
		},
		(error: unknown) => {
			// While the held token may still be sent, no failure of the provider's reaches the
			// request: an outage or a rate limit is tried again with backoff, a rejection (an
			// incident refusing valid sign-ins, a disabled client) a minute later, doubling, so
			// the account is never locked. With no such token a rejection is reported at once.
			const failure = error instanceof NodeApiError;
			const fallback = held && failure && isUsable(held, Date.now()) ? held : undefined;
			rememberFailure(identity, error, fallback);
			if (fallback) return fallback;
			throw error;
		},
	);
}

/** The refresh request for `tokens`, when the provider has one and they hold a refresh token. */
function refreshFor(
	provider: TokenProvider,
	credentials: Credentials,
	tokens: TokenSet | undefined,
): IHttpRequestOptions | undefined {
	return tokens?.refreshToken
		? provider.refreshRequest?.(credentials, tokens.refreshToken)
		: undefined;
}

async function refreshOrSignIn(
	provider: TokenProvider,
	http: IHttpRequestHelper,
	credentials: Credentials,
	known: TokenSet | undefined,
): Promise<TokenSet> {
	const call = { provider, http, credentials, held: known };
	const signIn = async () =>
		await exchange({ ...call, step: 'sign-in', request: provider.signInRequest(credentials) });
	const refresh = refreshFor(provider, credentials, known);
	if (!refresh) return await signIn();
	let unanswered: NodeApiError;
	const asked = Date.now();
	try {
		return await exchange({ ...call, step: 'refresh', request: refresh });
	} catch (error) {
		// Revoked, expired or already spent (e.g. by another n8n worker): sign in again.
		if (isRejection(error)) return await signIn();
		unanswered = error as NodeApiError;
	}
	// No answer while no held token can wait for the next try: signing in is the one way left
	// (and the right one if the refresh was spent before its answer was lost). If that fails
	// too, the refresh's failure is the one to report.
	// Only a token that fell due waits (one renewed while fresh was refused by the API).
	const now = Date.now();
	const canWait = known !== undefined && !isFresh(known, now) && isUsable(known, now);
	// A refresh that ran into its deadline is not followed by a sign-in: that would wait as long.
	const quick = now - asked < TOKEN_REQUEST_TIMEOUT_MS;
	const outage = unanswered instanceof NodeApiError && Number(unanswered.httpCode) !== 429;
	if (canWait || !outage || !quick) throw unanswered;
	return await signIn().catch(() => {
		throw unanswered;
	});
}

/**
 * One token request. Whatever goes wrong (a hostile answer included) ends as the package's
 * own error, which the failure memory keeps like any other.
 */
async function exchange(call: Exchange): Promise<TokenSet> {
	assertAllowed(call);
	return await exchangeOnce(call).catch((error: unknown) => {
		throw error instanceof NodeApiError
			? error
			: tokenAuthError(
					call.provider,
					{
						step: call.step,
						providerMessage: () => 'the answer could not be read',
						fix: 'The token endpoint sent an answer this credential cannot read; check the API URL and the provider status.',
					},
					[],
				);
	});
}

interface Exchange {
	provider: TokenProvider;
	http: IHttpRequestHelper;
	credentials: Credentials;
	step: Step;
	request: IHttpRequestOptions;
	/** The tokens this exchange replaces, if any. */
	held?: TokenSet;
}

async function exchangeOnce({
	provider,
	http,
	credentials,
	step,
	request,
	held,
}: Exchange): Promise<TokenSet> {
	const spentRefreshToken = step === 'refresh' ? held?.refreshToken : undefined;
	// A provider may echo any token the credential holds (e.g. "refresh token <…> expired").
	const stored = readTokenState(credentials);
	const heldTokens = [
		held?.accessToken,
		held?.refreshToken,
		stored?.accessToken,
		stored?.refreshToken,
	];
	const secrets = [
		...hiddenInErrors(provider, credentials),
		...heldTokens,
		...sentSecrets(request),
	];
	const fail = ({ status, ...failure }: Omit<Failure, 'step'>) =>
		tokenAuthError(
			provider,
			{ step, status: status && status >= 300 ? status : undefined, ...failure },
			secrets,
		);
	const host = requestTarget(request)?.host ?? 'the token endpoint';

	let response: IN8nHttpFullResponse;
	// `timeout` bounds only the wait for the headers and each silence after them: a server that
	// sends a byte every few seconds would hold the sign-in, and every item waiting on it. The
	// deadline aborts the whole answer.
	const deadline = new AbortController();
	const finished = new AbortController();
	sleep(TOKEN_REQUEST_TIMEOUT_MS, finished.signal).then(
		() => deadline.abort(),
		() => undefined,
	);
	try {
		response = (await http.helpers.httpRequest({
			timeout: TOKEN_REQUEST_TIMEOUT_MS,
			...request,
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			disableFollowRedirect: true,
			abortSignal: deadline.signal,
		})) as IN8nHttpFullResponse;
	} catch (error) {
		const code = (error as { code?: string }).code;
		const timedOut = code === 'ECONNABORTED' || code === 'ETIMEDOUT' || deadline.signal.aborted;
		const target = requestTarget(request);
		const trouble = timedOut || !target ? undefined : connectionTrouble(code, target);
		if (trouble) throw fail({ providerMessage: trouble.what, fix: trouble.fix });
		throw fail({
			providerMessage: (outside) =>
				timedOut
					? `no answer from ${outside(host)} within ${TOKEN_REQUEST_TIMEOUT_MS / 1000} s`
					: `no answer from ${outside(host)}${code ? ` (${outside(code.toLowerCase())})` : ''}`,
			fix: `Check the API URL and that this n8n instance can reach ${host}; then try again.`,
		});
	} finally {
		finished.abort();
	}

	const answer = readTokenAnswer(provider, credentials, step, response, Date.now());
	if ('failure' in answer) {
		const error = fail(answer.failure);
		const wait = retryAfterMs(response.headers?.['retry-after'], Date.now());
		if (wait !== undefined && (response.statusCode === 429 || response.statusCode === 503)) {
			askedToWait(error, wait);
		}
		throw error;
	}
	return { ...answer.tokens, refreshToken: answer.tokens.refreshToken ?? spentRefreshToken };
}
