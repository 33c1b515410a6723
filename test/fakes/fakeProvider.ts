import { createHmac, randomBytes } from 'crypto';
import { createServer } from 'http';
import type { IncomingMessage, Server, ServerResponse } from 'http';
import type { AddressInfo } from 'net';

export type TokenState = 'valid' | 'expired' | 'invalid' | 'missing';

export interface LoggedRequest {
	/** When it was answered. */
	at: number;
	/** When it arrived. */
	receivedAt: number;
	method: string;
	path: string;
	/** What the fake decided the request was: 'sign-in', 'refresh', 'api', 'unknown'. */
	kind: string;
	/** For API calls: the state of the bearer token it carried. */
	token?: TokenState;
	status: number;
}

export interface FakeRequest {
	method: string;
	path: string;
	query: URLSearchParams;
	headers: IncomingMessage['headers'];
	contentType: string;
	rawBody: string;
	/** Parsed per Content-Type: JSON object, form fields, or undefined. */
	body: Record<string, unknown> | undefined;
}

export interface Reply {
	status: number;
	body?: unknown;
	headers?: Record<string, string>;
	kind: string;
	token?: TokenState;
}

/** A misbehaviour the next matching request gets instead of the real answer. */
export type Fault =
	| {
			type: 'status';
			status: number;
			/** A function is called when the request arrives (e.g. to echo what it carried). */
			body?: unknown;
			headers?: Record<string, string>;
	  }
	| { type: 'html'; status?: number }
	| { type: 'malformedJson' }
	| { type: 'noToken' }
	| { type: 'hang' }
	/** Answers 200 at once, then one byte every 2 s, never finishing. */
	| { type: 'drip' }
	/** Closes the connection without an answer. */
	| { type: 'reset' }
	/** Answers as usual, after the fake's `wait` of `ms` (the soak's virtual clock moves instead). */
	| { type: 'slow'; ms: number };

const JWT_KEY = randomBytes(32);

function base64url(data: string | Buffer): string {
	return Buffer.from(data).toString('base64url');
}

/** An HS256 JWT. `exp`/`iat` may be fractional seconds so tests can use short lifetimes. */
export function signJwt(claims: Record<string, unknown>): string {
	const head = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
	const body = base64url(JSON.stringify(claims));
	const mac = createHmac('sha256', JWT_KEY).update(`${head}.${body}`).digest('base64url');
	return `${head}.${body}.${mac}`;
}

export function checkJwt(
	token: string | undefined,
	now = Date.now(),
): {
	state: TokenState;
	claims?: Record<string, unknown>;
} {
	if (!token) return { state: 'missing' };
	const [head, body, mac] = token.split('.');
	if (!head || !body || !mac) return { state: 'invalid' };
	const expected = createHmac('sha256', JWT_KEY).update(`${head}.${body}`).digest('base64url');
	if (mac !== expected) return { state: 'invalid' };
	const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<
		string,
		unknown
	>;
	return { state: Number(claims.exp) * 1000 > now ? 'valid' : 'expired', claims };
}

export function bearerOf(request: FakeRequest): string | undefined {
	const header = request.headers.authorization ?? '';
	return header.startsWith('Bearer ') ? header.slice('Bearer '.length) : undefined;
}

/** Refresh tokens that rotate: each one can be spent exactly once. */
export class RefreshTokens {
	private live = new Map<string, string>();
	private spent = new Set<string>();

	issue(subject: string): string {
		const token = randomBytes(48).toString('hex');
		this.live.set(token, subject);
		return token;
	}

	/** The subject, or why the token is refused. */
	spend(token: unknown): { subject: string } | { refused: 'already used' | 'unknown or revoked' } {
		const subject = typeof token === 'string' ? this.live.get(token) : undefined;
		if (subject === undefined) {
			return {
				refused:
					typeof token === 'string' && this.spent.has(token)
						? 'already used'
						: 'unknown or revoked',
			};
		}
		this.live.delete(token as string);
		this.spent.add(token as string);
		return { subject };
	}

	revokeAll(): void {
		this.live.clear();
	}

	isLive(token: unknown): boolean {
		return typeof token === 'string' && this.live.has(token);
	}
}

/**
 * A local stand-in for a provider, written from its docs. Subclasses answer requests;
 * this class serves them, logs each one and injects faults.
 */
export abstract class FakeProvider {
	readonly log: LoggedRequest[] = [];
	/** Every token this fake handed out: tests assert none of them is ever shown to a user. */
	readonly issuedTokens: string[] = [];
	/** Every Authorization header a token request carried (HTTP Basic holds the secret). */
	readonly tokenRequestAuthorizations: string[] = [];
	url = '';
	/** How long the fake takes to answer an API request, in ms (e.g. 50, an API's latency). */
	apiLatencyMs: (request: FakeRequest) => number = () => 0;
	/** When set, API requests beyond this many per second (a window from each whole second) get 429 and Retry-After. */
	apiRequestsPerSecond?: number;
	/** A fault for the API requests it returns one for, e.g. the second page of a list. */
	apiFault?: (request: FakeRequest) => Fault | undefined;
	/** Rewrites every answer to an API request (faults included), e.g. to echo what the request carried. */
	apiReply?: (request: FakeRequest, reply: Reply) => Reply;
	/** Requests of any kind the fake is answering now. */
	inFlight = 0;
	/** The most API requests the fake was answering at one time. */
	maxApiInFlight = 0;
	private apiInFlight = 0;
	private apiWindows = new Map<number, number>();
	/**
	 * The provider's clock is ours plus this (a provider whose clock is off): it issues and checks
	 * expiries on it, and says it in its Date header.
	 */
	clockSkewMs = 0;
	/** A fault for any request it returns one for (the soak's faults, scheduled on its virtual clock). */
	scheduledFault?: (kind: string) => Fault | undefined;
	/** How a `slow` fault waits; the soak moves its virtual clock instead. */
	wait: (ms: number) => Promise<void> = async (ms) =>
		await new Promise((resolve) => setTimeout(resolve, ms));
	/**
	 * When set, the account locks after this many sign-ins refused in a row (as providers lock
	 * after repeated wrong passwords) and refuses every sign-in for `lockoutMs`; each sign-in
	 * refused because of the lock is counted in `lockouts`.
	 */
	lockoutAfter?: number;
	lockoutMs = 15 * 60_000;
	lockouts = 0;
	private refusedSignInsInARow = 0;
	private lockedUntil = -Infinity;
	private server?: Server;
	private faults: Array<{ kind: string; fault: Fault }> = [];
	private hanging = new Set<ServerResponse>();

	constructor(public tokenLifetimeSeconds = 3600) {}

	protected abstract handle(request: FakeRequest): Reply | Promise<Reply>;

	/** Which kind of request this is, so faults can target it before it is handled. */
	protected abstract kindOf(request: Pick<FakeRequest, 'method' | 'path' | 'query'>): string;

	async start(port = 0): Promise<string> {
		this.server = createServer((req, res) => void this.serve(req, res));
		await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
		const address = this.server.address() as AddressInfo;
		this.url = `http://localhost:${address.port}`;
		return this.url;
	}

	async stop(): Promise<void> {
		for (const res of this.hanging) res.destroy();
		this.server?.closeAllConnections();
		await new Promise<void>((resolve) =>
			this.server ? this.server.close(() => resolve()) : resolve(),
		);
	}

	/** The next `times` requests of this kind ('sign-in', 'refresh', 'api') get `fault`. */
	injectFault(kind: string, fault: Fault, times = 1): void {
		for (let i = 0; i < times; i++) this.faults.push({ kind, fault });
	}

	/** Drops every fault not yet used: the provider is back. */
	clearFaults(): void {
		this.faults.length = 0;
	}

	/** The provider's clock (see `clockSkewMs`). */
	now(): number {
		return Date.now() + this.clockSkewMs;
	}

	/** When the provider stops accepting `token`, on our clock; undefined for a token it never issued. */
	accessTokenExpiresAt(token: string): number | undefined {
		const { state, claims } = checkJwt(token);
		return state === 'valid' || state === 'expired'
			? Number(claims!.exp) * 1000 - this.clockSkewMs
			: undefined;
	}

	/** Whether the provider would still take `token` as a refresh token (for those that issue them). */
	refreshTokenIsLive(_token: string): boolean {
		return false;
	}

	/** Whether a sign-in now would be refused because of the sign-ins refused before it. */
	isLocked(): boolean {
		return this.now() < this.lockedUntil;
	}

	count(kind: string): number {
		return this.log.filter((entry) => entry.kind === kind).length;
	}

	/** API requests that carried a token the provider considers expired. */
	expiredTokenRequests(): number {
		return this.log.filter((entry) => entry.token === 'expired').length;
	}

	/** Records a token handed out, and returns it. */
	protected issued(token: string): string {
		this.issuedTokens.push(token);
		return token;
	}

	/** With `apiRequestsPerSecond`: the API requests counted against it in each whole second, from the first one's. */
	apiRequestsPerWindow(): number[] {
		const seconds = [...this.apiWindows.keys()];
		const first = Math.min(...seconds);
		return Array.from(
			{ length: Math.max(...seconds) - first + 1 },
			(_, index) => this.apiWindows.get(first + index) ?? 0,
		);
	}

	/** The answer to an API request beyond `apiRequestsPerSecond`, if it is one. */
	private rateLimited(kind: string): Reply | undefined {
		if (kind !== 'api' || this.apiRequestsPerSecond === undefined) return undefined;
		const now = Date.now();
		const second = Math.floor(now / 1000);
		const count = (this.apiWindows.get(second) ?? 0) + 1;
		this.apiWindows.set(second, count);
		if (count <= this.apiRequestsPerSecond) return undefined;
		return {
			kind,
			status: 429,
			body: { message: 'Too many requests' },
			headers: { 'Retry-After': String(Math.ceil((second * 1000 + 1000 - now) / 1000)) },
		};
	}

	/** With `lockoutAfter`: a refused sign-in (4xx but 429) counts towards the lock, a success resets it. */
	private countSignIn({ kind, status }: Reply): void {
		if (kind !== 'sign-in' || this.lockoutAfter === undefined) return;
		if (status >= 200 && status < 300) this.refusedSignInsInARow = 0;
		if (status < 400 || status >= 500 || status === 429) return;
		this.refusedSignInsInARow += 1;
		if (this.refusedSignInsInARow >= this.lockoutAfter && !this.isLocked()) {
			this.lockedUntil = this.now() + this.lockoutMs;
			this.refusedSignInsInARow = 0;
		}
	}

	clearLog(): void {
		this.log.length = 0;
	}

	private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const rawBody = Buffer.concat(chunks).toString('utf8');
		const url = new URL(req.url ?? '/', 'http://fake');
		const contentType = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
		const request: FakeRequest = {
			method: req.method ?? 'GET',
			path: url.pathname,
			query: url.searchParams,
			headers: req.headers,
			contentType,
			rawBody,
			body: parseBody(contentType, rawBody),
		};
		const kind = this.kindOf(request);
		const receivedAt = Date.now();
		this.inFlight += 1;
		res.on('close', () => (this.inFlight -= 1));
		if (kind === 'api') {
			this.apiInFlight += 1;
			this.maxApiInFlight = Math.max(this.maxApiInFlight, this.apiInFlight);
			res.on('close', () => (this.apiInFlight -= 1));
			const latency = this.apiLatencyMs(request);
			if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
		}
		const authorization = request.headers.authorization;
		if (kind !== 'api' && authorization) this.tokenRequestAuthorizations.push(authorization);
		const faultIndex = this.faults.findIndex((entry) => entry.kind === kind);
		let matched = kind === 'api' ? this.apiFault?.(request) : undefined;
		if (!matched && faultIndex < 0) matched = this.scheduledFault?.(kind);
		if (matched?.type === 'slow') {
			await this.wait(matched.ms);
			matched = undefined;
		}
		let reply: Reply;
		if (kind === 'sign-in' && this.isLocked()) {
			this.lockouts += 1;
			reply = {
				kind,
				status: 400,
				body: {
					error: 'invalid_grant',
					error_description: 'The account is locked after repeated failed sign-ins',
				},
			};
		} else if (matched || faultIndex >= 0) {
			const fault = matched ?? this.faults.splice(faultIndex, 1)[0].fault;
			if (fault.type === 'reset' || fault.type === 'hang' || fault.type === 'drip') {
				this.log.push({
					at: Date.now(),
					receivedAt,
					method: request.method,
					path: request.path,
					kind,
					status: 0,
				});
				if (fault.type === 'reset') req.socket.destroy();
				else this.hanging.add(res);
				if (fault.type === 'drip') drip(res);
				return;
			}
			if (fault.type === 'slow') {
				await this.wait(fault.ms);
				reply = await this.handle(request);
			} else reply = { ...faultReply(fault), kind };
			this.countSignIn(reply);
		} else {
			reply = this.rateLimited(kind) ?? (await this.handle(request));
			this.countSignIn(reply);
		}
		if (kind === 'api' && this.apiReply) reply = this.apiReply(request, reply);
		this.log.push({
			at: Date.now(),
			receivedAt,
			method: request.method,
			path: request.path,
			kind: reply.kind,
			token: reply.token,
			status: reply.status,
		});
		const isText = typeof reply.body === 'string';
		res.writeHead(reply.status, {
			'Content-Type': isText ? 'text/html; charset=utf-8' : 'application/json',
			...(this.clockSkewMs !== 0 ? { Date: new Date(this.now()).toUTCString() } : {}),
			...reply.headers,
		});
		res.end(
			reply.body === undefined ? '' : isText ? (reply.body as string) : JSON.stringify(reply.body),
		);
	}
}

function parseBody(contentType: string, rawBody: string): Record<string, unknown> | undefined {
	if (rawBody === '') return undefined;
	if (contentType === 'application/json') {
		try {
			return JSON.parse(rawBody) as Record<string, unknown>;
		} catch {
			return undefined;
		}
	}
	if (contentType === 'application/x-www-form-urlencoded') {
		return Object.fromEntries(new URLSearchParams(rawBody));
	}
	return undefined;
}

function drip(res: ServerResponse): void {
	res.writeHead(200, { 'Content-Type': 'application/json' });
	res.write('{"access_token":');
	const timer = setInterval(() => res.write(' '), 2000);
	res.on('close', () => clearInterval(timer));
}

function faultReply(
	fault: Exclude<Fault, { type: 'hang' } | { type: 'drip' } | { type: 'reset' } | { type: 'slow' }>,
): Omit<Reply, 'kind'> {
	switch (fault.type) {
		case 'status':
			return {
				status: fault.status,
				body:
					typeof fault.body === 'function'
						? (fault.body as () => unknown)()
						: (fault.body ?? { message: `injected ${fault.status}` }),
				headers: fault.headers,
			};
		case 'html':
			return {
				status: fault.status ?? 200,
				body: '<!DOCTYPE html><html><body><h1>Sign in</h1></body></html>',
			};
		case 'malformedJson':
			return {
				status: 200,
				body: '{"token": "abc',
				headers: { 'Content-Type': 'application/json' },
			};
		case 'noToken':
			return { status: 200, body: { ok: true, detail: 'no token here' } };
	}
}

export function newId(): string {
	return randomBytes(8).toString('hex');
}
