import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { INode, JsonObject } from 'n8n-workflow';
import type { TokenProvider } from './types';

export type Step = 'sign-in' | 'refresh' | 'request' | 'configuration';

/**
 * Why a failure happened, in a form a workflow can branch on: `error.context.reason` in an
 * error workflow's `execution.error`, `reason` in a Continue On Fail item. Stable: the words of
 * a message may change, a reason does not (package README, Error reasons).
 */
export const REASONS = [
	/** A field of the credential or the node is wrong; nothing was sent. */
	'configuration',
	/** The provider rejected the sign-in or the refresh (HTTP 4xx, a redirect). */
	'sign_in_rejected',
	/** The token endpoint did not answer, failed (5xx) or sent an answer without a usable token. */
	'token_endpoint_unavailable',
	/** The provider asked to slow down (HTTP 429), at sign-in or on a request. */
	'rate_limited',
	/** The package refused to send the token with this request (another host, a proxy, no TLS check). */
	'request_refused',
	/** The API refused the request (HTTP 401, 403). */
	'api_rejected',
	/** The API answered the request with another client error or a redirect (HTTP 3xx, 4xx). */
	'api_error',
	/** The API did not answer or failed (HTTP 5xx). */
	'api_unavailable',
	/** A list went on past the package's bound on pages, records or time. */
	'list_too_long',
	/** A trigger skipped records it cannot order (no ID, or a key unlike the others); it went on. */
	'record_skipped',
] as const;

export type Reason = (typeof REASONS)[number];

/**
 * Words from outside the package (a provider's answer, a URL) are redacted whole. The
 * package's own sentences are written as a function that redacts only the outside parts it
 * quotes: redacting our own wording would tell which word the secret is ("sign-in
 * [redacted]ed" for a secret "fail").
 */
export type ProviderWords = string | ((redact: (outside: string) => string) => string);

export interface Failure {
	step: Step;
	status?: number;
	/** What went wrong, in the provider's own words or ours (see ProviderWords). */
	providerMessage?: ProviderWords;
	/** What the user should do about it, in the package's words (see ProviderWords). */
	fix: ProviderWords;
	/** Given when the step and status do not tell it (see `reasonFor`). */
	reason?: Reason;
}

const REDACTED = '[redacted]';
const MIN_SECRET_LENGTH = 4;
const MAX_PROVIDER_MESSAGE = 300;
/** Provider text beyond this (plus room for the longest secret) is cut before redaction. */
const MAX_PROVIDER_TEXT = 10_000;
/** Error bodies nest a message a level or two deep; deeper is not read (no stack overflow). */
const MAX_ERROR_DEPTH = 8;

const HTML_NAMED: Record<string, string> = {
	amp: '&',
	lt: '<',
	gt: '>',
	quot: '"',
	apos: "'",
};
const JSON_SHORT: Record<string, string> = {
	'"': '"',
	'\\': '\\',
	'/': '/',
	n: '\n',
	r: '\r',
	t: '\t',
	b: '\b',
	f: '\f',
};
/** One encoded character, as servers echo them (sticky: matched where the scan stands). */
const ENCODED =
	/%([0-9a-f]{2})|&#([0-9]{1,7});|&#x([0-9a-f]{1,6});|&(amp|lt|gt|quot|apos);|\\u\{([0-9a-f]{1,6})\}|\\u([0-9a-f]{4})|\\x([0-9a-f]{2})|\\(["\\/nrtbf])/iy;
const PERCENT_RUN = /(?:%[0-9a-f]{2})+/iy;
/** Whether a text has any character `decoded` would decode ("+" aside). */
const ANY_ENCODED = new RegExp(ENCODED.source, 'i');
/**
 * What a value carrying an encoded character shows once serialised as JSON: a percent-escape,
 * an HTML entity, or a backslash (JSON and JavaScript escapes start with one; JSON writes it as
 * two).
 */
const ENCODED_IN_JSON = /%[0-9a-f]{2}|&#x?[0-9a-f]+;|&(?:amp|lt|gt|quot|apos);|\\\\/i;
/** Answers nest deeper than error bodies; deeper still is cut (no stack overflow). */
const MAX_ANSWER_DEPTH = 100;

/**
 * `text` with every encoded character decoded (percent-encoding in either hex case, HTML
 * entities, JSON and JavaScript escapes, and "+" as a space when `plusIsSpace`), and for each
 * decoded UTF-16 unit the span of `text` it came from. Linear, with flat arrays: it also runs
 * over large API answers (User Info).
 */
function decoded(
	text: string,
	plusIsSpace: boolean,
): { chars: string; starts: Int32Array; ends: Int32Array } {
	const parts: string[] = [];
	const starts = new Int32Array(text.length);
	const ends = new Int32Array(text.length);
	let units = 0;
	let i = 0;
	while (i < text.length) {
		ENCODED.lastIndex = i;
		const match = ENCODED.exec(text);
		let char = text[i];
		let length = 1;
		if (match) {
			length = match[0].length;
			const [, hex, decimal, entityHex, named, braced, unicode, latin, short] = match;
			if (hex !== undefined) {
				// A UTF-8 character may take several %XX: decode them together.
				PERCENT_RUN.lastIndex = i;
				const bytes = PERCENT_RUN.exec(text)![0];
				const lead = parseInt(hex, 16);
				const count = lead < 0x80 ? 1 : lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
				const run = bytes.slice(0, count * 3);
				try {
					char = decodeURIComponent(run);
					length = run.length;
				} catch {
					char = String.fromCharCode(lead);
				}
			} else if (decimal !== undefined || entityHex !== undefined || braced !== undefined) {
				const code = parseInt(decimal ?? entityHex ?? braced, decimal !== undefined ? 10 : 16);
				char = code <= 0x10ffff ? String.fromCodePoint(code) : match[0];
			} else if (named !== undefined) char = HTML_NAMED[named.toLowerCase()];
			else if (unicode !== undefined || latin !== undefined)
				char = String.fromCharCode(parseInt(unicode ?? latin, 16));
			else char = JSON_SHORT[short];
		} else if (char === '+' && plusIsSpace) char = ' ';
		for (let unit = 0; unit < char.length && units < text.length; unit++, units++) {
			starts[units] = i;
			ends[units] = i + length;
		}
		parts.push(char);
		i += length;
	}
	return { chars: parts.join(''), starts, ends };
}

const isSecret = (secret: string | undefined): secret is string =>
	typeof secret === 'string' && secret.length >= MIN_SECRET_LENGTH;

/** Where each of `needles` occurs in `haystack`, as [start, end) of the decoded text. */
function occurrences(haystack: string, needles: string[]): number[][] {
	const found: number[][] = [];
	for (const needle of needles) {
		for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) {
			found.push([at, at + needle.length]);
		}
	}
	return found;
}

/**
 * Replaces every occurrence of every secret with a marker, in whatever form it was echoed:
 * as is, percent-encoded (either hex case), form-encoded, JSON-escaped or HTML-escaped, in
 * any mixture. The text is decoded (twice when it has a "+": as a plus and as a space), and
 * the secrets are looked up in it, so the cost does not grow with the number of encodings.
 */
export function redact(text: string, secrets: Array<string | undefined>): string {
	const needles = [...new Set(secrets.filter(isSecret))];
	if (needles.length === 0) return text;
	const ranges: number[][] = occurrences(text, needles);
	// Nothing encoded: the secrets can only be there as they are. "+" is a space only in forms,
	// and matters only for a secret with a space: read that way only then.
	const plusIsSpace = text.includes('+') && needles.some((needle) => needle.includes(' '));
	const readings = [...(ANY_ENCODED.test(text) ? [false] : []), ...(plusIsSpace ? [true] : [])];
	for (const reading of readings) {
		const { chars, starts, ends } = decoded(text, reading);
		for (const [start, end] of occurrences(chars, needles)) {
			ranges.push([starts[start], ends[end - 1]]);
		}
	}
	ranges.sort((a, b) => a[0] - b[0]);
	let result = '';
	let done = 0;
	for (const [start, end] of ranges) {
		if (end <= done) continue;
		result += text.slice(done, Math.max(done, start)) + (start >= done ? REDACTED : '');
		done = end;
	}
	return result + text.slice(done);
}

/** Whether `text` carries `value` in any of the forms `redact` finds. */
export function mentions(text: string, value: string): boolean {
	return redact(text, [value]) !== text;
}

/**
 * Whether `value` (an API answer) may carry one of `secrets` in a form `redact` finds: false
 * when its JSON has none of them as is and no encoded character at all, which is most answers.
 * One serialisation and native searches: cheap enough for every answer.
 */
export function mayCarry(value: unknown, secrets: Array<string | undefined>): boolean {
	const needles = new Set(secrets.filter(isSecret));
	if (needles.size === 0) return false;
	let json: string | undefined;
	try {
		json = JSON.stringify(value);
	} catch {
		return true;
	}
	if (json === undefined) return false;
	if (ENCODED_IN_JSON.test(json)) return true;
	const plusIsSpace = json.includes('+');
	for (const needle of needles) {
		// As JSON writes it (quotes, backslashes and control characters escaped).
		const written = JSON.stringify(needle).slice(1, -1);
		if (json.includes(written) || (plusIsSpace && needle.includes(' '))) return true;
	}
	return false;
}

/** `value` (an API answer) with every secret redacted from its texts, keys included. */
export function scrubbed(value: unknown, secrets: Array<string | undefined>, depth = 0): unknown {
	if (typeof value === 'string') return redact(value, secrets);
	if (value === null || typeof value !== 'object') return value;
	if (depth > MAX_ANSWER_DEPTH) return REDACTED;
	if (Array.isArray(value)) return value.map((item) => scrubbed(item, secrets, depth + 1));
	return Object.fromEntries(
		Object.entries(value).map(([key, item]) => [
			redact(key, secrets),
			scrubbed(item, secrets, depth + 1),
		]),
	);
}

/** A secret too short to find safely in text: the provider's words are then left out. */
function hasShortSecret(secrets: Array<string | undefined>): boolean {
	return secrets.some((secret) => typeof secret === 'string' && secret !== '' && !isSecret(secret));
}

export const HTML_PAGE = 'the server answered with an HTML page instead of JSON';

export function isHtmlPage(body: unknown): boolean {
	return typeof body === 'string' && /^<(!doctype|html)/i.test(body.trim());
}

/** The provider's own explanation from an error response body, if it gave one. */
export function providerMessageOf(body: unknown, depth = 0): string | undefined {
	if (body === undefined || body === null || body === '' || depth > MAX_ERROR_DEPTH)
		return undefined;
	if (typeof body === 'string') {
		const text = body.trim();
		if (isHtmlPage(text)) {
			return HTML_PAGE;
		}
		try {
			return providerMessageOf(JSON.parse(text), depth + 1);
		} catch {
			return text;
		}
	}
	if (typeof body !== 'object') return String(body);
	if (Array.isArray(body)) {
		const parts = body
			.map((part) => providerMessageOf(part, depth + 1))
			.filter((part): part is string => !!part);
		return parts.length ? parts.join(' - ') : undefined;
	}
	const record = body as Record<string, unknown>;
	const parts = ['error_description', 'message', 'error', 'detail', 'title', 'errors']
		.map((key) => record[key])
		.map((value) =>
			typeof value === 'object' && value !== null ? providerMessageOf(value, depth + 1) : value,
		)
		.filter((value): value is string => typeof value === 'string' && value !== '');
	const unique = [...new Set(parts)];
	return unique.length ? unique.join(' - ') : undefined;
}

function truncate(text: string): string {
	return text.length > MAX_PROVIDER_MESSAGE ? `${text.slice(0, MAX_PROVIDER_MESSAGE)}…` : text;
}

/**
 * Stands in for the node in errors raised by credential hooks, which n8n calls without one.
 * Our own nodes put their real node back (`onNode`).
 */
export function credentialNode(provider: Pick<TokenProvider, 'name' | 'credentialType'>): INode {
	return {
		id: provider.credentialType,
		name: `${provider.name} credential`,
		type: `n8n-nodes-token-auth.${provider.credentialType}`,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
}

/**
 * The one error every failure becomes: names provider, step, HTTP status and the provider's
 * own words, says what to fix, and carries nothing else (no request, no response, no cause),
 * so no secret can travel with it.
 */
export function tokenAuthError(
	provider: Pick<TokenProvider, 'name' | 'credentialType'>,
	failure: Failure,
	secrets: Array<string | undefined>,
	node: INode = credentialNode(provider),
): NodeApiError {
	const status = failure.status ? ` (HTTP ${failure.status})` : '';
	const words = providerWords(failure.providerMessage, secrets);
	const headline = `${provider.name} ${failure.step} failed${status}${words ? `: ${words}` : ''}`;
	const fix =
		typeof failure.fix === 'string'
			? failure.fix
			: failure.fix((outside) => redact(outside, secrets));
	// The fix is in the message too: the credential modal's Test result, the executions list and
	// an error workflow's `execution.error.message` show the message alone.
	const message = `${headline}${/[.!?…]$/.test(headline) ? '' : '.'} ${fix}`;
	const httpCode = failure.status ? String(failure.status) : undefined;
	return apiError(node, message, fix, httpCode, reasonFor(failure));
}

function reasonFor({ reason, step, status }: Failure): Reason {
	if (reason) return reason;
	if (status === 429) return 'rate_limited';
	if (step === 'configuration') return 'configuration';
	if (step === 'sign-in' || step === 'refresh')
		return status !== undefined && status < 500 ? 'sign_in_rejected' : 'token_endpoint_unavailable';
	if (status === undefined || status >= 500) return 'api_unavailable';
	return status === 401 || status === 403 ? 'api_rejected' : 'api_error';
}

/** `error` with its reason set, where a workflow reads it (`error.context.reason`). */
export function withReason<E extends NodeApiError | NodeOperationError>(
	error: E,
	reason: Reason,
): E {
	error.context.reason = reason;
	return error;
}

/** The reason of one of the package's errors; undefined for any other error. */
export function reasonOf(error: unknown): Reason | undefined {
	const context = (error as { context?: { reason?: unknown } } | undefined)?.context;
	return typeof context?.reason === 'string' ? (context.reason as Reason) : undefined;
}

function providerWords(
	words: ProviderWords | undefined,
	secrets: Array<string | undefined>,
): string | undefined {
	if (words === undefined || words === '') return undefined;
	if (hasShortSecret(secrets)) {
		return "the provider's words are left out: a secret of this credential is too short to hide in them";
	}
	// Redact before cutting: a secret cut in half would no longer match. The first cut leaves
	// room for the longest secret in its longest encoding, so none is cut where it could show.
	const longest = Math.max(0, ...secrets.map((secret) => secret?.length ?? 0));
	const room = MAX_PROVIDER_TEXT + 12 * longest;
	const scrub = (outside: string) => redact(outside.slice(0, room), secrets);
	return truncate(typeof words === 'string' ? scrub(words) : words(scrub));
}

function apiError(
	node: INode,
	message: string,
	description: string,
	httpCode: string | undefined,
	reason: Reason | undefined,
): NodeApiError {
	const response: JsonObject = { message, description };
	if (httpCode) response.httpCode = httpCode;
	const error = new NodeApiError(node, response, { message, description, httpCode });
	// NodeApiError swaps a message that mentions a network error code (ECONNREFUSED...) for a
	// generic one, losing the provider and the step; ours already says what happened.
	error.message = message;
	if (reason) withReason(error, reason);
	return error;
}

/** The same error, attributed to the node the user is looking at. */
export function onNode(error: NodeApiError, node: INode): NodeApiError {
	const { message, description, httpCode } = error;
	return apiError(node, message, description ?? '', httpCode ?? undefined, reasonOf(error));
}

/** A field the user filled in wrongly, reported before any request is made. */
export function configurationError(
	provider: Pick<TokenProvider, 'name' | 'credentialType'>,
	message: string,
): NodeOperationError {
	return withReason(
		new NodeOperationError(credentialNode(provider), `${provider.name} credential: ${message}`, {
			level: 'warning',
		}),
		'configuration',
	);
}
