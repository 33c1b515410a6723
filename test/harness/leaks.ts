import type { CredentialRig } from './credentialRig';
import { secretFieldsOf } from './credentialCases';

/** The forms a secret travels in: as typed, URL-encoded, and form-encoded. */
function formsOf(secret: string): string[] {
	return [
		...new Set([
			secret,
			encodeURIComponent(secret),
			new URLSearchParams({ s: secret }).toString().slice(2),
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
 * The secrets of `rig` that appear in any of `values`: every token its fake issued and the
 * credential's secret fields (as saved now, and as first filled in), in each of their forms.
 */
export function leaksIn(rig: CredentialRig, ...values: unknown[]): string[] {
	const stored = rig.stored();
	const typed = [rig.fields(), stored].flatMap((fields) =>
		secretFieldsOf(fields).map((name) => String(fields[name]).trim()),
	);
	const secrets = [...rig.fake.issuedTokens, ...typed].filter((secret) => secret.length >= 4);
	const text = values.map(shown).join('\n');
	return [...new Set(secrets.flatMap(formsOf))].filter((form) => text.includes(form));
}
