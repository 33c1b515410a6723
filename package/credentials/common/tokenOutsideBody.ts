import type { IN8nHttpFullResponse } from 'n8n-workflow';
import { isHtmlPage } from './errors';
import type { Failure } from './errors';
import type { TokenSource } from './types';

type Answer = Pick<IN8nHttpFullResponse, 'body' | 'headers'>;
type Found = { accessToken: string } | { failure: Omit<Failure, 'step'> };

/** A token is printable ASCII without spaces (RFC 6750's b64token, and cookie values). */
const TOKEN_TEXT = /^[\x21-\x7e]+$/;
/** Longer than any token; a bigger answer is a page or a document, not a token. */
const MAX_TOKEN_LENGTH = 16_384;

/**
 * The token of an answer that does not put it in a JSON body field: in a response header, in a
 * Set-Cookie, or the whole answer (a bare JSON string, or plain text). `name` is the header's
 * or the cookie's name. Names in the answer are listed when the token is missing, never values.
 */
export function tokenOutsideBody(source: TokenSource, name: string, answer: Answer): Found {
	if (source === 'wholeBody') return wholeBodyToken(answer.body);
	const headers = (answer.headers ?? {}) as Record<string, unknown>;
	if (source === 'header') {
		const value = headerValue(headers, name);
		if (value !== undefined && TOKEN_TEXT.test(value)) return { accessToken: value };
		return missing(`"${name}" header`, Object.keys(headers), 'headers', 'Token Path');
	}
	const cookies = setCookies(headers);
	const cookie = cookies.find((entry) => entry.name === name);
	if (cookie && cookie.value !== '' && TOKEN_TEXT.test(cookie.value)) {
		return { accessToken: cookie.value };
	}
	return missing(
		`"${name}" cookie`,
		cookies.map((entry) => entry.name),
		'cookies',
		'Token Path',
	);
}

function missing(what: string, names: string[], kind: string, fieldName: string): Found {
	const listed = names.join(', ') || 'none';
	return {
		failure: {
			providerMessage: (outside) => `the answer has no ${what} (its ${kind}: ${outside(listed)})`,
			fix: `Set ${fieldName} to the name the API's docs give for the token's ${kind === 'headers' ? 'header' : 'cookie'}, or Token In to where the token is.`,
		},
	};
}

function wholeBodyToken(body: unknown): Found {
	const text = typeof body === 'string' ? body.trim() : undefined;
	if (text !== undefined && text.length <= MAX_TOKEN_LENGTH && TOKEN_TEXT.test(text)) {
		// n8n parses a JSON string answer; plain text arrives as it is, quotes and all.
		return { accessToken: text.replace(/^"(.*)"$/, '$1') };
	}
	const what =
		text === undefined
			? 'a JSON object or list, not a bare token'
			: isHtmlPage(body)
				? 'an HTML page, not a bare token'
				: `text (${text.length} characters) that is not a token (spaces or other characters a token has not)`;
	return {
		failure: {
			providerMessage: () => `the answer is ${what}`,
			fix:
				text === undefined
					? 'Set Token In to Answer Body (JSON) and Token Path to the field that holds the token.'
					: 'Check the Sign-In URL: it must be the API endpoint that answers with the token alone.',
		},
	};
}

/** A header's value, whatever the case of its name (one value: the first, if several). */
function headerValue(headers: Record<string, unknown>, name: string): string | undefined {
	const wanted = name.toLowerCase();
	const key = Object.keys(headers).find((header) => header.toLowerCase() === wanted);
	const value = key === undefined ? undefined : headers[key];
	const first = Array.isArray(value) ? value[0] : value;
	return typeof first === 'string' ? first.trim() : undefined;
}

/** The cookies of Set-Cookie headers: name and value, attributes left out (RFC 6265, 4.1). */
function setCookies(headers: Record<string, unknown>): Array<{ name: string; value: string }> {
	const key = Object.keys(headers).find((header) => header.toLowerCase() === 'set-cookie');
	const raw = key === undefined ? [] : headers[key];
	const lines = (Array.isArray(raw) ? raw : [raw]).filter(
		(line): line is string => typeof line === 'string',
	);
	return lines.map((line) => {
		const pair = line.split(';')[0];
		const equals = pair.indexOf('=');
		const name = (equals < 0 ? '' : pair.slice(0, equals)).trim();
		const value = (equals < 0 ? pair : pair.slice(equals + 1)).trim().replace(/^"(.*)"$/, '$1');
		return { name, value };
	});
}
