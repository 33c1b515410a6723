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
