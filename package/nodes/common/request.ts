import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IPollFunctions,
} from 'n8n-workflow';
import {
	credentialNode,
	onNode,
	HTML_PAGE,
	isHtmlPage,
	mayCarry,
	mentions,
	providerMessageOf,
	scrubbed,
	tokenAuthError,
	withReason,
} from '../../credentials/common/errors';
import { connectionTrouble } from '../../credentials/common/connection';
import { hiddenInErrors, secretsOf } from '../../credentials/common/identity';
import { assertValid } from '../../credentials/common/lifecycle';
import type { Credentials, TokenProvider } from '../../credentials/common/types';
import { requestRefusal } from '../../credentials/common/signing';
import { requestTarget } from '../../credentials/common/url';
import { pauseOver, pauseRun, rateLimitFix, rateLimitWaitOf, withinBound } from './rateLimit';
import type { RateLimitWaits } from './rateLimit';

export interface ApiCall {
	method: IHttpRequestMethods;
	/**
	 * A path relative to the credential's API URL, or a full URL on its origin: `../` may leave the
	 * API URL's path, never its origin (README, Scope of a credential).
	 */
	path: string;
	qs?: IDataObject;
	body?: IDataObject | IDataObject[];
	headers?: IDataObject;
}

/** Where a call runs: a node's execution, a trigger's poll, or the editor loading a list (listSearch). */
export type ApiContext = IExecuteFunctions | IPollFunctions | ILoadOptionsFunctions;

export async function credentialsFor(
	ctx: ApiContext,
	provider: TokenProvider,
	itemIndex: number,
): Promise<Credentials> {
	const credentials = await ctx.getCredentials(provider.credentialType, itemIndex);
	try {
		assertValid(provider, credentials);
	} catch (error) {
		const problem = new NodeOperationError(ctx.getNode(), (error as Error).message, { itemIndex });
		throw withReason(problem, 'configuration');
	}
	return credentials;
}

/**
 * Where a path goes; a URL on any other host is refused before anything is sent, as
 * `authenticate` would refuse it.
 */
export function resolveUrl(
	ctx: ApiContext,
	provider: TokenProvider,
	credentials: Credentials,
	path: string,
): string {
	const trimmed = path.trim();
	if (/^[a-z][a-z0-9+.-]*:/i.test(trimmed)) {
		refuseEarly(ctx, provider, credentials, { url: trimmed });
		return trimmed;
	}
	return `${provider.apiBaseUrl(credentials).replace(/\/+$/, '')}/${trimmed.replace(/^\/+/, '')}`;
}

/**
 * Throws, on the node, what `authenticate` will refuse this request for, if anything. n8n signs
 * a credential without a token in before it hands `authenticate` the request: asked here
 * first, a request that cannot be signed costs no sign-in.
 */
function refuseEarly(
	ctx: ApiContext,
	provider: TokenProvider,
	credentials: Credentials,
	request: IHttpRequestOptions,
): void {
	const refusal = requestRefusal(provider, credentials, request);
	if (refusal) throw onNode(refusal, ctx.getNode());
}

/**
 * An authenticated call through n8n (which runs our preAuthentication/authenticate hooks). An
 * HTTP 429 with Retry-After is waited out and retried, within a bound per call (see
 * rateLimit.ts); the wait holds back every item of the node run, not only this one. The answer
 * comes back without the credential's tokens and secrets (see `shownAnswer`): whatever uses it
 * (a node's output, a trigger's records and state, a list search, the next page's link) never
 * sees them, even when the API echoes the request.
 */
export async function callApi(
	ctx: ApiContext,
	provider: TokenProvider,
	call: ApiCall,
	itemIndex: number,
): Promise<unknown> {
	const credentials = await credentialsFor(ctx, provider, itemIndex);
	const url = resolveUrl(ctx, provider, credentials, call.path);
	const request: IHttpRequestOptions = {
		method: call.method,
		url,
		qs: call.qs,
		body: call.body,
		headers: call.headers,
		json: true,
	};
	refuseEarly(ctx, provider, credentials, request);
	const sent = [call.qs, call.body, call.headers];
	const waits: RateLimitWaits = { retries: 0, waitedMs: 0 };
	let signing = credentials;
	for (;;) {
		await pauseOver(ctx);
		const held = tokensOf(signing);
		let answer: unknown;
		try {
			answer = await signedRequest(ctx, provider, request, signing);
		} catch (error) {
			const now = Date.now();
			const waitMs = rateLimitWaitOf(error, now);
			const tokens = [...held, ...tokensOf(signing)];
			if (!withinBound(waitMs, waits))
				throw await callError(ctx, provider, error, signing, tokens, itemIndex, {
					url,
					sent,
					waitMs,
					waits,
				});
			pauseRun(ctx, waitMs, now);
			waits.retries += 1;
			waits.waitedMs += waitMs;
			// Read again after the wait: another run may have renewed the token meanwhile.
			signing = await credentialsFor(ctx, provider, itemIndex);
			continue;
		}
		return shownAnswer(provider, answer, signing, [...held, ...tokensOf(signing)], { url, sent });
	}
}

/**
 * The request through n8n's httpRequestWithAuthentication, signed with `credentials`: n8n
 * signs with this very object and writes a token it renews on the way (missing, due, or after
 * a 401) into it, so afterwards it holds the token the request went with. (n8n would
 * otherwise read the credential again, which costs a database read per request.)
 */
async function signedRequest(
	ctx: ApiContext,
	provider: TokenProvider,
	request: IHttpRequestOptions,
	credentials: Credentials,
): Promise<unknown> {
	const { credentialType } = provider;
	// n8n's request timeout bounds each silence, not the whole answer: an API sending a byte now
	// and then would hold the run (or a poll) for ever. n8n puts its own cancel signal on the
	// request, so the deadline gives up on the answer instead (the server's connection is left to
	// close on its own).
	const answer = ctx.helpers.httpRequestWithAuthentication.call(
		ctx,
		credentialType,
		{ ...request },
		{ credentialsDecrypted: { id: '', name: '', type: credentialType, data: credentials } },
	);
	const finished = new AbortController();
	const deadline = sleep(API_REQUEST_DEADLINE_MS, finished.signal).then(
		() => Promise.reject(tooSlow(provider, request)),
		async () => await new Promise<never>(() => {}),
	);
	try {
		return await Promise.race([answer, deadline]);
	} finally {
		finished.abort();
		answer.catch(() => undefined);
	}
}

/** The longest an API request may take, its whole answer included (n8n's own timeout is 5 min). */
const API_REQUEST_DEADLINE_MS = 5 * 60_000;

function tooSlow(provider: TokenProvider, request: IHttpRequestOptions) {
	const host = requestTarget(request)?.host ?? 'the API';
	return tokenAuthError(
		provider,
		{
			step: 'request',
			providerMessage: (outside) =>
				`no complete answer from ${outside(host)} within ${API_REQUEST_DEADLINE_MS / 60_000} min`,
			fix: 'The API answered too slowly; try again later, or ask for less (a Limit, a filter).',
			reason: 'api_unavailable',
		},
		[],
	);
}

/**
 * `answer` with none of `tokens` (those held before the call and the one it was signed with)
 * and no secret of the credential, in any encoding; as is, uncopied, when it cannot carry one
 * (most answers).
 */
function shownAnswer(
	provider: TokenProvider,
	answer: unknown,
	credentials: Credentials,
	tokens: string[],
	call: Pick<FailedCall, 'url' | 'sent'>,
): unknown {
	const secrets = secretsOf(provider, credentials);
	if (!mayCarry(answer, [...tokens, ...secrets])) return answer;
	return scrubbed(answer, [...tokens, ...notSent(secrets, call)]);
}

function tokensOf(credentials: Credentials): string[] {
	return [credentials.accessToken, credentials.refreshToken].map((token) => String(token ?? ''));
}

/**
 * Of the credential's `values`, those the editor did not put into the request. What the editor
 * sent is theirs to see: a value of the credential they typed into the request is not redacted
 * where the API quotes it back, or redaction would confirm a guessed password. The
 * credential's own secrets are never sent to the API.
 */
function notSent(values: string[], call: Pick<FailedCall, 'url' | 'sent'>): string[] {
	const sent = JSON.stringify([call.url, call.sent]);
	return values.filter((value) => !mentions(sent, value));
}

interface FailedCall {
	url: string;
	/** The query, body and headers of the request, as the editor set them. */
	sent?: unknown;
	/** The wait a 429 asked for, when beyond the bound. */
	waitMs?: number;
	waits: RateLimitWaits;
}

async function callError(
	ctx: ApiContext,
	provider: TokenProvider,
	error: unknown,
	credentials: Credentials,
	tokens: string[],
	itemIndex: number,
	call: FailedCall,
) {
	const latest = await ctx
		.getCredentials(provider.credentialType, itemIndex)
		.catch(() => credentials);
	const secrets = [
		...notSent(
			[...hiddenInErrors(provider, latest), ...hiddenInErrors(provider, credentials)],
			call,
		),
		...tokens,
		...tokensOf(latest),
	];
	return requestError(ctx, provider, error, secrets, { ...call, credentials: latest });
}

function requestError(
	ctx: ApiContext,
	provider: TokenProvider,
	error: unknown,
	secrets: string[],
	request: FailedCall & { credentials: Credentials },
) {
	const node = ctx.getNode();
	// Raised by our own credential hooks: already clear and redacted; give it the real node.
	if (error instanceof NodeApiError && error.node?.type === credentialNode(provider).type) {
		return onNode(error, node);
	}
	const apiError = error as NodeApiError & { context?: { data?: unknown } };
	const status = Number(apiError.httpCode) || undefined;
	// No answer at all: n8n's words ("The service refused the connection") name neither the host
	// nor what to change; the network error's code does.
	const code = (apiError.cause as { code?: string } | undefined)?.code;
	const trouble = status === undefined ? connectionTrouble(code, new URL(request.url)) : undefined;
	if (trouble) {
		const failure = { step: 'request' as const, providerMessage: trouble.what, fix: trouble.fix };
		return tokenAuthError(provider, failure, secrets, node);
	}
	return tokenAuthError(
		provider,
		{
			step: 'request',
			status,
			providerMessage: isHtmlPage(apiError.context?.data)
				? () => HTML_PAGE
				: (providerMessageOf(apiError.context?.data) ?? apiError.description ?? apiError.message),
			fix:
				status === 429
					? rateLimitFix(provider, request.waitMs, request.waits, Date.now())
					: ((status === undefined
							? undefined
							: provider.requestFix?.(status, request.url, request.credentials)) ??
						requestFix(provider, status)),
		},
		secrets,
		node,
	);
}

function requestFix(provider: TokenProvider, status: number | undefined): string {
	if (status === 401)
		return `${provider.name} rejected a freshly renewed token: check that the API client is still enabled.`;
	if (status === 403) return `The ${provider.name} API client lacks permission for this request.`;
	if (status === 404)
		return "Check the path: it is relative to the credential's API URL, e.g. /v1/users.";
	if (status !== undefined && status >= 300 && status < 400)
		return 'The API answered with a redirect. Signed requests follow no redirect (the token would go along to the new address): request the address it redirects to instead.';
	if (status !== undefined && status >= 500)
		return `${provider.name} had a problem answering; try again later.`;
	return 'Check the method, path, query and body of the request.';
}
