import { bearerOf, checkJwt, FakeProvider, newId, signJwt } from './fakeProvider';
import type { FakeRequest, Reply } from './fakeProvider';

export interface Comm100Agent {
	partnerId: string;
	/** OAuth clients this agent's partner has created. */
	clientIds: string[];
	email: string;
	password: string;
	agentId: string;
	siteId: number;
	role: string;
	locked?: boolean;
}

export const DEMO_AGENT: Comm100Agent = {
	partnerId: '10000',
	clientIds: ['1d29e6d7-18cf-407d-a064-e4f8c4baefab'],
	email: 'agent@example.com',
	password: 'Demo-Password-100',
	agentId: 'f9683b7b-e332-4864-b725-ac6cdc207dbd',
	siteId: 10115,
	role: 'AGENT',
};

export const LOCKED_AGENT: Comm100Agent = {
	...DEMO_AGENT,
	email: 'locked@example.com',
	password: 'Locked-Password-100',
	agentId: '0b6f2c1e-4d51-4a8e-9a53-2f0c6b1d7e42',
	role: 'ADMIN',
	locked: true,
};

/** An OAuth error as an IdentityServer-style token endpoint returns it (HTTP 400). */
function oauthError(error: string, description: string): Reply {
	return { kind: 'sign-in', status: 400, body: { error, error_description: description } };
}

/**
 * Comm100, from "Comm100 Partner API, OAuth API" (https://developer.comm100.com/docs/partner-api-oauth-open-api): POST /oauth/token?partnerId=<id>
 * with a form body (client_id, grant_type=password, email, password) answers
 * { access_token, token_type, expires_in }; GET /oauth/userinfo answers
 * { agentId, siteId, role } for the bearer token. No refresh grant.
 * The docs do not show error answers; these follow OAuth 2 (error + error_description).
 */
export class FakeComm100 extends FakeProvider {
	readonly agents: Comm100Agent[];

	constructor(options: { tokenLifetimeSeconds?: number; agents?: Comm100Agent[] } = {}) {
		super(options.tokenLifetimeSeconds ?? 43200);
		this.agents = options.agents ?? [DEMO_AGENT, LOCKED_AGENT];
	}

	protected kindOf({ method, path }: Pick<FakeRequest, 'method' | 'path'>): string {
		if (method === 'POST' && path === '/oauth/token') return 'sign-in';
		return 'api';
	}

	protected handle(request: FakeRequest): Reply {
		if (this.kindOf(request) === 'sign-in') return this.signIn(request);
		const { state, claims } = checkJwt(bearerOf(request), this.now());
		if (state !== 'valid') {
			return {
				kind: 'api',
				token: state,
				status: 401,
				headers: { 'WWW-Authenticate': `Bearer error="invalid_token"` },
				body: {
					error: 'invalid_token',
					error_description: state === 'expired' ? 'The token expired' : 'Unauthorized',
				},
			};
		}
		if (request.method === 'GET' && request.path === '/oauth/userinfo') {
			const agent = this.agents.find((a) => a.agentId === claims!.sub)!;
			return {
				kind: 'api',
				token: state,
				status: 200,
				body: { agentId: agent.agentId, siteId: agent.siteId, role: agent.role },
			};
		}
		return {
			kind: 'api',
			token: state,
			status: 404,
			body: { message: `No resource at ${request.method} ${request.path}` },
		};
	}

	private signIn(request: FakeRequest): Reply {
		if (request.contentType !== 'application/x-www-form-urlencoded' || !request.body) {
			return oauthError(
				'invalid_request',
				'The request body must be application/x-www-form-urlencoded',
			);
		}
		const partnerId = request.query.get('partnerId');
		if (!partnerId)
			return oauthError('invalid_request', 'The partnerId query parameter is required');
		const partnerAgents = this.agents.filter((a) => a.partnerId === partnerId);
		if (partnerAgents.length === 0)
			return oauthError('invalid_request', `Partner ${partnerId} does not exist`);
		const {
			client_id: clientId,
			grant_type: grantType,
			email,
			password,
		} = request.body as Record<string, string>;
		if (!partnerAgents.some((a) => a.clientIds.includes(clientId))) {
			return oauthError('invalid_client', 'Unknown client');
		}
		if (grantType !== 'password')
			return oauthError('unsupported_grant_type', 'Only the password grant is supported');
		const agent = partnerAgents.find(
			(a) => a.email.toLowerCase() === String(email ?? '').toLowerCase(),
		);
		if (!agent || agent.password !== password)
			return oauthError('invalid_grant', 'Invalid email or password');
		if (agent.locked) return oauthError('invalid_grant', 'The account is locked');

		const iat = this.now() / 1000;
		const accessToken = signJwt({
			sub: agent.agentId,
			partnerId,
			client_id: clientId,
			role: agent.role,
			iat,
			exp: iat + this.tokenLifetimeSeconds,
			jti: newId(),
		});
		return {
			kind: 'sign-in',
			status: 200,
			body: {
				access_token: this.issued(accessToken),
				token_type: 'Bearer',
				expires_in: this.tokenLifetimeSeconds,
			},
		};
	}
}
