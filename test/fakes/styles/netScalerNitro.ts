import type { FakeRequest, Reply } from '../fakeProvider';
import { cookieOf, TokenStyleFake } from './tokenStyleFake';

export const NITRO_USER = { username: 'nsroot', password: 'nitro-Pass-1' };

/**
 * NetScaler (Citrix ADC) NITRO API, from "Performing Basic Citrix ADC Operations", Log on to a Citrix ADC Appliance
 * (https://developer-docs.netscaler.com/en-us/adc-nitro-api/current-release/performing-basic-netscaler-operations):
 * `POST /nitro/v1/config/login` with `{ "login": { "username", "password", "timeout" } }`;
 * HTTP 201 and the session in a `Set-Cookie: NITRO_AUTH_TOKEN=…` (the body says only
 * `errorcode`, `message`, `sessionid`); requests carry it in the `NITRO_AUTH_TOKEN` cookie. The
 * session ends after `timeout` seconds without use. `GET /nitro/v1/config/nsversion`.
 */
export class FakeNitro extends TokenStyleFake {
	protected readonly signInPath = '/nitro/v1/config/login';
	protected readonly apiPrefix = '/nitro/v1/config/';

	protected signIn(request: FakeRequest): Reply {
		const login = request.body?.login as Record<string, unknown> | undefined;
		if (
			request.contentType !== 'application/json' ||
			login?.username !== NITRO_USER.username ||
			login.password !== NITRO_USER.password
		) {
			return {
				kind: 'sign-in',
				status: 401,
				body: { errorcode: 354, message: 'Invalid username or password', severity: 'ERROR' },
			};
		}
		const { token } = this.newToken('##');
		return {
			kind: 'sign-in',
			status: 201,
			headers: { 'Set-Cookie': `NITRO_AUTH_TOKEN=${token}; path=/nitro/v1; Secure; HttpOnly` },
			body: { errorcode: 0, message: 'Done', severity: 'NONE', sessionid: token },
		};
	}

	protected tokenOf(request: FakeRequest): string | undefined {
		return cookieOf(request, 'NITRO_AUTH_TOKEN');
	}

	protected unauthorized(token: 'expired' | 'invalid' | 'missing'): Reply {
		return {
			kind: 'api',
			token,
			status: 401,
			body: {
				errorcode: 444,
				message: 'Session expired or killed. Please login again',
				severity: 'ERROR',
			},
		};
	}

	protected answer(): unknown {
		return {
			errorcode: 0,
			message: 'Done',
			severity: 'NONE',
			nsversion: { version: 'NetScaler NS14.1: Build 25.53.nc', mode: '1' },
		};
	}
}
