import { randomBytes } from 'crypto';
import { FakeProvider, RefreshTokens } from './fakeProvider';
import type { FakeRequest, Reply, TokenState } from './fakeProvider';

export interface BlynkClient {
	id: string;
	secret: string;
	orgId: number;
}

export interface BlynkOrganization {
	id: number;
	name: string;
	parentOrganizationId?: number;
	tz: string;
	unitSystem: 'METRIC' | 'IMPERIAL';
	lastModifiedTs: number;
}

/** The n-th device added to organization `orgId` while a trigger watches. */
export const newDevice = (n: number, orgId: number): Record<string, unknown> => ({
	id: 5000 + n,
	name: `New Device ${n}`,
	orgId,
	templateId: 353,
});

/** One call to the token endpoint, as the fake understood it. */
export interface TokenRequest {
	grant: string;
	clientAuth: 'header' | 'query' | 'both' | 'none';
	clientId?: string;
	status: number;
}

export const DEMO_CLIENT: BlynkClient = {
	id: 'oa2-client-id_demo-organization',
	secret: 'demo-blynk-secret-0123456789',
	orgId: 658,
};

const DEVICE_PAGE = { defaultSize: 50, maxSize: 1000 };
const SEARCH_PAGE = { defaultSize: 20, maxSize: 100 };
const NOT_YOURS = "Organization is not found or you don't have access to it.";

function apiError(kind: string, status: number, message: string, token?: TokenState): Reply {
	return { kind, token, status, body: { error: { message } } };
}

function oauthError(kind: string, status: number, error: string, description: string): Reply {
	return { kind, status, body: { error, error_description: description } };
}

/**
 * Blynk.Cloud's Organization API, from "Blynk Organization API, Authentication" (https://docs.blynk.io/en/blynk.cloud/platform-https-api/authentication)
 * and the Platform API reference: `POST /oauth2/token` with everything in the query string
 * (`grant_type=client_credentials`, or `grant_type=refresh_token&refresh_token=...`), the
 * client authenticated by HTTP Basic or by `client_id`/`client_secret` query parameters,
 * opaque bearer tokens with `expires_in`, refresh tokens spent once, and paged read endpoints
 * (`page` from 0, `size`) answering `{ content, totalElements }`; one device by
 * `GET /api/v1/organization/device?deviceId=` (Organization API, Get Device Info).
 */
export class FakeBlynk extends FakeProvider {
	readonly refreshTokens = new RefreshTokens();
	readonly tokenRequests: TokenRequest[] = [];
	/** Path and query of every API call, e.g. `/api/v1/organization/devices?page=0&size=1000`. */
	readonly apiRequests: string[] = [];
	readonly clients: BlynkClient[];
	readonly organizations: BlynkOrganization[] = [
		{
			id: 658,
			name: 'Demo Organization',
			tz: 'Europe/Kyiv',
			unitSystem: 'METRIC',
			lastModifiedTs: 1694707051504,
		},
		{
			id: 751,
			name: 'Greenhouse North',
			parentOrganizationId: 658,
			tz: 'Europe/Kyiv',
			unitSystem: 'METRIC',
			lastModifiedTs: 1703068747351,
		},
		{
			id: 752,
			name: 'Greenhouse South',
			parentOrganizationId: 658,
			tz: 'Europe/Lisbon',
			unitSystem: 'METRIC',
			lastModifiedTs: 1703068747352,
		},
		{
			id: 900,
			name: 'Someone Else Inc',
			tz: 'America/New_York',
			unitSystem: 'IMPERIAL',
			lastModifiedTs: 1703068747353,
		},
	];
	readonly devices: Array<Record<string, unknown>>;
	readonly users: Array<Record<string, unknown>>;
	private readonly accessTokens = new Map<string, { client: BlynkClient; expiresAt: number }>();

	constructor(
		options: {
			tokenLifetimeSeconds?: number;
			clients?: BlynkClient[];
			deviceCount?: number;
			userCount?: number;
		} = {},
	) {
		super(options.tokenLifetimeSeconds ?? 86_400);
		this.clients = options.clients ?? [DEMO_CLIENT];
		const deviceCount = options.deviceCount ?? 7;
		this.devices = [
			...Array.from({ length: deviceCount }, (_, i) =>
				this.device(1000 + i, `Sensor ${i + 1}`, 658),
			),
			this.device(2001, 'North Valve', 751),
			this.device(2002, 'South Valve', 752),
			this.device(9001, 'Foreign Device', 900),
		];
		this.users = Array.from({ length: options.userCount ?? 5 }, (_, i) => ({
			id: 1080 + i,
			name: `Member ${i + 1}`,
			email: `member${i + 1}@example.com`,
			roleId: 3,
			orgId: 658,
			isDev: false,
		}));
	}

	private device(id: number, name: string, orgId: number): Record<string, unknown> {
		return {
			id,
			name,
			templateId: 353,
			originalTemplateId: 353,
			orgId,
			token: `device-token-${id}`,
			ownerUserId: 1080,
			activatedAt: 1702480430139,
			status: 'OFFLINE',
			hardwareInfo: { version: '1.0.0', boardType: 'ESP8266', templateId: 'TMPL0NqfCLjWX' },
		};
	}

	clearLog(): void {
		super.clearLog();
		this.tokenRequests.length = 0;
		this.apiRequests.length = 0;
	}

	refreshTokenIsLive(token: string): boolean {
		return this.refreshTokens.isLive(token);
	}

	accessTokenExpiresAt(token: string): number | undefined {
		const known = this.accessTokens.get(token);
		return known && known.expiresAt - this.clockSkewMs;
	}

	protected kindOf({
		method,
		path,
		query,
	}: Pick<FakeRequest, 'method' | 'path' | 'query'>): string {
		if (method === 'POST' && path === '/oauth2/token') {
			return query.get('grant_type') === 'refresh_token' ? 'refresh' : 'sign-in';
		}
		return path.startsWith('/api/') ? 'api' : 'unknown';
	}

	protected handle(request: FakeRequest): Reply {
		const kind = this.kindOf(request);
		if (kind === 'sign-in' || kind === 'refresh') return this.token(request, kind);
		if (kind === 'unknown')
			return apiError(kind, 404, `No route ${request.method} ${request.path}`);
		this.apiRequests.push(
			request.query.size ? `${request.path}?${request.query.toString()}` : request.path,
		);
		const { state, client } = this.bearer(request);
		if (state !== 'valid')
			return apiError(kind, 401, state === 'expired' ? 'Token expired.' : 'Unauthorized.', state);
		return { ...this.api(request, client!, kind), token: state };
	}

	/** The client, authenticated the documented ways: HTTP Basic, or query parameters. */
	private client(request: FakeRequest): {
		auth: TokenRequest['clientAuth'];
		id?: string;
		client?: BlynkClient;
	} {
		const header = request.headers.authorization ?? '';
		const basic = header.startsWith('Basic ')
			? Buffer.from(header.slice(6), 'base64').toString('utf8')
			: undefined;
		const inQuery = request.query.has('client_id') || request.query.has('client_secret');
		if (basic !== undefined && inQuery) return { auth: 'both' };
		let id: string | undefined;
		let secret: string | undefined;
		if (basic !== undefined)
			[id, secret] = [basic.slice(0, basic.indexOf(':')), basic.slice(basic.indexOf(':') + 1)];
		else if (inQuery)
			[id, secret] = [
				request.query.get('client_id') ?? '',
				request.query.get('client_secret') ?? '',
			];
		const auth = basic !== undefined ? 'header' : inQuery ? 'query' : 'none';
		return { auth, id, client: this.clients.find((c) => c.id === id && c.secret === secret) };
	}

	private token(request: FakeRequest, kind: string): Reply {
		const { auth, id, client } = this.client(request);
		const grant = request.query.get('grant_type') ?? '';
		const reply = ((): Reply => {
			if (auth === 'both')
				return oauthError(kind, 400, 'invalid_request', 'Use one client authentication method.');
			if (!client)
				return oauthError(
					kind,
					401,
					'invalid_client',
					'Client ID is not found or password is wrong.',
				);
			if (grant === 'client_credentials') return { kind, status: 200, body: this.issue(client) };
			if (grant !== 'refresh_token')
				return oauthError(
					kind,
					400,
					'unsupported_grant_type',
					`Unsupported grant type "${grant}".`,
				);
			const spent = this.refreshTokens.spend(request.query.get('refresh_token'));
			if ('refused' in spent || spent.subject !== client.id) {
				return oauthError(kind, 400, 'invalid_grant', 'Refresh token is invalid or expired.');
			}
			return { kind, status: 200, body: this.issue(client) };
		})();
		this.tokenRequests.push({ grant, clientAuth: auth, clientId: id, status: reply.status });
		return reply;
	}

	private issue(client: BlynkClient): Record<string, unknown> {
		const accessToken = this.issued(randomBytes(30).toString('base64url'));
		this.accessTokens.set(accessToken, {
			client,
			expiresAt: this.now() + this.tokenLifetimeSeconds * 1000,
		});
		return {
			access_token: accessToken,
			token_type: 'Bearer',
			expires_in: this.tokenLifetimeSeconds,
			refresh_token: this.issued(this.refreshTokens.issue(client.id)),
		};
	}

	private bearer(request: FakeRequest): { state: TokenState; client?: BlynkClient } {
		const header = request.headers.authorization ?? '';
		if (!header.startsWith('Bearer ')) return { state: 'missing' };
		const known = this.accessTokens.get(header.slice('Bearer '.length));
		if (!known) return { state: 'invalid' };
		return { state: known.expiresAt > this.now() ? 'valid' : 'expired', client: known.client };
	}

	/** The organization and every sub-organization below it. */
	private visibleOrgIds(rootId: number): number[] {
		const below = this.organizations
			.filter((o) => o.parentOrganizationId === rootId)
			.flatMap((o) => this.visibleOrgIds(o.id));
		return [rootId, ...below];
	}

	private api(request: FakeRequest, client: BlynkClient, kind: string): Reply {
		if (request.method !== 'GET')
			return apiError(kind, 405, `Method ${request.method} is not supported here.`);
		const q = request.query;
		const visible = this.visibleOrgIds(client.orgId);
		const own = this.organizations.find((o) => o.id === client.orgId)!;
		switch (request.path) {
			case '/api/v1/organization/profile':
				return { kind, status: 200, body: own };
			case '/api/v1/organization': {
				const org = this.organizations.find((o) => String(o.id) === q.get('orgId'));
				if (!q.get('orgId')) return apiError(kind, 400, 'orgId is required.');
				return org && visible.includes(org.id)
					? { kind, status: 200, body: org }
					: apiError(kind, 404, NOT_YOURS);
			}
			case '/api/v1/organization/device': {
				const device = this.devices.find((d) => String(d.id) === q.get('deviceId'));
				return device && visible.includes(device.orgId as number)
					? { kind, status: 200, body: device }
					: apiError(
							kind,
							404,
							`Device with identifier ${q.get('deviceId')} is not found or belong to another organization.`,
						);
			}
			case '/api/v1/organization/devices': {
				const orgId = q.has('orgId') ? Number(q.get('orgId')) : client.orgId;
				if (!visible.includes(orgId)) return apiError(kind, 404, NOT_YOURS);
				const orgs = q.get('includeSubOrgDevices') === 'true' ? this.visibleOrgIds(orgId) : [orgId];
				return this.page(
					kind,
					q,
					DEVICE_PAGE,
					this.devices.filter((d) => orgs.includes(d.orgId as number)),
				);
			}
			case '/api/v1/organization/search/devices':
				return this.search(
					kind,
					q,
					DEVICE_PAGE,
					this.devices.filter((d) => visible.includes(d.orgId as number)),
					['name'],
				);
			case '/api/v1/organization/search/users':
				return this.search(
					kind,
					q,
					SEARCH_PAGE,
					this.users.filter((u) => visible.includes(u.orgId as number)),
					['name', 'email'],
				);
			case '/api/v1/organization/search':
				return this.search(
					kind,
					q,
					SEARCH_PAGE,
					this.organizations
						.filter((o) => o.id !== own.id && visible.includes(o.id))
						.map((o) => ({ ...o })),
					['name'],
				);
			default:
				return apiError(kind, 404, `No route GET ${request.path}`);
		}
	}

	private search(
		kind: string,
		q: URLSearchParams,
		limits: typeof SEARCH_PAGE,
		records: Array<Record<string, unknown>>,
		fields: string[],
	): Reply {
		const text = (q.get('query') ?? '').trim().toLowerCase();
		if (text === '' || text.length > 255)
			return apiError(kind, 400, 'Search query should be from 1 to 255 symbols.');
		const found = records.filter((r) =>
			fields.some((f) => String(r[f]).toLowerCase().includes(text)),
		);
		return this.page(kind, q, limits, found);
	}

	private page(
		kind: string,
		q: URLSearchParams,
		limits: typeof SEARCH_PAGE,
		records: unknown[],
	): Reply {
		const page = q.has('page') ? Number(q.get('page')) : 0;
		const size = q.has('size') ? Number(q.get('size')) : limits.defaultSize;
		if (!Number.isInteger(page) || page < 0)
			return apiError(kind, 400, 'Page number should be 0 or more.');
		if (!Number.isInteger(size) || size < 1 || size > limits.maxSize) {
			return apiError(kind, 400, `Page size should be from 1 to ${limits.maxSize}.`);
		}
		return {
			kind,
			status: 200,
			body: {
				content: records.slice(page * size, (page + 1) * size),
				totalElements: records.length,
			},
		};
	}
}
