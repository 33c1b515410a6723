import type { FakeRequest, Reply } from '../fakeProvider';
import { TokenStyleFake } from './tokenStyleFake';

export const KEYSTONE_USER = { name: 'admin', password: 'devstacker', domain: 'Default' };

const UNAUTHORIZED = {
	error: {
		code: 401,
		message: 'The request you have made requires authentication.',
		title: 'Unauthorized',
	},
};

/**
 * OpenStack Identity (Keystone) v3, from "Identity API v3: Password authentication with
 * unscoped authorization" (https://docs.openstack.org/api-ref/identity/v3/#password-authentication-with-unscoped-authorization):
 * `POST /v3/auth/tokens` with the user nested in a JSON body
 * (`auth.identity.password.user.{name,password,domain}`); HTTP 201, the token in the
 * `X-Subject-Token` response header and its expiry in the body (`token.expires_at`, ISO 8601
 * with microseconds); requests carry it in `X-Auth-Token`. `GET /v3/auth/projects` lists the
 * projects the token may be scoped to.
 */
export class FakeKeystone extends TokenStyleFake {
	protected readonly signInPath = '/v3/auth/tokens';
	protected readonly apiPrefix = '/v3/';

	protected signIn(request: FakeRequest): Reply {
		const identity = (request.body?.auth as { identity?: Record<string, unknown> } | undefined)
			?.identity;
		const user = (identity?.password as { user?: Record<string, unknown> } | undefined)?.user;
		const domain = user?.domain as { name?: string } | undefined;
		const valid =
			request.contentType === 'application/json' &&
			Array.isArray(identity?.methods) &&
			identity.methods.includes('password') &&
			user?.name === KEYSTONE_USER.name &&
			user.password === KEYSTONE_USER.password &&
			domain?.name === KEYSTONE_USER.domain;
		if (!valid) return { kind: 'sign-in', status: 401, body: UNAUTHORIZED };
		const { token, expiresAt } = this.newToken('gAAAAAB');
		const micro = (ms: number) => new Date(ms).toISOString().replace('Z', '000Z');
		return {
			kind: 'sign-in',
			status: 201,
			headers: { 'X-Subject-Token': token },
			body: {
				token: {
					methods: ['password'],
					user: {
						domain: { id: 'default', name: 'Default' },
						id: 'ee4dfb6e5540447cb3741905149d9b6e',
						name: 'admin',
						password_expires_at: null,
					},
					audit_ids: ['3T2dc1CGQxyJsHdDu1xkcw'],
					expires_at: micro(expiresAt),
					issued_at: micro(Date.now()),
				},
			},
		};
	}

	protected tokenOf(request: FakeRequest): string | undefined {
		const token = request.headers['x-auth-token'];
		return typeof token === 'string' ? token : undefined;
	}

	protected unauthorized(token: 'expired' | 'invalid' | 'missing'): Reply {
		return { kind: 'api', token, status: 401, body: UNAUTHORIZED };
	}

	protected answer(): unknown {
		return {
			projects: [],
			links: { self: 'http://example.com/identity/v3/auth/projects', previous: null, next: null },
		};
	}
}
