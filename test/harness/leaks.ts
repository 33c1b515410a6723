import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { bearerOf } from '../fakes/fakeProvider';
import type { FakeRequest } from '../fakes/fakeProvider';
import type { ProviderRig } from './credentialRig';
import { secretFieldsOf } from './credentialCases';

/** Each character of `text` written by `write` unless it is a letter or digit. */
const escapeOthers = (text: string, write: (char: string) => string) =>
	[...text].map((char) => (/[\p{L}\p{N}]/u.test(char) ? char : write(char))).join('');

/**
 * The forms a secret travels or is echoed in: as typed, URL-encoded (either hex case),
 * form-encoded, JSON-escaped (also with \/ and \uXXXX), HTML-escaped.
 */
export function formsOf(secret: string): string[] {
	const uri = encodeURIComponent(secret);
	const json = JSON.stringify(secret).slice(1, -1);
	return [
		...new Set([
			secret,
			uri,
			uri.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()),
			new URLSearchParams({ s: secret }).toString().slice(2),
			json,
			json.replace(/\//g, '\\/'),
			escapeOthers(secret, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`),
			escapeOthers(secret, (char) => `&#${char.charCodeAt(0)};`),
			secret
				.replace(/&/g, '&amp;')
				.replace(/</g, '&lt;')
				.replace(/>/g, '&gt;')
				.replace(/"/g, '&quot;'),
		]),
	];
}

/** Everything a user could be shown of `value`: an error's message, description, stack and fields. */
export function shown(value: unknown): string {
	if (value instanceof Error) {
		const { message, stack } = value;
		const description = (value as { description?: unknown }).description;
		return JSON.stringify({ ...value, message, description, stack, json: JSON.stringify(value) });
	}
	return JSON.stringify(value);
}

/**
 * The secrets of `rig` (secretsOf: also the secret fields as first filled in) that appear, in
 * any of their forms, in any of `values`.
 */
export function leaksIn(rig: ProviderRig, ...values: unknown[]): string[] {
	const text = values.map(shown).join('\n');
	// shown() is JSON: a form with quotes or backslashes appears there escaped once more.
	const appears = (form: string) =>
		text.includes(form) || text.includes(JSON.stringify(form).slice(1, -1));
	return secretsOf(rig, [rig.fields(), rig.stored()]).flatMap(formsOf).filter(appears);
}

/**
 * The secrets of `rig`: every token its fake issued, every Authorization value a token request
 * carried (whole and without its scheme: Basic is base64 of id and secret), and the secret
 * fields of each of `filledIn` (default: the credential as saved now).
 */
export function secretsOf(
	rig: ProviderRig,
	filledIn: ICredentialDataDecryptedObject[] = [rig.stored()],
): string[] {
	const typed = filledIn.flatMap((fields) =>
		secretFieldsOf(fields).map((name) => String(fields[name]).trim()),
	);
	const sent = rig.fake.tokenRequestAuthorizations.flatMap((value) => [
		value,
		value.replace(/^\S+\s+/, ''),
	]);
	const secrets = [...rig.fake.issuedTokens, ...typed, ...sent];
	return [...new Set(secrets.filter((secret) => secret.length >= 4))];
}

/**
 * Makes the API of `rig` echo each request into its answers, as debug endpoints and proxies
 * do: the answer and each of its records (objects in a list) get the request's URL, query and
 * headers (Authorization among them) and every secret of `rig` in every form; ids (`id`,
 * `…Id`) end with the token, and links to a next page (`next…`, `…Path`) carry the token and
 * the secret the user typed in their query. Error answers included.
 */
export function echoRequests(rig: ProviderRig): void {
	rig.fake.apiReply = (request, reply) => ({ ...reply, body: echoedIn(reply.body, request, rig) });
}

function echoedIn(body: unknown, request: FakeRequest, rig: ProviderRig): unknown {
	const token = bearerOf(request) ?? rig.fake.issuedTokens.at(-1) ?? '';
	const [typed] = secretFieldsOf(rig.stored()).map((name) => String(rig.stored()[name]));
	const echo = () => ({
		url: `${request.path}?${request.query.toString()}`,
		query: Object.fromEntries(request.query),
		headers: request.headers,
		debug: secretsOf(rig).flatMap(formsOf).join(' '),
	});
	const carrying = (link: string) =>
		`${link}${link.includes('?') ? '&' : '?'}${new URLSearchParams({ access_token: token, debug: typed ?? token })}`;
	const rewrite = (value: unknown, isRecord: boolean): unknown => {
		if (Array.isArray(value)) return value.map((item) => rewrite(item, true));
		if (value === null || typeof value !== 'object') return value;
		const entries = Object.entries(value).map(([key, item]): [string, unknown] => {
			if ((key === 'id' || key.endsWith('Id')) && typeof item !== 'object')
				return [key, `${String(item)}:${token}`];
			if (/^next|Path$/.test(key) && typeof item === 'string' && /^(\/|https?:)/.test(item))
				return [key, carrying(item)];
			return [key, rewrite(item, false)];
		});
		return Object.fromEntries(isRecord ? [...entries, ['echo', echo()]] : entries);
	};
	if (typeof body === 'string') return `${body} ${JSON.stringify(echo())}`;
	return rewrite(body, true);
}
