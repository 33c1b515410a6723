import { mayCarry, scrubbed } from '../../package/credentials/common/errors';
import { formsOf } from '../harness/leaks';

/**
 * Every API answer is checked for the credential's tokens and secrets (`callApi`); `mayCarry`
 * lets the common answer through uncopied. It must never let one through that `scrubbed`
 * would change: every encoding, in a value or a key, at any depth.
 */
const SECRETS = ['Wrong "secret"+plus/slash&amp=eq%pct<x>', 'pass word', 'plain-Token-0123456789'];

const escapedEach = (secret: string, write: (code: number) => string) =>
	[...secret].map((char) => write(char.codePointAt(0)!)).join('');

/** The forms of leaks.ts, and each character escaped, letters included. */
const everyForm = (secret: string) => [
	...formsOf(secret),
	escapedEach(secret, (code) => `%${code.toString(16).padStart(2, '0')}`),
	escapedEach(secret, (code) => `&#x${code.toString(16)};`),
	escapedEach(secret, (code) => `\\u{${code.toString(16)}}`),
	escapedEach(secret, (code) => `\\x${code.toString(16).padStart(2, '0')}`),
	// Form-encoded by hand: a space as "+" (a "+" of the secret would be %2B, one of the forms above).
	...(secret.includes('+') ? [] : [secret.replace(/ /g, '+')]),
];

const cells = SECRETS.flatMap((secret) =>
	everyForm(secret).flatMap((form) => [
		{ secret, form, where: 'a value', answer: { data: [{ note: `echo ${form} end` }] } },
		{ secret, form, where: 'a key', answer: { [`k ${form}`]: 1 } },
		{ secret, form, where: 'a text answer', answer: `echo ${form}` },
	]),
);

it.each(cells)('$where holding $form may carry it, and is scrubbed of it', ({ answer, secret }) => {
	expect(mayCarry(answer, [secret])).toBe(true);
	expect(JSON.stringify(scrubbed(answer, [secret]))).toContain('[redacted]');
});

it.each([
	['records with quotes, newlines and URLs', { data: [{ a: 'say "hi"\nnow', url: '/v1/x?a=1' }] }],
	['numbers and nulls', { count: 3, next: null, ok: true }],
	['a form-encoded text and no secret with a space', { q: 'a+b' }],
])('%s carry no secret and are left as they are', (_, answer) => {
	expect(
		mayCarry(
			answer,
			SECRETS.filter((secret) => !secret.includes(' ')),
		),
	).toBe(false);
});
