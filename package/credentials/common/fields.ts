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
	return httpBasic(field(credentials, 'clientId'), field(credentials, 'clientSecret'));
}

/** `Basic base64("<user>:<password>")`, as `curl -u user:password` sends it. */
export function httpBasic(user: string, password: string): string {
	return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

/** Keys a dot path may not name: they would reach an object's prototype, not a field. */
const UNSAFE_KEYS = new Set(['__proto__', 'prototype', 'constructor']);

/** What is wrong with `path` as a dot path of a JSON body (`auth.user.name`), if anything. */
export function dotPathProblem(path: string): string | undefined {
	const keys = path.split('.');
	if (keys.some((key) => key === '')) return 'has an empty name between dots';
	const unsafe = keys.find((key) => UNSAFE_KEYS.has(key));
	return unsafe && `names "${unsafe}", which is not a field name`;
}

/**
 * `body` with `value` at the dot path `path`, the objects on the way created (or copied: the
 * caller's objects are not changed); a value on the way that is not an object is replaced.
 */
export function withValueAt(body: IDataObject, path: string, value: unknown): IDataObject {
	const [key, ...rest] = path.split('.');
	if (rest.length === 0) return { ...body, [key]: value as IDataObject[string] };
	const inner = isJsonObject(body[key]) ? (body[key] as IDataObject) : {};
	return { ...body, [key]: withValueAt(inner, rest.join('.'), value) };
}
