import { obtainToken } from '../../package/credentials/common/lifecycle';
import { ownerOf } from '../../package/credentials/common/identity';
import { signRequest } from '../../package/credentials/common/signing';
import type { Credentials } from '../../package/credentials/common/types';
import { ourPeople } from '../../package/credentials/providers/ourPeople';
import { fakeHttp, tokenLiving, uniqueCredentials } from './helpers';

/**
 * n8n stores what preAuthentication returns (in a real n8n a database write, slower under load)
 * and only then signs the retried request with it. A token the lifecycle hands back from this
 * process's memory must still be usable by then, or the request fails with n8n's "Authorization
 * failed - please check your credentials". Found in queue mode (test/queue): the database held
 * the other worker's older token, this worker remembered its own, newer one, due moments later.
 */
const LIFETIME_MS = 10_000;

/** The credential as the other worker stored it: its own 10 s token, issued at `issuedAt`. */
function otherWorkersCopy(credentials: Credentials, issuedAt: number) {
	const accessToken = tokenLiving(LIFETIME_MS / 1000, { jti: 'the other worker' });
	return {
		...credentials,
		accessToken,
		refreshToken: 'refresh-0',
		tokenIssuedAt: new Date(issuedAt).toISOString(),
		tokenExpiresAt: new Date(issuedAt + LIFETIME_MS).toISOString(),
		tokenOwner: ownerOf(ourPeople, credentials, accessToken),
	};
}

describe('a remembered token handed to n8n', () => {
	afterEach(() => jest.restoreAllMocks());

	it('is renewed instead when it would be due before n8n has stored it and signed with it', async () => {
		const credentials = uniqueCredentials();
		const { http, calls } = fakeHttp(
			{ statusCode: 200, body: { token: tokenLiving(10), refresh_token: 'refresh-1' } },
			{ statusCode: 200, body: { token: tokenLiving(10), refresh_token: 'refresh-2' } },
		);
		const mine = await obtainToken(ourPeople, http, credentials);
		const issuedAt = Date.parse(mine.tokenIssuedAt as string);
		const othersOlder = otherWorkersCopy(credentials, issuedAt - 1000);

		// 5 ms before this process's own token is due, an item holding the older copy asks.
		const clock = jest.spyOn(Date, 'now').mockReturnValue(issuedAt + 8995);
		const handed = await obtainToken(ourPeople, http, othersOlder);
		clock.mockReturnValue(issuedAt + 9100);

		expect(() =>
			signRequest(
				ourPeople,
				{ ...othersOlder, ...handed },
				{ url: `${credentials.apiUrl}/v1/users` },
			),
		).not.toThrow();
		expect(calls.map((call) => call.url)).toEqual([
			`${credentials.apiUrl}/v1/auth`,
			`${credentials.apiUrl}/v1/auth/refresh`,
		]);
		expect(calls[1].body).toEqual({ refresh_token: 'refresh-1' });
	});

	it('is used when it stays fresh for a while: no second exchange', async () => {
		const credentials = uniqueCredentials();
		const { http, calls } = fakeHttp({
			statusCode: 200,
			body: { token: tokenLiving(10), refresh_token: 'refresh-1' },
		});
		const mine = await obtainToken(ourPeople, http, credentials);
		const issuedAt = Date.parse(mine.tokenIssuedAt as string);
		const othersOlder = otherWorkersCopy(credentials, issuedAt - 9500);

		jest.spyOn(Date, 'now').mockReturnValue(issuedAt + 1000);
		const handed = await obtainToken(ourPeople, http, othersOlder);

		expect(handed.accessToken).toBe(mine.accessToken);
		expect(calls).toHaveLength(1);
	});
});
