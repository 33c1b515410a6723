import { bearerOf, checkJwt, FakeProvider, newId, RefreshTokens, signJwt } from './fakeProvider';
import type { FakeRequest, Reply } from './fakeProvider';

export interface OurPeopleClient {
	id: string;
	secret: string;
	name: string;
}

/**
 * OurPeople, from "OurPeople, Authentication" (https://developer.ourpeople.com/docs/api/authentication): JSON sign-in with id and
 * secret at POST /v1/auth, a JWT access token with `exp` (no expires_in), refresh tokens that
 * rotate at POST /v1/auth/refresh, and GET /v1/users behind the bearer token.
 */
export class FakeOurPeople extends FakeProvider {
	readonly refreshTokens = new RefreshTokens();
	readonly clients: OurPeopleClient[];
	/** The users GET /v1/users lists, oldest first. */
	readonly users: Array<Record<string, unknown>> = [
		{ id: 'u-1', name: 'Ada Lovelace', email: 'ada@example.com' },
		{ id: 'u-2', name: 'Grace Hopper', email: 'grace@example.com' },
	];

	constructor(options: { tokenLifetimeSeconds?: number; clients?: OurPeopleClient[] } = {}) {
		super(options.tokenLifetimeSeconds ?? 900);
		this.clients = options.clients ?? [
			{ id: 'demo-client', secret: 'demo-secret-0123456789', name: 'Demo Integration' },
		];
	}

	refreshTokenIsLive(token: string): boolean {
		return this.refreshTokens.isLive(token);
	}

	protected kindOf({ method, path }: Pick<FakeRequest, 'method' | 'path'>): string {
		if (method === 'POST' && path === '/v1/auth') return 'sign-in';
		if (method === 'POST' && path === '/v1/auth/refresh') return 'refresh';
		return path.startsWith('/v1/') ? 'api' : 'unknown';
	}

	private issue(client: OurPeopleClient): Record<string, unknown> {
		const iat = this.now() / 1000;
		return {
			token: this.issued(
				signJwt({
					sub: client.id,
					name: client.name,
					iat,
					exp: iat + this.tokenLifetimeSeconds,
					jti: newId(),
				}),
			),
			refresh_token: this.issued(this.refreshTokens.issue(client.id)),
		};
	}

	protected handle(request: FakeRequest): Reply {
		const kind = this.kindOf(request);
		if (kind === 'sign-in' || kind === 'refresh') {
			if (request.contentType !== 'application/json' || !request.body) {
				return { kind, status: 400, body: { message: 'Request body must be JSON' } };
			}
		}
		if (kind === 'sign-in') {
			const { id, secret } = request.body!;
			const client = this.clients.find((c) => c.id === id && c.secret === secret);
			if (!client) return { kind, status: 401, body: { message: 'Invalid client id or secret' } };
			return { kind, status: 200, body: this.issue(client) };
		}
		if (kind === 'refresh') {
			const spent = this.refreshTokens.spend(request.body!.refresh_token);
			if ('refused' in spent)
				return { kind, status: 401, body: { message: `Refresh token ${spent.refused}` } };
			const client = this.clients.find((c) => c.id === spent.subject)!;
			return { kind, status: 200, body: this.issue(client) };
		}
		const { state, claims } = checkJwt(bearerOf(request), this.now());
		if (state !== 'valid') {
			return {
				kind,
				token: state,
				status: 401,
				body: { message: state === 'expired' ? 'Token expired' : 'Unauthorized' },
			};
		}
		if (request.method === 'GET' && request.path === '/v1/users') {
			return {
				kind,
				token: state,
				status: 200,
				body: this.users.map((user) => ({ ...user, client: claims!.sub })),
			};
		}
		return {
			kind,
			token: state,
			status: 404,
			body: { message: `No route ${request.method} ${request.path}` },
		};
	}
}
