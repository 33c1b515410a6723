import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { INode, JsonObject } from 'n8n-workflow';
import type { TokenProvider } from './types';

export type Step = 'sign-in' | 'refresh' | 'request' | 'configuration';

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
	/** What the user should do about it: the package's own words, never a provider's. */
	fix: string;
}

const REDACTED = '[redacted]';
const MIN_SECRET_LENGTH = 4;
const MAX_PROVIDER_MESSAGE = 300;
/** Provider text beyond this is cut before redaction (the pattern is matched over all of it). */
const MAX_PROVIDER_TEXT = 10_000;
/** Error bodies nest a message a level or two deep; deeper is not read (no stack overflow). */
const MAX_ERROR_DEPTH = 8;

const HTML_NAMED: Record<string, string> = {
	'&': 'amp',
	'<': 'lt',
	'>': 'gt',
	'"': 'quot',
	"'": 'apos',
};
const JSON_SHORT: Record<string, string> = {
	'"': '\\"',
	'\\': '\\\\',
	'/': '\\/',
	'\n': '\\n',
	'\r': '\\r',
	'\t': '\\t',
};

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Hex digits of `n` matching either letter case, e.g. 0x2f -> "2[fF]". */
function hexEitherCase(n: number, width: number): string {
	return n
		.toString(16)
		.padStart(width, '0')
		.replace(/[a-f]/g, (digit) => `[${digit}${digit.toUpperCase()}]`);
}

/**
 * One character as servers echo it: as is, percent-encoded (either hex case; forms and n8n's
 * `qs` encode differently), "+" for a space (forms), JSON-escaped (\uXXXX, \/, \"), and
 * HTML-escaped (named, decimal or hex entity).
 */
function characterPattern(char: string): string {
	const code = char.codePointAt(0) ?? 0;
	const utf8 = [...new TextEncoder().encode(char)];
	const alternatives = [
		utf8.map((byte) => `%${hexEitherCase(byte, 2)}`).join(''),
		`&#0*${code};`,
		`&#[xX]0*${hexEitherCase(code, 1)};`,
	];
	if (code <= 0xffff) alternatives.push(`\\\\[uU]${hexEitherCase(code, 4)}`);
	if (JSON_SHORT[char]) alternatives.push(escapeRegExp(JSON_SHORT[char]));
	if (HTML_NAMED[char]) alternatives.push(`&${HTML_NAMED[char]};`);
	if (char === ' ') alternatives.push('\\+');
	// Encoded forms first: a secret ending in "%" must take the "25" of "%25" with it.
	return `(?:${[...alternatives, escapeRegExp(char)].join('|')})`;
}

/** A secret in any mixture of the forms characterPattern allows. */
function secretPattern(secret: string): RegExp {
	return new RegExp([...secret].map(characterPattern).join(''), 'g');
}

const isSecret = (secret: string | undefined): secret is string =>
	typeof secret === 'string' && secret.length >= MIN_SECRET_LENGTH;

/** Replaces every occurrence of every secret (longest first), in any echoed form, with a marker. */
export function redact(text: string, secrets: Array<string | undefined>): string {
	const patterns = [...new Set(secrets.filter(isSecret))]
		.sort((a, b) => b.length - a.length)
		.map(secretPattern);
	return patterns.reduce((result, pattern) => result.replace(pattern, REDACTED), text);
}

/** `value` (an API answer) with every secret redacted from its texts, keys included. */
export function scrubbed(value: unknown, secrets: Array<string | undefined>, depth = 0): unknown {
	if (typeof value === 'string') return redact(value, secrets);
	if (value === null || typeof value !== 'object') return value;
	if (depth > 32) return REDACTED;
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
	const message = `${provider.name} ${failure.step} failed${status}${words ? `: ${words}` : ''}`;
	return apiError(node, message, failure.fix, failure.status ? String(failure.status) : undefined);
}

function providerWords(
	words: ProviderWords | undefined,
	secrets: Array<string | undefined>,
): string | undefined {
	if (words === undefined || words === '') return undefined;
	if (hasShortSecret(secrets)) {
		return "the provider's words are left out: a secret of this credential is too short to hide in them";
	}
	// Redact before cutting: a secret cut in half would no longer match.
	const scrub = (outside: string) => redact(outside.slice(0, MAX_PROVIDER_TEXT), secrets);
	return truncate(typeof words === 'string' ? scrub(words) : words(scrub));
}

function apiError(
	node: INode,
	message: string,
	description: string,
	httpCode: string | undefined,
): NodeApiError {
	const response: JsonObject = { message, description };
	if (httpCode) response.httpCode = httpCode;
	const error = new NodeApiError(node, response, { message, description, httpCode });
	// NodeApiError swaps a message that mentions a network error code (ECONNREFUSED...) for a
	// generic one, losing the provider and the step; ours already says what happened.
	error.message = message;
	return error;
}

/** The same error, attributed to the node the user is looking at. */
export function onNode(error: NodeApiError, node: INode): NodeApiError {
	return apiError(node, error.message, error.description ?? '', error.httpCode ?? undefined);
}

/** A field the user filled in wrongly, reported before any request is made. */
export function configurationError(
	provider: Pick<TokenProvider, 'name' | 'credentialType'>,
	message: string,
): NodeOperationError {
	return new NodeOperationError(
		credentialNode(provider),
		`${provider.name} credential: ${message}`,
		{
			level: 'warning',
		},
	);
}
