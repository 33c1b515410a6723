import { createHash, createHmac } from 'crypto';
import { NodeApiError, sleep } from 'n8n-workflow';
import type {
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
} from 'n8n-workflow';
import {
	configurationError,
	HTML_PAGE,
	isHtmlPage,
	providerMessageOf,
	tokenAuthError,
} from './errors';
import type { ProviderWords, Step } from './errors';
import { basicAuthorization, field, isJsonObject, parsedJson, valueAt } from './fields';
import { expiresAtOf, isFresh, lifetimeSecondsOf, providerClockOf, renewalMargin } from './expiry';
import { readTokenState, tokenStateFields } from './storedTokens';
import type { Credentials, TokenProvider, TokenResponse, TokenSet } from './types';
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

/**
 * Who signs in (every sign-in field, secrets included), as a key for this process's memory:
 * single-flight, newest tokens, recent failures. Never stored.
 */
export function identityOf(provider: TokenProvider, credentials: Credentials): string {
	const identity = JSON.stringify([provider.credentialType, ...provider.identity(credentials)]);
	return createHash('sha256').update(identity).digest('hex');
}

/**
 * The stored `tokenOwner`: the identity, keyed with the access token it vouches for (HMAC).
 * Anyone who can open the credential sees this hidden field, but n8n never shows the token, so
 * the field cannot be used to try passwords offline. Tokens of another identity are not used.
 */
export function ownerOf(
	provider: TokenProvider,
	credentials: Credentials,
	accessToken: string,
): string {
	return createHmac('sha256', accessToken)
		.update(identityOf(provider, credentials))
		.digest('hex')
		.slice(0, 32);
}

/** Whether `tokens` were obtained with these very sign-in fields. */
export function owns(
	provider: TokenProvider,
	credentials: Credentials,
	tokens: Pick<TokenSet, 'owner' | 'accessToken'>,
): boolean {
	return tokens.owner === ownerOf(provider, credentials, tokens.accessToken);
}

/**
 * What this credential holds that nothing may show: its secrets, and the HTTP Basic value made
 * of the client id and secret (whole and without "Basic "), which is the secret in base64.
 */
export function secretsOf(provider: TokenProvider, credentials: Credentials): string[] {
	const basic = field(credentials, 'clientSecret') ? basicAuthorization(credentials) : undefined;
	return [
		...provider.secrets(credentials),
		...(basic ? [basic, basic.slice('Basic '.length)] : []),
	];
}

/**
 * What no error of this credential repeats: its secrets, and its personal data (which, being
 * no secret, does not count as a secret too short to find; see tokenAuthError).
 */
export function hiddenInErrors(provider: TokenProvider, credentials: Credentials): string[] {
	const personal = (provider.personalData?.(credentials) ?? []).filter(
		(value) => value.length >= 4,
	);
	return [...secretsOf(provider, credentials), ...personal];
}

export function assertValid(provider: TokenProvider, credentials: Credentials): void {
	const problem = provider.validate(credentials);
	if (problem !== undefined) throw configurationError(provider, problem);
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
	if (known?.refreshToken && provider.refreshRequest) {
		const request = provider.refreshRequest(credentials, known.refreshToken);
		const refreshed = await exchange(provider, http, credentials, 'refresh', request, known).catch(
			(error: NodeApiError) => {
				// Revoked, expired or already spent (e.g. by another n8n worker): sign in again.
				if (isRejection(error)) return undefined;
				throw error;
			},
		);
		if (refreshed) return refreshed;
	}
	return await exchange(
		provider,
		http,
		credentials,
		'sign-in',
		provider.signInRequest(credentials),
		known,
	);
}

function isRejection(error: unknown): boolean {
	const status = error instanceof NodeApiError ? Number(error.httpCode) : NaN;
	return status >= 400 && status < 500 && status !== 429;
}

/**
 * One token request. Whatever goes wrong (a hostile answer included) ends as the package's
 * own error, which the failure memory keeps like any other.
 */
async function exchange(
	provider: TokenProvider,
	http: IHttpRequestHelper,
	credentials: Credentials,
	step: Step,
	request: IHttpRequestOptions,
	held?: TokenSet,
): Promise<TokenSet> {
	return await exchangeOnce(provider, http, credentials, step, request, held).catch(
		(error: unknown) => {
			throw error instanceof NodeApiError
				? error
				: tokenAuthError(
						provider,
						{
							step,
							providerMessage: () => 'the answer could not be read',
							fix: 'The token endpoint sent an answer this credential cannot read; check the API URL and the provider status.',
						},
						[],
					);
		},
	);
}

async function exchangeOnce(
	provider: TokenProvider,
	http: IHttpRequestHelper,
	credentials: Credentials,
	step: Step,
	request: IHttpRequestOptions,
	held?: TokenSet,
): Promise<TokenSet> {
	const spentRefreshToken = step === 'refresh' ? held?.refreshToken : undefined;
	// A provider may echo any token the credential holds (e.g. "refresh token <…> expired").
	const stored = readTokenState(credentials);
	const heldTokens = [
		held?.accessToken,
		held?.refreshToken,
		stored?.accessToken,
		stored?.refreshToken,
	];
	const secrets = [...hiddenInErrors(provider, credentials), ...heldTokens];
	// A 2xx answer that is unusable is not an HTTP failure: the message leaves its status out.
	const fail = ({
		status,
		...failure
	}: {
		status?: number;
		providerMessage?: ProviderWords;
		fix: string;
	}) =>
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

	const status = response.statusCode;
	if (status >= 300 && status < 400) {
		throw fail({
			status,
			providerMessage: (outside) =>
				`the token endpoint redirected to ${outside(String(response.headers?.location ?? 'another address'))}`,
			fix: 'Check the API URL: enter the address the API answers on directly (usually https://).',
		});
	}
	if (status >= 400) {
		const page = isHtmlPage(response.body);
		const providerMessage = page ? undefined : providerMessageOf(response.body);
		// A web page answering a client error (404, 405...) is a web server, not the API.
		const fix =
			page && status < 500 ? NOT_THE_API : fixFor(provider, step, status, providerMessage);
		throw fail({ status, providerMessage: page ? () => HTML_PAGE : providerMessage, fix });
	}

	const body = parseJson(response.body);
	if (body === undefined) throw fail({ status, ...unusableAnswer(response.body) });
	const read = readTokenResponse(provider, body);
	if (read.accessToken === '') {
		const keys = Object.keys(body).join(', ') || 'none';
		const likely = likelyTokenPath(body);
		throw fail({
			status,
			providerMessage: (outside) =>
				`the answer has no "${provider.responseFields.accessToken}" (it has: ${outside(keys)})`,
			fix: likely
				? `The token looks like it is at "${likely}": set the token path to that.`
				: 'The token endpoint answered without a token. Check the API URL and the provider status.',
		});
	}
	const issuedAt = Date.now();
	const defaultLifetime = provider.defaultLifetimeSeconds?.(credentials);
	const clock = providerClockOf(response.headers as IDataObject | undefined);
	const expiresAt =
		expiresAtOf(read, issuedAt, clock.now, clock.ageSeconds) ??
		(defaultLifetime ? issuedAt + defaultLifetime * 1000 : undefined);
	if (expiresAt !== undefined && expiresAt <= issuedAt) {
		throw fail({
			status,
			providerMessage: () => 'the provider issued a token that has already expired',
			fix: "Check this machine's clock, and the token lifetime configured at the provider.",
		});
	}
	return {
		accessToken: read.accessToken,
		refreshToken: read.refreshToken ?? spentRefreshToken,
		issuedAt,
		expiresAt,
		scope: read.scope,
		owner: ownerOf(provider, credentials, read.accessToken),
	};
}

const NOT_THE_API =
	"Check the API URL: it answered with a web page, so it is not the API (is it the web console's address?). Enter the API's own address.";

/**
 * Why a 2xx answer that is not a JSON object is unusable. Its text is never repeated: a token
 * endpoint answering in plain text may well be answering with the token itself.
 */
function unusableAnswer(body: unknown): { providerMessage: ProviderWords; fix: string } {
	const text = typeof body === 'string' ? body.trim() : '';
	if (isHtmlPage(body))
		return {
			providerMessage: () => HTML_PAGE,
			fix: NOT_THE_API,
		};
	if (/^[[{]/.test(text)) {
		return {
			providerMessage: () => 'the answer is not valid JSON (cut off or malformed)',
			fix: 'The token endpoint sent a broken answer; try again later. If it persists, check the API URL and the provider status.',
		};
	}
	return {
		providerMessage: () =>
			text === ''
				? 'the answer was empty, not JSON'
				: `the answer was plain text (${text.length} characters), not JSON`,
		fix: 'Check the API URL: it must point at the API, not at the web console.',
	};
}

function fixFor(
	provider: TokenProvider,
	step: Step,
	status: number,
	providerMessage?: string,
): string {
	if (status === 429) return 'The provider is rate limiting sign-ins; wait a minute and try again.';
	if (status >= 500) return 'The provider had a problem answering; try again later.';
	if (step === 'refresh') return 'The refresh token was rejected; the credential signs in again.';
	return provider.signInFixFor?.(status, providerMessage) ?? provider.signInFix;
}

const TOKEN_KEY = /^(access_?token|token|jwt|id_?token|accessToken|bearer)$/i;

/** The dot path of the first string under a key named like a token, searched breadth first. */
function likelyTokenPath(body: IDataObject): string | undefined {
	const queue: Array<[IDataObject, string]> = [[body, '']];
	while (queue.length) {
		const [object, prefix] = queue.shift()!;
		for (const [key, value] of Object.entries(object)) {
			const path = `${prefix}${key}`;
			if (typeof value === 'string' && TOKEN_KEY.test(key)) return path;
			if (isJsonObject(value)) queue.push([value, `${path}.`]);
		}
	}
	return undefined;
}

function parseJson(body: unknown): IDataObject | undefined {
	const parsed = parsedJson(body);
	return isJsonObject(parsed) ? parsed : undefined;
}

function readTokenResponse(provider: TokenProvider, body: IDataObject): TokenResponse {
	const fields = provider.responseFields;
	const accessToken = valueAt(body, fields.accessToken);
	const refreshToken = valueAt(body, fields.refreshToken);
	const scope = valueAt(body, fields.scope);
	return {
		accessToken: typeof accessToken === 'string' ? accessToken : '',
		refreshToken:
			typeof refreshToken === 'string' && refreshToken !== '' ? refreshToken : undefined,
		expiresIn: lifetimeSecondsOf(valueAt(body, fields.expiresIn)),
		scope: typeof scope === 'string' ? scope : undefined,
	};
}
