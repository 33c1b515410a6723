import { NodeApiError, NodeOperationError } from 'n8n-workflow';
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
	mentions,
	providerMessageOf,
	tokenAuthError,
	withReason,
} from '../../credentials/common/errors';
import { connectionTrouble } from '../../credentials/common/connection';
import { hiddenInErrors } from '../../credentials/common/identity';
import { assertValid } from '../../credentials/common/lifecycle';
import type { Credentials, TokenProvider } from '../../credentials/common/types';
import { requestRefusal } from '../../credentials/common/signing';
import { pauseOver, pauseRun, rateLimitFix, rateLimitWaitOf, withinBound } from './rateLimit';
import type { RateLimitWaits } from './rateLimit';

export interface ApiCall {
	method: IHttpRequestMethods;
	/** A path under the credential's API URL, or a full URL on the same host. */
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
 * rateLimit.ts); the wait holds back every item of the node run, not only this one.
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
	const waits: RateLimitWaits = { retries: 0, waitedMs: 0 };
	for (;;) {
		await pauseOver(ctx);
		try {
			return await ctx.helpers.httpRequestWithAuthentication.call(ctx, provider.credentialType, {
				...request,
			});
		} catch (error) {
			const now = Date.now();
			const waitMs = rateLimitWaitOf(error, now);
			if (!withinBound(waitMs, waits))
				throw await callError(ctx, provider, error, credentials, itemIndex, {
					url,
					sent: [call.qs, call.body, call.headers],
					waitMs,
					waits,
				});
			pauseRun(ctx, waitMs, now);
			waits.retries += 1;
			waits.waitedMs += waitMs;
		}
	}
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
	itemIndex: number,
	call: FailedCall,
) {
	const latest = await ctx
		.getCredentials(provider.credentialType, itemIndex)
		.catch(() => credentials);
	// What the editor sent is theirs to see: a value of the credential they typed into the
	// request is not redacted where the API quotes it back, or redaction would confirm a
	// guessed password. The credential's own secrets are never sent to the API.
	const sent = JSON.stringify([call.url, call.sent]);
	const secrets = [
		...[...hiddenInErrors(provider, latest), ...hiddenInErrors(provider, credentials)].filter(
			(value) => !mentions(sent, value),
		),
		String(latest.accessToken ?? ''),
		String(latest.refreshToken ?? ''),
		String(credentials.accessToken ?? ''),
		String(credentials.refreshToken ?? ''),
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
