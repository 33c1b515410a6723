import type { Fault } from '../../fakes/fakeProvider';
import { secretFieldsOf } from '../../harness/credentialCases';
import type { CredentialRig } from '../../harness/credentialRig';

/** How a token endpoint can fail, and what the error must say about it (after "<provider> <step> failed"). */
export interface TokenFault {
	name: string;
	fault: Fault;
	cause: RegExp;
	/** What the description tells the user to do. */
	fix: RegExp;
}

export const tokenFaults: TokenFault[] = [
	{
		name: 'HTTP 500',
		fault: { type: 'status', status: 500 },
		cause: /^ \(HTTP 500\): injected 500$/,
		fix: /try again later/,
	},
	{
		name: 'HTTP 503',
		fault: { type: 'status', status: 503, body: { error: 'temporarily_unavailable' } },
		cause: /^ \(HTTP 503\): temporarily_unavailable$/,
		fix: /try again later/,
	},
	{
		name: 'an HTML page',
		fault: { type: 'html' },
		cause: /^: the server answered with an HTML page instead of JSON$/,
		fix: /not the API/,
	},
	{
		name: 'malformed JSON',
		fault: { type: 'malformedJson' },
		cause: /^: the answer is not valid JSON/,
		fix: /try again later/,
	},
	{
		// Deeper than any stack: reading it used to overflow and escape as a RangeError.
		name: 'an error nested 100,000 levels deep',
		fault: {
			type: 'status',
			status: 503,
			body: `${'{"error":'.repeat(100_000)}"deepest"${'}'.repeat(100_000)}`,
			headers: { 'Content-Type': 'application/json' },
		},
		cause: /^ \(HTTP 503\)$/,
		fix: /try again later/,
	},
	{
		name: 'JSON without a token',
		fault: { type: 'noToken' },
		cause: /^: the answer has no "(token|access_token)" \(it has: ok, detail\)$/,
		fix: /answered without a token/,
	},
];

/** The error message expected for `fault` at `step` of provider `name`: the cause, then the fix. */
export function expectedMessage(
	name: string,
	step: 'sign-in' | 'refresh',
	fault: TokenFault,
): RegExp {
	const cause = fault.cause.source.slice(1).replace(/\$$/, '\\.');
	return new RegExp(`^${name} ${step} failed${cause} .*${fault.fix.source}`);
}

/** Characters that URL- and form-encoding change, so every encoded form is a different string. */
export const WRONG_SECRET = 'Wrong secret+42/&=%';

/** The secret fields of `rig`'s credential (client secret, password), each set to WRONG_SECRET. */
export function wrongSecrets(rig: CredentialRig): Record<string, string> {
	return Object.fromEntries(secretFieldsOf(rig.fields()).map((name) => [name, WRONG_SECRET]));
}
