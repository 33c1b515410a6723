import { asN8nReadsIt } from './helpers';
import { readFileSync } from 'fs';
import { join } from 'path';
import type { IDataObject } from 'n8n-workflow';
import { ownerOf } from '../../package/credentials/common/identity';
import { signRequest } from '../../package/credentials/common/signing';
import { tokenStateFields } from '../../package/credentials/common/storedTokens';
import { readTokenAnswer } from '../../package/credentials/common/tokenAnswer';
import type { Credentials } from '../../package/credentials/common/types';
import { tokenExchange } from '../../package/credentials/providers/tokenExchange';

/**
 * Credentials saved by the form of version 0.x (before the sign-in styles of issue 29): every
 * combination of its option fields, each with another mix of the text fields. Each one is read
 * through n8n's own display logic with today's form, as n8n reads a stored credential, and must
 * sign in, refresh, read the answer and sign a request exactly as it did then.
 *
 * `fixtures/tokenExchangeSavedForms.json` holds what the code of commit 0eb151a did with each
 * (recorded once from that code; never re-record it to make this test pass).
 */
const SAVED_BEHAVIOUR = JSON.parse(
	readFileSync(join(__dirname, 'fixtures', 'tokenExchangeSavedForms.json'), 'utf8'),
) as IDataObject[];

/** Who signs in, as the old form allowed it. */
const WHO: Credentials[] = [
	{ clientId: 'saved-client', clientSecret: 'saved-secret' },
	{ clientId: 'saved-client' },
	{ clientId: 'saved-client', username: 'agent@example.com', password: 'saved-password' },
	{
		clientId: 'saved-client',
		clientSecret: 'saved-secret',
		username: 'agent',
		password: 'saved-password',
		usernameField: 'email',
		passwordField: 'pass',
	},
];

/** How the answer is read and the request signed. */
const READING: Credentials[] = [
	{},
	{ tokenPath: 'data.token', refreshTokenPath: 'data.refresh', expiresInPath: 'data.ttl' },
	{ tokenPath: 'token', headerName: 'X-Api-Key', headerPrefix: '' },
	{ headerPrefix: 'Token', defaultLifetimeSeconds: 900, expiresInPath: 'missing' },
];

const OPTIONS = {
	signInFormat: [undefined, 'form', 'json'],
	clientAuthentication: [undefined, 'basic', 'body', 'query'],
	refreshFormat: [undefined, 'json'],
	refreshLocation: [undefined, 'query'],
};

function combinations(): Credentials[] {
	const saved: Credentials[] = [];
	for (const signInFormat of OPTIONS.signInFormat)
		for (const clientAuthentication of OPTIONS.clientAuthentication)
			for (const refreshFormat of OPTIONS.refreshFormat)
				for (const refreshLocation of OPTIONS.refreshLocation) {
					const n = saved.length;
					const options = { signInFormat, clientAuthentication, refreshFormat, refreshLocation };
					saved.push({
						apiUrl: 'https://api.saved.example.test/v1',
						testPath: '/me',
						signInUrl: 'https://auth.saved.example.test/oauth/token',
						...(n % 2 ? { refreshUrl: 'https://auth.saved.example.test/oauth/refresh' } : {}),
						...(n % 3 === 1
							? { signInParameters: '{"grant_type":"password","scope":"read"}' }
							: {}),
						...(n % 5 === 2 ? { signInQuery: '{"partnerId":"42"}' } : {}),
						...(n % 4 === 3
							? {
									clientIdField: 'id',
									clientSecretField: 'secret',
									refreshTokenField: 'token',
									refreshParameters: '{}',
								}
							: {}),
						...WHO[n % WHO.length],
						...READING[Math.floor(n / 2) % READING.length],
						...(Object.fromEntries(
							Object.entries(options).filter(([, value]) => value !== undefined),
						) as Credentials),
					});
				}
	return saved;
}

const RECEIVED_AT = Date.UTC(2026, 11, 1, 12);
const ANSWER = {
	access_token: 'answer-token',
	token: 'answer-token',
	refresh_token: 'answer-refresh',
	expires_in: 600,
	data: { token: 'answer-token', refresh: 'answer-refresh', ttl: 1200 },
};

/** What a user (or the API) sees of the credential: the requests it makes and how it signs. */
export function behaviourOf(read: Credentials): IDataObject {
	const problem = tokenExchange.validate(read);
	if (problem !== undefined) return { problem };
	const answer = readTokenAnswer(
		tokenExchange,
		read,
		'sign-in',
		{ statusCode: 200, body: ANSWER, headers: {} },
		RECEIVED_AT,
	);
	const tokens = 'tokens' in answer ? answer.tokens : undefined;
	const stored: Credentials = {
		...read,
		...(tokenStateFields({
			accessToken: 'held-token',
			issuedAt: Date.now(),
			expiresAt: Date.now() + 3_600_000,
			owner: ownerOf(tokenExchange, read, 'held-token'),
		}) as Credentials),
	};
	const signed = signRequest(tokenExchange, stored, { url: `${String(read.apiUrl)}/things` });
	return JSON.parse(
		JSON.stringify({
			signIn: tokenExchange.signInRequest(read),
			refresh: tokenExchange.refreshRequest?.(read, 'refresh-value') ?? null,
			tokens: tokens && {
				accessToken: tokens.accessToken,
				refreshToken: tokens.refreshToken,
				lifetimeMs: tokens.expiresAt === undefined ? null : tokens.expiresAt - RECEIVED_AT,
			},
			signed: { url: signed.url, qs: signed.qs ?? null, headers: signed.headers },
			secrets: tokenExchange.secrets(read).filter((secret) => secret !== ''),
		}),
	) as IDataObject;
}

export const savedForms = combinations();

describe('credentials saved by the form before the sign-in styles', () => {
	it('are as many as recorded: every combination of the options the old form stored', () => {
		expect(savedForms).toHaveLength(48);
		expect(SAVED_BEHAVIOUR).toHaveLength(savedForms.length);
	});

	it.each(savedForms.map((saved, index) => [index, saved]))(
		'saved form %i signs in, refreshes, reads the answer and signs requests as before',
		(index, saved) => {
			const read = asN8nReadsIt(saved as Credentials);
			expect({ index, ...behaviourOf(read as Credentials) }).toEqual({
				index,
				...SAVED_BEHAVIOUR[index as number],
			});
		},
	);
});
