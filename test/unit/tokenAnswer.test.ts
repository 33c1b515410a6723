import { reasonOf } from '../../package/credentials/common/errors';
import { obtainToken } from '../../package/credentials/common/lifecycle';
import { readTokenAnswer } from '../../package/credentials/common/tokenAnswer';
import { ourPeople } from '../../package/credentials/providers/ourPeople';
import { errorOf, fakeHttp, jwt, seconds, uniqueCredentials } from './helpers';

/** Reading a token endpoint's answer, on its own: no request is made. */
const credentials = uniqueCredentials();
const now = Date.parse('2030-01-01T00:00:00Z');
const answer = (statusCode: number, body: object | string | undefined, headers = {}) =>
	readTokenAnswer(ourPeople, credentials, 'sign-in', { statusCode, body, headers }, now);
const words = (failure: unknown) => {
	const said = (failure as { providerMessage?: unknown }).providerMessage;
	return typeof said === 'function' ? said((text: string) => text) : said;
};

describe('readTokenAnswer', () => {
	it('reads the tokens and their expiry from a good answer', () => {
		const token = jwt({ iat: seconds(now), exp: seconds(now) + 900 });
		expect(answer(200, { token, refresh_token: 'r-1' })).toEqual({
			tokens: expect.objectContaining({
				accessToken: token,
				refreshToken: 'r-1',
				issuedAt: now,
				expiresAt: now + 900_000,
			}),
		});
	});

	it.each([
		[302, { location: 'https://elsewhere.test' }, undefined, /redirected to https:\/\/elsewhere/],
		[401, {}, { error: 'invalid_client' }, /^invalid_client$/],
		[404, {}, '<!DOCTYPE html><html></html>', /HTML page/],
		[200, {}, 'plain-token-text', /plain text \(16 characters\)/],
		[200, {}, { data: { token: 'x' } }, /has no "token" \(it has: data\)/],
	])('explains an answer with status %s', (status, headers, body, explained) => {
		const read = answer(status, body, headers);
		expect('failure' in read && words(read.failure)).toMatch(explained);
	});

	it('points at where the token probably is', () => {
		const read = answer(200, { data: { jwt: 'x' } });
		const fix = 'failure' in read ? read.failure.fix : undefined;
		expect(typeof fix === 'function' ? fix((text) => text) : fix).toMatch(/"data\.jwt"/);
	});
});

describe('an answer that names the secret in its keys', () => {
	it('shows neither the secret nor its place in the fix', async () => {
		const c = uniqueCredentials();
		const { http } = fakeHttp({
			statusCode: 200,
			body: { [String(c.clientSecret)]: { token: 'x' } },
		});
		const error = await errorOf(() => obtainToken(ourPeople, http, c));
		expect(reasonOf(error)).toBe('token_endpoint_unavailable');
		expect(
			JSON.stringify({ message: error.message, description: error.description }),
		).not.toContain(String(c.clientSecret));
	});
});
