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
import { isFresh, renewalMargin } from './expiry';
import { hiddenInErrors, identityOf, owns } from './identity';
import { sentSecrets } from './sentSecrets';
import { readTokenState, tokenStateFields } from './storedTokens';
import { readTokenAnswer } from './tokenAnswer';
import type { Credentials, TokenProvider, TokenSet } from './types';
import { requestTarget } from './url';
import { singleFlight } from './singleFlight';
import { BoundedMap, ExpiringMap } from './boundedMap';

const TOKEN_REQUEST_TIMEOUT_MS = 30_000;
const REMEMBERED_IDENTITIES = 500;
/** Failures within the last 10 s that are remembered, at most. */
const REMEMBERED_FAILURES = 10_000;
/** How recent another call's renewal must be for its token to be taken instead of renewing. */
const CONCURRENT_RENEWAL_WINDOW_MS = 30_000;
/** How long a rejected (4xx) or rate-limited (429) renewal is answered from memory. */
const REJECTED_SIGN_IN_MEMORY_MS = 10_000;
/** How long a provider outage (5xx, no answer, an answer without a usable token) is answered from memory. */
const FAILED_RENEWAL_MEMORY_MS = 5_000;

/**
 * Renewals that just failed, per identity, answered from memory instead of asking the provider
 * again. n8n asks again right after a failure (its legacy request helper re-runs
 * preAuthentication on any error), and every item of a run would try too: repeating a wrong
 * password can lock the account, and hammering a provider that is down keeps it down.
 * Changing any credential field changes the identity, so a fix is tried at once. Entries live
 * seconds, so failing credentials by the thousand cannot push a rejected password out early.
 */
const recentFailures = new ExpiringMap<string, NodeApiError>(REMEMBERED_FAILURES);

function rememberFailure(identity: string, error: unknown): void {
	if (!(error instanceof NodeApiError)) return;
	const rejected = isRejection(error) || Number(error.httpCode) === 429;
	const memory = rejected ? REJECTED_SIGN_IN_MEMORY_MS : FAILED_RENEWAL_MEMORY_MS;
	recentFailures.set(identity, error, memory);
}

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
	const tokens = await singleFlight(identity, async () => {
		const renewed = await renew(provider, http, credentials, identity);
		newestTokens.set(identity, renewed);
		return renewed;
	}).catch((error: unknown) => {
		// Callers sharing a flight, or answered from memory, each get their own copy: n8n writes
		// the request of each execution into the error it is handed.
		throw error instanceof NodeApiError ? onNode(error, error.node) : error;
	});
	return tokenStateFields(tokens);
}

async function renew(
	provider: TokenProvider,
	http: IHttpRequestHelper,
	credentials: Credentials,
	identity: string,
): Promise<TokenSet> {
	const stored = readTokenState(credentials);
	const known = [stored, newestTokens.get(identity)]
		.filter((tokens): tokens is TokenSet => !!tokens && owns(provider, credentials, tokens))
		.sort((a, b) => b.issuedAt - a.issuedAt)[0];
	// n8n asked because its copy is empty or expired. A token another call obtained moments ago
	// (its copy was read before that renewal finished) is used; an older one is not, so the
	// Test button still signs in.
	const now = Date.now();
	// n8n stores the token it is handed (a database write) before signing with it: a token
	// due before then is renewed now rather than handed over (found in queue mode).
	const handover =
		known?.expiresAt === undefined ? 0 : renewalMargin(known.expiresAt - known.issuedAt);
	if (
		known &&
		known.accessToken !== stored?.accessToken &&
		isFresh(known, now + handover) &&
		now - known.issuedAt < CONCURRENT_RENEWAL_WINDOW_MS
	) {
		return known;
	}
	const failed = recentFailures.get(identity);
	if (failed) throw failed;
	return await refreshOrSignIn(provider, http, credentials, known).catch((error: unknown) => {
		rememberFailure(identity, error);
		throw error;
	});
}

async function refreshOrSignIn(
	provider: TokenProvider,
	http: IHttpRequestHelper,
	credentials: Credentials,
	known: TokenSet | undefined,
): Promise<TokenSet> {
	const call = { provider, http, credentials, held: known };
	const refresh = known?.refreshToken
		? provider.refreshRequest?.(credentials, known.refreshToken)
		: undefined;
	if (refresh) {
		const refreshed = await exchange({ ...call, step: 'refresh', request: refresh }).catch(
			(error: NodeApiError) => {
				// Revoked, expired or already spent (e.g. by another n8n worker): sign in again.
				if (isRejection(error)) return undefined;
				throw error;
			},
		);
		if (refreshed) return refreshed;
	}
	return await exchange({ ...call, step: 'sign-in', request: provider.signInRequest(credentials) });
}

function isRejection(error: unknown): boolean {
	const status = error instanceof NodeApiError ? Number(error.httpCode) : NaN;
	return status >= 400 && status < 500 && status !== 429;
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
	const secrets = [...hiddenInErrors(provider, credentials), ...heldTokens, ...sentSecrets(request)];
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
	if ('failure' in answer) throw fail(answer.failure);
	return { ...answer.tokens, refreshToken: answer.tokens.refreshToken ?? spentRefreshToken };
}
