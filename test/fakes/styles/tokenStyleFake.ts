import { randomBytes } from 'crypto';
import { FakeProvider } from '../fakeProvider';
import type { FakeRequest, Reply, TokenState } from '../fakeProvider';

/**
 * The common part of the fakes of the Token Exchange sign-in styles: one sign-in endpoint, an
 * API that reads the token from where the real API does, and opaque tokens that live the
 * fake's lifetime. Each subclass is written from its API's public docs (named in its comment).
 */
export abstract class TokenStyleFake extends FakeProvider {
	private live = new Map<string, number>();

	protected abstract readonly signInPath: string;
	protected abstract readonly apiPrefix: string;

	/** The sign-in's answer when the request is as the docs say, else an error reply. */
	protected abstract signIn(request: FakeRequest): Reply;

	/** Where the API reads the token from. */
	protected abstract tokenOf(request: FakeRequest): string | undefined;

	/** The API's answer to a request with a valid token. */
	protected abstract answer(request: FakeRequest): unknown;

	/** The answer to a request without a valid token. */
	protected unauthorized(token: TokenState): Reply {
		return { kind: 'api', token, status: 401, body: { error: 'unauthorized' } };
	}

	protected kindOf({ method, path }: Pick<FakeRequest, 'method' | 'path'>): string {
		if (method === 'POST' && path === this.signInPath) return 'sign-in';
		return path.startsWith(this.apiPrefix) ? 'api' : 'unknown';
	}

	protected handle(request: FakeRequest): Reply {
		const kind = this.kindOf(request);
		if (kind === 'sign-in') return this.signIn(request);
		if (kind !== 'api') return { kind, status: 404, body: { error: 'not found' } };
		const state = this.stateOf(this.tokenOf(request));
		if (state !== 'valid') return this.unauthorized(state);
		return { kind, token: state, status: 200, body: this.answer(request) };
	}

	/** A new opaque token and the moment it expires (epoch ms). */
	protected newToken(prefix = ''): { token: string; expiresAt: number } {
		const token = this.issued(`${prefix}${randomBytes(24).toString('hex')}`);
		const expiresAt = Date.now() + this.tokenLifetimeSeconds * 1000;
		this.live.set(token, expiresAt);
		return { token, expiresAt };
	}

	/** Like newToken, with the expiry cut to whole seconds (APIs that give epoch seconds). */
	protected newTokenInWholeSeconds(prefix = ''): { token: string; expiresAt: number } {
		const issued = this.newToken(prefix);
		const expiresAt = Math.floor(issued.expiresAt / 1000) * 1000;
		this.live.set(issued.token, expiresAt);
		return { token: issued.token, expiresAt };
	}

	private stateOf(token: string | undefined): TokenState {
		if (!token) return 'missing';
		const expiresAt = this.live.get(token);
		if (expiresAt === undefined) return 'invalid';
		return Date.now() < expiresAt ? 'valid' : 'expired';
	}
}

/** The user and password in an `Authorization: Basic` header, if it holds one. */
export function basicCredentials(
	request: FakeRequest,
): { user: string; password: string } | undefined {
	const header = request.headers.authorization ?? '';
	if (!header.startsWith('Basic ')) return undefined;
	const decoded = Buffer.from(header.slice('Basic '.length), 'base64').toString('utf8');
	const colon = decoded.indexOf(':');
	return colon < 0
		? undefined
		: { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** The value of one cookie of the request's Cookie header. */
export function cookieOf(request: FakeRequest, name: string): string | undefined {
	for (const pair of String(request.headers.cookie ?? '').split(';')) {
		const equals = pair.indexOf('=');
		if (equals > 0 && pair.slice(0, equals).trim() === name) return pair.slice(equals + 1).trim();
	}
	return undefined;
}
