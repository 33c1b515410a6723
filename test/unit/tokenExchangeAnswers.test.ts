import type { IDataObject, IN8nHttpResponse } from 'n8n-workflow';
import { reasonOf } from '../../package/credentials/common/errors';
import { expiryMomentOf } from '../../package/credentials/common/expiryMoment';
import { obtainToken } from '../../package/credentials/common/lifecycle';
import { readTokenAnswer } from '../../package/credentials/common/tokenAnswer';
import type { Credentials } from '../../package/credentials/common/types';
import { tokenExchange } from '../../package/credentials/providers/tokenExchange';
import { errorOf, fakeHttp } from './helpers';

/** Token answers that put the token or its expiry elsewhere than access_token / expires_in. */
let counter = 0;
function credentialsWith(fields: Credentials = {}): Credentials {
	counter += 1;
	return {
		apiUrl: `https://api${counter}.answers.example.test`,
		signInUrl: `https://api${counter}.answers.example.test/login`,
		clientId: `client-${counter}`,
		clientSecret: `answers-secret-${counter}`,
		...fields,
	};
}

const NOW = Date.UTC(2030, 0, 1, 12);
const read = (fields: Credentials, body: unknown, headers: IDataObject = {}) =>
	readTokenAnswer(
		tokenExchange,
		credentialsWith(fields),
		'sign-in',
		{
			statusCode: 200,
			body: body as IN8nHttpResponse,
			headers,
		},
		NOW,
	);
const tokensOf = (answer: ReturnType<typeof read>) => {
	if ('failure' in answer) throw new Error(`unexpected failure ${JSON.stringify(answer)}`);
	return answer.tokens;
};
const wordsOf = (answer: ReturnType<typeof read>) => {
	if (!('failure' in answer)) throw new Error('expected a failure');
	const say = (words: unknown) =>
		typeof words === 'function' ? (words as (o: (t: string) => string) => string)((t) => t) : words;
	return { message: say(answer.failure.providerMessage), fix: say(answer.failure.fix) };
};

describe('an expiry the answer gives as a moment', () => {
	it.each([
		['an ISO date', '2030-01-01T12:30:00Z', Date.UTC(2030, 0, 1, 12, 30)],
		['an ISO date with an offset', '2030-01-01T13:30:00+01:00', Date.UTC(2030, 0, 1, 12, 30)],
		['an ISO date without a zone, as UTC', '2030-01-01T12:30:00.000', Date.UTC(2030, 0, 1, 12, 30)],
		['an HTTP date', 'Tue, 01 Jan 2030 12:30:00 GMT', Date.UTC(2030, 0, 1, 12, 30)],
		['epoch seconds', Date.UTC(2030, 0, 1, 12, 30) / 1000, Date.UTC(2030, 0, 1, 12, 30)],
		[
			'epoch seconds as digits',
			String(Date.UTC(2030, 0, 1, 12, 30) / 1000),
			Date.UTC(2030, 0, 1, 12, 30),
		],
		['epoch milliseconds', Date.UTC(2030, 0, 1, 12, 30), Date.UTC(2030, 0, 1, 12, 30)],
	])('is read from %s', (_, value, moment) => {
		expect(expiryMomentOf(value)).toBe(moment);
		expect(
			tokensOf(read({ expiresInPath: 'expires' }, { access_token: 't', expires: value })).expiresAt,
		).toBe(moment);
	});

	it.each([3600, '3600', 'soon', 'in 1 hour', '', null, true])(
		'is not read from %p (a lifetime in seconds, or no moment)',
		(value) => {
			expect(expiryMomentOf(value)).toBeUndefined();
		},
	);

	it("is placed on this machine's clock by the answer's Date header", () => {
		const providerAhead = new Date(NOW + 120_000).toUTCString();
		const tokens = tokensOf(
			read(
				{ expiresInPath: 'token.expires_at' },
				{ access_token: 't', token: { expires_at: '2030-01-01T13:02:00Z' } },
				{ date: providerAhead },
			),
		);
		// The Date header counts whole seconds: the provider's clock may be up to 999 ms later.
		expect(tokens.expiresAt).toBe(Date.UTC(2030, 0, 1, 13) - 999);
	});

	it('in the past makes the sign-in fail as an expired token', () => {
		expect(
			wordsOf(
				read({ expiresInPath: 'expires' }, { access_token: 't', expires: '2029-12-31T00:00:00Z' }),
			).message,
		).toBe('the provider issued a token that has already expired');
	});

	it('wins over the JWT exp, and a lifetime in seconds still reads as one', () => {
		expect(tokensOf(read({}, { access_token: 't', expires_in: 600 })).expiresAt).toBe(
			NOW + 600_000,
		);
	});
});

describe('a token outside the JSON body', () => {
	it('is read from a response header, whatever the case of its name', () => {
		const tokens = tokensOf(
			read(
				{ answerPart: 'header', tokenPath: 'X-Subject-Token', expiresInPath: 'token.expires_at' },
				{ token: { expires_at: '2030-01-01T13:00:00.000000Z' } },
				{ 'x-subject-token': 'gAAAAABk-subject', 'content-type': 'application/json' },
			),
		);
		expect(tokens).toMatchObject({
			accessToken: 'gAAAAABk-subject',
			expiresAt: Date.UTC(2030, 0, 1, 13),
		});
	});

	it('is read from a Set-Cookie, beside other cookies, with its attributes left out', () => {
		const tokens = tokensOf(
			read(
				{ answerPart: 'cookie', tokenPath: 'NITRO_AUTH_TOKEN', defaultLifetimeSeconds: 900 },
				{ errorcode: 0, message: 'Done' },
				{
					'set-cookie': [
						'SESSID=other; path=/',
						'NITRO_AUTH_TOKEN="##5A4F2B";path=/nitro/v1; Secure; HttpOnly',
					],
				},
			),
		);
		expect(tokens).toMatchObject({ accessToken: '##5A4F2B', expiresAt: NOW + 900_000 });
	});

	it('is the whole answer when the API answers with a bare JSON string', () => {
		expect(
			tokensOf(read({ answerPart: 'wholeBody', defaultLifetimeSeconds: 60 }, 'b00db39f4e8'))
				.accessToken,
		).toBe('b00db39f4e8');
	});

	it.each([
		[
			{ answerPart: 'header', tokenPath: 'X-Auth-Token' },
			{},
			{ date: 'Tue, 01 Jan 2030 12:00:00 GMT', 'x-other': 'secret-value' },
			/^the answer has no "X-Auth-Token" header \(its headers: date, x-other\)$/,
		],
		[
			{ answerPart: 'cookie', tokenPath: 'TOKEN' },
			{},
			{ 'set-cookie': ['SESSION=secret-value; path=/'] },
			/^the answer has no "TOKEN" cookie \(its cookies: SESSION\)$/,
		],
		[
			{ answerPart: 'wholeBody' },
			{ token: 'secret-value' },
			{},
			/a JSON object or list, not a bare token/,
		],
		[
			{ answerPart: 'wholeBody' },
			'not a token at all',
			{},
			/text \(18 characters\) that is not a token/,
		],
	])(
		'missing from %p: the message names what was there, never a value',
		(fields, body, headers, says) => {
			const words = wordsOf(read(fields as Credentials, body, headers));
			expect(words.message).toMatch(says);
			expect(JSON.stringify(words)).not.toContain('secret-value');
		},
	);
});

describe('Default Lifetime', () => {
	it.each([
		['2030-01-31T00:00:00Z', 'read from the Expiry Path'],
		[1893456000, 'Default Lifetime is in seconds'],
		['an hour', 'Default Lifetime must be a number of seconds'],
	])('with %p is refused before any request', async (value, says) => {
		const { http, calls } = fakeHttp();
		const error = await errorOf(() =>
			obtainToken(tokenExchange, http, credentialsWith({ defaultLifetimeSeconds: value })),
		);
		expect(reasonOf(error)).toBe('configuration');
		expect(error.message).toContain(says);
		expect(calls).toHaveLength(0);
	});
});
