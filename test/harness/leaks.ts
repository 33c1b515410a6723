import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import type { CredentialRig } from './credentialRig';
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
export function leaksIn(rig: CredentialRig, ...values: unknown[]): string[] {
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
	rig: CredentialRig,
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
