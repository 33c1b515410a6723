import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';

/** Body fields of RFC 7523 that hold a signed JWT: a client assertion, or the grant itself. */
const ASSERTION_FIELDS = ['client_assertion', 'assertion'];

/**
 * What a token request carries that works as a credential on its own, for its errors to hide
 * like the credential's secrets: its Authorization header (a signed JWT, HTTP Basic), whole and
 * without its scheme, and the JWT assertion fields of its body.
 */
export function sentSecrets(request: IHttpRequestOptions): string[] {
	const secrets: string[] = [];
	const headers = request.headers ?? {};
	for (const name in headers) {
		const value = headers[name];
		if (name.toLowerCase() !== 'authorization' || typeof value !== 'string') continue;
		secrets.push(value, value.replace(/^\S+\s+/, ''));
	}
	const body = (request.body ?? {}) as IDataObject;
	for (const name of ASSERTION_FIELDS) {
		if (typeof body[name] === 'string') secrets.push(body[name] as string);
	}
	return secrets;
}
