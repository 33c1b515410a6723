import type { FakeRequest, Reply } from '../fakeProvider';
import { basicCredentials, TokenStyleFake } from './tokenStyleFake';

export const JAMF_USER = { user: 'api-reader', password: 'jamf:Pass word 1' };

/**
 * Jamf Pro API, from "Classic API Authentication Changes" (https://developer.jamf.com/jamf-pro/docs/classic-api-authentication-changes):
 * `POST /api/v1/auth/token` with the account's user name and password as HTTP Basic and no
 * body; the answer is `{ "token": …, "expires": "2022-01-24T21:35:20.373Z" }` (an ISO date, 30
 * minutes on); the token goes in `Authorization: Bearer …`. `GET /api/v1/auth` describes the
 * account.
 */
export class FakeJamfPro extends TokenStyleFake {
	protected readonly signInPath = '/api/v1/auth/token';
	protected readonly apiPrefix = '/api/v1/';

	protected signIn(request: FakeRequest): Reply {
		const basic = basicCredentials(request);
		if (basic?.user !== JAMF_USER.user || basic.password !== JAMF_USER.password) {
			return { kind: 'sign-in', status: 401, body: { httpStatus: 401, errors: [] } };
		}
		const { token, expiresAt } = this.newToken();
		return {
			kind: 'sign-in',
			status: 200,
			body: { token, expires: new Date(expiresAt).toISOString() },
		};
	}

	protected tokenOf(request: FakeRequest): string | undefined {
		const header = request.headers.authorization ?? '';
		return header.startsWith('Bearer ') ? header.slice('Bearer '.length) : undefined;
	}

	protected answer(): unknown {
		return { account: { id: '1', username: JAMF_USER.user, accessLevel: 'FullAccess' } };
	}
}
