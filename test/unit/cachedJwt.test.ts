import type { IDataObject } from 'n8n-workflow';
import { obtainToken } from '../../package/credentials/common/lifecycle';
import { signRequest } from '../../package/credentials/common/signing';
import type { Credentials } from '../../package/credentials/common/types';
import { ourPeople } from '../../package/credentials/providers/ourPeople';
import { errorOf, fakeHttp, jwt, seconds, uniqueCredentials } from './helpers';

/**
 * A JWT a cache serves again with seconds left is never sent at or after its `exp`, although
 * the answer's Date header drops the milliseconds (issue 26): the provider may have answered
 * up to 999 ms after the second it names, and that time is not left on the token.
 */
describe('a cached JWT whose Date header is cut to the second', () => {
	afterEach(() => jest.restoreAllMocks());

	it.each([0, 400, 900, 999])(
		'is not sent at its exp when the provider answered %i ms into the second',
		async (millis) => {
			const second = Date.parse('2031-05-01T10:00:00.000Z');
			const answeredAt = second + millis;
			const clock = jest.spyOn(Date, 'now').mockReturnValue(answeredAt);
			const exp = seconds(second) + 3;
			const token = jwt({ sub: 'cached', iat: exp - 3600, exp });
			const credentials = uniqueCredentials();
			const { http } = fakeHttp({
				statusCode: 200,
				body: { token },
				headers: { date: new Date(answeredAt).toUTCString() },
			});
			const stored = {
				...credentials,
				...(await obtainToken(ourPeople, http, credentials)),
			} as Credentials;

			clock.mockReturnValue(exp * 1000);
			const error = await errorOf(() =>
				signRequest(ourPeople, { ...stored }, { url: `${credentials.apiUrl}/v1/users` }),
			);
			expect((error.response as IDataObject | undefined)?.status).toBe(401);
		},
	);
});
