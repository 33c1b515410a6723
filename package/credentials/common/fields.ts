import type { IDataObject } from 'n8n-workflow';
import type { Credentials } from './types';

/** A field as the user meant it: pasted values often carry stray spaces or line breaks. */
export function field(credentials: Credentials, name: string): string {
	const value = credentials[name];
	if (typeof value === 'number') return String(value);
	return typeof value === 'string' ? value.trim() : '';
}

/** The first of `checks` that finds a problem, as the message to show. */
export function firstProblem(...checks: Array<string | false | undefined>): string | undefined {
	return checks.find((check): check is string => typeof check === 'string');
}

/** The Client ID and Client Secret: who signs in, for a client-credentials provider's identity. */
export const clientPair = (credentials: Credentials) => [
	field(credentials, 'clientId'),
	field(credentials, 'clientSecret'),
];

export function required(credentials: Credentials, name: string, label: string, where: string) {
	return field(credentials, name) === '' && `enter the ${label} (${where})`;
}

/** The value at a dot path (`data.token`) in a JSON answer; undefined where the path stops. */
export function valueAt(body: unknown, path: string | undefined): unknown {
	if (!path) return undefined;
	return path
		.split('.')
		.reduce<unknown>(
			(value, key) =>
				value !== null && typeof value === 'object' ? (value as IDataObject)[key] : undefined,
			body,
		);
}

/** Whether `value` is a JSON object: not null, not a list. */
export function isJsonObject(value: unknown): value is IDataObject {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A JSON value given as such, or as JSON text; undefined for text that is not JSON. */
export function parsedJson(raw: unknown): unknown {
	if (typeof raw !== 'string') return raw;
	try {
		return JSON.parse(raw);
	} catch {
		return undefined;
	}
}

/**
 * The HTTP Basic header value of the Client ID and Client Secret fields, as the providers
 * document it (`curl -u id:secret`): base64("<id>:<secret>"), without RFC 6749's
 * form-encoding of each first.
 */
export function basicAuthorization(credentials: Credentials): string {
	const pair = `${field(credentials, 'clientId')}:${field(credentials, 'clientSecret')}`;
	return `Basic ${Buffer.from(pair).toString('base64')}`;
}
