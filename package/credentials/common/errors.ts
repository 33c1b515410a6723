import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { INode, JsonObject } from 'n8n-workflow';
import type { TokenProvider } from './types';

export type Step = 'sign-in' | 'refresh' | 'request' | 'configuration';

export interface Failure {
	step: Step;
	status?: number;
	/** What the provider said, in its own words (will be redacted). */
	providerMessage?: string;
	/** What the user should do about it. */
	fix: string;
}

const REDACTED = '[redacted]';
const MIN_SECRET_LENGTH = 4;
const MAX_PROVIDER_MESSAGE = 300;

/**
 * Every form in which a secret can appear in text: as is, URL-encoded, form-encoded, and
 * RFC 3986-encoded as n8n's `qs` option sends query parameters (it also escapes ! ' ( ) *).
 */
function secretForms(secret: string): string[] {
	const uriEncoded = encodeURIComponent(secret);
	const formEncoded = new URLSearchParams({ s: secret }).toString().slice('s='.length);
	const rfc3986 = uriEncoded.replace(
		/[!'()*]/g,
		(c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
	);
	return [secret, uriEncoded, formEncoded, rfc3986];
}

/** Replaces every occurrence of every secret (longest first) with a marker. */
export function redact(text: string, secrets: Array<string | undefined>): string {
	const forms = secrets
		.filter((s): s is string => typeof s === 'string' && s.length >= MIN_SECRET_LENGTH)
		.flatMap(secretForms)
		.sort((a, b) => b.length - a.length);
	let result = text;
	for (const form of forms) result = result.split(form).join(REDACTED);
	return result;
}

export function isHtmlPage(body: unknown): boolean {
	return typeof body === 'string' && /^<(!doctype|html)/i.test(body.trim());
}

/** The provider's own explanation from an error response body, if it gave one. */
export function providerMessageOf(body: unknown): string | undefined {
	if (body === undefined || body === null || body === '') return undefined;
	if (typeof body === 'string') {
		const text = body.trim();
		if (isHtmlPage(text)) {
			return 'the server answered with an HTML page instead of JSON';
		}
		try {
			return providerMessageOf(JSON.parse(text));
		} catch {
			return text;
		}
	}
	if (typeof body !== 'object') return String(body);
	if (Array.isArray(body)) {
		const parts = body.map(providerMessageOf).filter((part): part is string => !!part);
		return parts.length ? parts.join(' - ') : undefined;
	}
	const record = body as Record<string, unknown>;
	const parts = ['error_description', 'message', 'error', 'detail', 'title', 'errors']
		.map((key) => record[key])
		.map((value) =>
			typeof value === 'object' && value !== null ? providerMessageOf(value) : value,
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
 * Our own nodes put their real node back (`withNode`).
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
	// Redact before cutting: a secret cut in half would no longer match.
	const said = failure.providerMessage
		? `: ${truncate(redact(failure.providerMessage, secrets))}`
		: '';
	const message = redact(`${provider.name} ${failure.step} failed${status}${said}`, secrets);
	const description = redact(failure.fix, secrets);
	return apiError(node, message, description, failure.status ? String(failure.status) : undefined);
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
