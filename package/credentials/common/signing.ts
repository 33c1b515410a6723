import type { IDataObject, IHttpRequestOptions, INode, NodeApiError } from 'n8n-workflow';
import { tokenAuthError } from './errors';
import { owns } from './identity';
import { assertValid } from './lifecycle';
import { isSignable } from './renewalBackoff';
import { readTokenState } from './storedTokens';
import type { Credentials, TokenProvider, TokenSet } from './types';
import { BoundedMap } from './boundedMap';
import { requestTarget } from './url';

/** What the full checks decided for one credential, as n8n handed it over, field by field. */
interface SigningPlan {
	provider: TokenProvider;
	fields: Credentials;
	fieldCount: number;
	allowedOrigin: string;
	/** The access token the credential holds, whoever it belongs to (never shown in an error). */
	heldToken: string | undefined;
	/** How to sign with the credential's own token; undefined when it holds none. */
	token: { tokens: TokenSet; headers: IDataObject; query?: IDataObject } | undefined;
}

/**
 * `authenticate` runs before every request, and n8n hands it a fresh copy of the credential
 * each time. The checks that depend only on the fields (validation, token owner, allowed
 * host, the signed headers) are done once per distinct set of fields; the checks that depend
 * on the request and the clock are done every time.
 */
const plans = new BoundedMap<string, SigningPlan>(500);

/**
 * The `authenticate` hook: signs a request to the credential's own host with a token not yet
 * due for renewal, or with the held token while its renewal is put off (see renewalBackoff.ts).
 * Everything that needs only the fields and the request is checked before the token is looked
 * at: a request that is refused never makes n8n renew the token first (a sign-in, or a
 * single-use refresh token spent, for nothing).
 */
export function signRequest(
	provider: TokenProvider,
	credentials: Credentials,
	requestOptions: IHttpRequestOptions,
): IHttpRequestOptions {
	// A refusal is remembered until this credential object is handed over again (see `refused`).
	refused.delete(credentials);
	const plan = planFor(provider, credentials);
	const refusal = refusalOf(plan, requestOptions);
	if (refusal) {
		refused.set(credentials, refusal);
		throw refusal;
	}
	if (plan.token === undefined || !isSignable(plan.token.tokens, Date.now())) {
		throw renewBeforeSending(provider);
	}
	// Object.assign rather than spread syntax: V8 in Node 20 copies these objects several times
	// faster that way, and this runs before every request (`npm run bench`, table c).
	const signed = Object.assign({}, requestOptions, NO_REDIRECTS, {
		headers: Object.assign({}, requestOptions.headers, plan.token.headers),
	});
	return plan.token.query === undefined && plan.token.headers.Cookie === undefined
		? signed
		: signedElsewhere(signed, requestOptions, plan.token);
}

/**
 * A token in the query string joins the request's own parameters; one in a cookie comes first
 * among the cookies the request carries (its own Cookie header, whatever the case of its name):
 * a server reading the first of two cookies of that name reads the credential's.
 */
function signedElsewhere(
	signed: IHttpRequestOptions,
	requestOptions: IHttpRequestOptions,
	token: { headers: IDataObject; query?: IDataObject },
): IHttpRequestOptions {
	if (token.query) signed.qs = Object.assign({}, requestOptions.qs, token.query);
	const cookie = token.headers.Cookie;
	const own = Object.keys(requestOptions.headers ?? {}).find(
		(name) => name.toLowerCase() === 'cookie' && name !== 'Cookie',
	);
	const ownCookies = [requestOptions.headers?.Cookie, own && requestOptions.headers?.[own]].filter(
		(value) => typeof value === 'string' && value.trim() !== '',
	);
	if (cookie !== undefined && ownCookies.length > 0) {
		const headers = Object.assign({}, signed.headers);
		if (own) delete headers[own];
		headers.Cookie = [cookie, ...ownCookies].join('; ');
		signed.headers = headers;
	}
	return signed;
}

/**
 * Why `authenticate` will refuse this request, if it will: for this package's nodes, which
 * ask before n8n's request helper, since n8n signs a credential without a token in before it
 * calls `authenticate`.
 */
export function requestRefusal(
	provider: TokenProvider,
	credentials: Credentials,
	requestOptions: IHttpRequestOptions,
): NodeApiError | undefined {
	return refusalOf(planFor(provider, credentials), requestOptions);
}

/**
 * The credential objects whose last request `authenticate` refused, with the refusal. n8n's
 * legacy request helper (the HTTP Request node's) calls preAuthentication after any error, a
 * refusal included, then `authenticate` again, which refuses again: preAuthentication answers
 * with the refusal instead of renewing the token for nothing (see `refusedBefore`).
 */
const refused = new WeakMap<Credentials, NodeApiError>();

/**
 * The refusal of the last request signed with this very credential object, if it was refused;
 * asked once (the next renewal of the same object is a real one).
 */
export function refusedBefore(credentials: Credentials): NodeApiError | undefined {
	const refusal = refused.get(credentials);
	refused.delete(credentials);
	return refusal;
}

/** What is wrong with sending this request with the credential's token, if anything. */
function refusalOf(
	plan: SigningPlan,
	requestOptions: IHttpRequestOptions,
): NodeApiError | undefined {
	const unsafe = unsafeTransport(requestOptions);
	if (unsafe) {
		return tokenAuthError(
			plan.provider,
			{
				step: 'request',
				providerMessage: () => `refused to send the access token ${unsafe.what}`,
				fix: unsafe.fix,
				reason: 'request_refused',
			},
			[plan.heldToken],
		);
	}
	if (!isSentTo(requestOptions, plan.allowedOrigin)) {
		return originRefusal(plan.provider, plan.allowedOrigin, requestTarget(requestOptions));
	}
	return undefined;
}

/**
 * A signed request follows no redirect. The token was checked for this one URL; n8n (through
 * follow-redirects) strips only an Authorization header, and only on the way to a host that is
 * not a sub-domain, so a token in another header, or a redirect to a sub-domain, would carry it
 * along. Both of n8n's request helpers read these options (the legacy one: followRedirect).
 */
const NO_REDIRECTS = {
	disableFollowRedirect: true,
	maxRedirects: 0,
	followRedirect: false,
	followAllRedirects: false,
	sendCredentialsOnCrossOriginRedirect: false,
};

/**
 * Options a workflow editor can set on a request (the HTTP Request node's Proxy, Ignore SSL
 * Issues, a custom CA) that would let a third party read the token on its way: a proxy chosen
 * per request, or a connection whose certificate is not checked. A proxy the n8n admin sets for
 * the whole instance (HTTP_PROXY, HTTPS_PROXY) is not an option of the request and keeps working.
 */
function unsafeTransport(
	options: IHttpRequestOptions & {
		rejectUnauthorized?: unknown;
		strictSSL?: unknown;
		agentOptions?: Record<string, unknown>;
	},
): { what: string; fix: string } | undefined {
	const routedElsewhere = routingHeader(options);
	if (routedElsewhere) {
		return {
			what: `with a ${routedElsewhere} header of its own`,
			fix: `Remove the ${routedElsewhere} header: it could route the request, and the token, to another site behind the same address.`,
		};
	}
	if (options.proxy) {
		return {
			what: 'through a proxy set on this request',
			fix: "Remove the request's own proxy (the HTTP Request node's Proxy option). A proxy the n8n admin sets for the whole instance (HTTP_PROXY / HTTPS_PROXY) still applies.",
		};
	}
	const agent = options.agentOptions ?? {};
	if (
		options.skipSslCertificateValidation === true ||
		options.rejectUnauthorized === false ||
		options.strictSSL === false ||
		('rejectUnauthorized' in agent && !agent.rejectUnauthorized)
	) {
		return {
			what: "without checking the server's TLS certificate",
			fix: 'Turn off Ignore SSL Issues for this request: without the certificate check, anyone between n8n and the API can read the token.',
		};
	}
	if (agent.ca) {
		return {
			what: 'to a server checked against a certificate authority set on this request',
			fix: "Remove the request's own CA certificate; the n8n admin can add a company CA for the whole instance (NODE_EXTRA_CA_CERTS).",
		};
	}
	// A client certificate (the HTTP Request node's SSL Certificates) is fine; connection
	// settings (host, port, socketPath, lookup...) would send the request somewhere else.
	const other = Object.keys(agent).find((key) => !CLIENT_CERTIFICATE_OPTIONS.has(key));
	if (other) {
		return {
			what: `with the connection option "${other}" set on this request`,
			fix: 'Remove that option: only a client certificate (cert, key, passphrase) may be set for a signed request.',
		};
	}
	return undefined;
}

const CLIENT_CERTIFICATE_OPTIONS = new Set([
	'cert',
	'key',
	'passphrase',
	'pfx',
	'servername',
	'rejectUnauthorized',
]);

/**
 * A header that names another host than the request's URL: Host (servers and gateways route by
 * it), X-Forwarded-Host or Forwarded (proxies and gateways may).
 */
function routingHeader(options: IHttpRequestOptions & { uri?: string }): string | undefined {
	const headers = options.headers ?? {};
	for (const name in headers) {
		const header = name.toLowerCase();
		if (header === 'forwarded') return name;
		if (header !== 'host' && header !== 'x-forwarded-host') continue;
		// Parsed only when such a header is there: this runs before every request.
		const target = requestTarget(options)?.host.toLowerCase();
		if (String(headers[name]).trim().toLowerCase() !== target) return name;
	}
	return undefined;
}

/**
 * The one refusal of a request for another origin, raised by `authenticate` and, before any
 * sign-in, by this package's nodes (a full URL in API Request).
 */
export function originRefusal(
	provider: Pick<TokenProvider, 'name' | 'credentialType'>,
	allowedOrigin: string,
	target: URL | undefined,
	node?: INode,
): NodeApiError {
	return tokenAuthError(
		provider,
		{
			step: 'request',
			providerMessage: (outside) =>
				`refused to send the access token to ${target ? outside(target.origin) : 'an unresolvable URL'}`,
			fix: `This credential only signs requests to ${allowedOrigin}. Use a path on that API, or a credential made for the other host.`,
			reason: 'request_refused',
		},
		[],
		node,
	);
}

/**
 * Whether the request goes to `origin`. An absolute URL that starts with the origin and a `/`
 * is on it (the `/` ends the host, so no longer host, port or user name follows); anything
 * else is parsed as n8n will.
 */
function isSentTo(options: IHttpRequestOptions & { uri?: string }, origin: string): boolean {
	const url = options.url ?? options.uri;
	if (typeof url === 'string' && url.startsWith(origin) && url[origin.length] === '/') return true;
	return requestTarget(options)?.origin === origin;
}

function planFor(provider: TokenProvider, credentials: Credentials): SigningPlan {
	const known = plans.get(String(credentials.accessToken));
	if (known?.provider === provider && sameFields(known, credentials)) return known;

	assertValid(provider, credentials);
	const tokens = readTokenState(credentials);
	const own = tokens && owns(provider, credentials, tokens) ? tokens : undefined;
	const fields = { ...credentials };
	const plan: SigningPlan = {
		provider,
		fields,
		fieldCount: Object.keys(fields).length,
		allowedOrigin: new URL(provider.apiBaseUrl(credentials)).origin,
		heldToken: tokens?.accessToken,
		token: own && {
			tokens: own,
			headers: (provider.sign ?? bearer)(own.accessToken, credentials),
			query: provider.signQuery?.(own.accessToken, credentials),
		},
	};
	plans.set(String(credentials.accessToken), plan);
	return plan;
}

function sameFields(plan: SigningPlan, credentials: Credentials): boolean {
	let count = 0;
	for (const name in credentials) {
		if (!sameValue(plan.fields[name], credentials[name])) return false;
		count++;
	}
	return count === plan.fieldCount;
}

/** Field values are text, numbers, booleans, or lists of them (multiOptions). */
function sameValue(a: unknown, b: unknown): boolean {
	if (a === b) return true;
	return (
		Array.isArray(a) &&
		Array.isArray(b) &&
		a.length === b.length &&
		a.every((item, i) => item === b[i])
	);
}

/**
 * n8n retries a request once, after calling preAuthentication, when it fails with HTTP 401,
 * and that includes an error thrown by `authenticate` before anything is sent
 * (n8n-core request-helpers/authentication.js). Throwing this for a token we know is expired
 * makes n8n renew it first: no request ever leaves with an expired token. The end-to-end
 * suite asserts that no expired token reaches the provider, so a change in n8n shows there.
 */
function renewBeforeSending(provider: TokenProvider): Error {
	return Object.assign(
		new Error(`${provider.name} access token is due for renewal; n8n renews it before sending`),
		{ response: { status: 401 } },
	);
}

function bearer(accessToken: string): IDataObject {
	return { Authorization: `Bearer ${accessToken}` };
}
