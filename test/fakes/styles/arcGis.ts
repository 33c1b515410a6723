import type { FakeRequest, Reply } from '../fakeProvider';
import { TokenStyleFake } from './tokenStyleFake';

export const ARCGIS_USER = { username: 'gis_reader', password: 'arc+gis/pass' };

/**
 * ArcGIS REST API, from "Generate Token" (https://developers.arcgis.com/rest/users-groups-and-items/generate-token):
 * `POST /sharing/rest/generateToken`, form-encoded `username`, `password`, `client`
 * (`requestip`: the token is good from the caller's address), `expiration` (minutes), `f=json`;
 * the answer is `{ "token", "expires" (epoch milliseconds), "ssl" }`, and errors come with HTTP
 * 200 and an `error` object. Requests carry the token as the `token` query parameter; `GET
 * /sharing/rest/portals/self?f=json` describes the portal.
 */
export class FakeArcGis extends TokenStyleFake {
	protected readonly signInPath = '/sharing/rest/generateToken';
	protected readonly apiPrefix = '/sharing/rest/portals/';

	protected signIn(request: FakeRequest): Reply {
		const form = request.contentType === 'application/x-www-form-urlencoded' ? request.body : {};
		if (
			form?.username !== ARCGIS_USER.username ||
			form.password !== ARCGIS_USER.password ||
			form.f !== 'json'
		) {
			return {
				kind: 'sign-in',
				status: 200,
				body: {
					error: {
						code: 400,
						message: 'Unable to generate token.',
						details: ['Invalid username or password.'],
					},
				},
			};
		}
		const { token, expiresAt } = this.newToken();
		return { kind: 'sign-in', status: 200, body: { token, expires: expiresAt, ssl: true } };
	}

	protected tokenOf(request: FakeRequest): string | undefined {
		return request.query.get('token') ?? undefined;
	}

	protected unauthorized(token: 'expired' | 'invalid' | 'missing'): Reply {
		const body =
			token === 'missing'
				? { error: { code: 499, message: 'Token Required', details: [] } }
				: { error: { code: 498, message: 'Invalid token.', details: [] } };
		// ArcGIS answers a token error with HTTP 200 and the code in the body.
		return { kind: 'api', token, status: 200, body };
	}

	protected answer(): unknown {
		return { id: '0123456789ABCDEF', name: 'Demo Organization', isPortal: false };
	}
}
