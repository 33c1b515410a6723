import { bearerOf, checkJwt, FakeProvider, newId, signJwt } from './fakeProvider';
import type { FakeRequest, Reply } from './fakeProvider';

export const CULTURE_AMP_ENTITY_ID = '8ed17dce-9eca-4383-a9e1-54f82c362b6d';

export interface CultureAmpClient {
	id: string;
	secret: string;
	/** The permissions Culture Amp gave this API client: a token gets only these. */
	permissions: string[];
}

export interface CultureAmpSignIn {
	clientId: string;
	/** How the client sent its id and secret. */
	location: 'body' | 'header';
	scope: string;
	/** The raw form body, to check what was (not) sent. */
	rawBody: string;
}

/** The spec's Employee schema. */
export interface Employee {
	id: string;
	employeeIdentifier: string;
	email: string;
	name: string;
	preferredName: string;
	birthDate: string;
	startDate: string;
	endDate: string | null;
	links: Array<{ rel: string; href: string }>;
	processedAt: string;
}

/** A processedAt later than every record the fake starts with, one second per n. */
export const processedAfterSeed = (n: number): string =>
	new Date(Date.UTC(2025, 0, 1, 0, 0, n)).toISOString();

/** The n-th employee added while a trigger watches (the fields a list answer's record has). */
export const newEmployee = (n: number): Employee =>
	({
		id: `new-employee-${n}`,
		employeeIdentifier: `new-${n}`,
		email: `new${n}@example.com`,
		name: `New ${n}`,
		processedAt: processedAfterSeed(n),
	}) as Employee;

const SCOPE = /^target-entity:([^:]+):([a-z0-9-]+(?:,[a-z0-9-]+)*)$/;

/**
 * Culture Amp, from "Culture Amp, Authentication" (https://docs.api.cultureamp.com/docs/customer-guide-authentication) and the public API spec
 * (https://api.cultureamp.com/spec): `POST /v1/oauth2/token`, form-encoded only, with the
 * client id and secret in the form or a Basic header; a `target-entity:<entity>:<permissions>`
 * scope; a JWT access token with `expires_in` and the granted `scope`, no refresh token; list
 * endpoints paged with `pagination.nextPath`; HTTP 403 when the token lacks the permission.
 */
export class FakeCultureAmp extends FakeProvider {
	readonly clients: CultureAmpClient[];
	readonly signIns: CultureAmpSignIn[] = [];
	readonly employees: Employee[];
	readonly performanceCycles: Array<Record<string, unknown>> = [{ ...CYCLE }];
	readonly managerReviews: Array<Record<string, unknown>> = REVIEWS.map((review) => ({
		...review,
	}));
	readonly entityId = CULTURE_AMP_ENTITY_ID;
	/** Employees per page (records per page of every list). */
	readonly pageSize = 2;
	/** `host`: nextPath as in the docs' example ("/v1/…"); `server`: relative to the /v1 server URL. */
	nextPathStyle: 'host' | 'server' = 'host';
	/** A broken API that points every page at the same next page. */
	repeatNextPage = false;

	constructor(
		options: {
			tokenLifetimeSeconds?: number;
			clients?: CultureAmpClient[];
		} = {},
	) {
		super(options.tokenLifetimeSeconds ?? 3599);
		this.clients = options.clients ?? [
			{
				id: 'demo-client',
				secret: 'demo-secret-0123456789',
				permissions: ['employees-read', 'performance-evaluations-read'],
			},
		];
		this.employees = Array.from({ length: 5 }, (_, index) => ({
			id: `0000000${index + 1}-3099-44a9-bd28-0292be8aff7f`,
			employeeIdentifier: String(index + 1),
			email: `employee${index + 1}@example.com`,
			name: `Employee ${index + 1}`,
			preferredName: `Em ${index + 1}`,
			birthDate: '1990-01-01',
			startDate: '2020-02-01',
			endDate: null,
			links: [
				{
					rel: 'demographics',
					href: `/v1/employees/0000000${index + 1}-3099-44a9-bd28-0292be8aff7f/demographics`,
				},
			],
			processedAt: '2024-01-01T00:00:00Z',
		}));
	}

	protected kindOf({ method, path }: Pick<FakeRequest, 'method' | 'path'>): string {
		if (method === 'POST' && path === '/v1/oauth2/token') return 'sign-in';
		return path.startsWith('/v1/') ? 'api' : 'unknown';
	}

	protected handle(request: FakeRequest): Reply {
		if (this.kindOf(request) === 'sign-in') return this.token(request);
		return this.api(request);
	}

	private token(request: FakeRequest): Reply {
		const fail = (status: number, error: string, description: string): Reply => ({
			kind: 'sign-in',
			status,
			body: { error, error_description: description },
		});
		if (request.contentType !== 'application/x-www-form-urlencoded') {
			return fail(
				400,
				'invalid_request',
				'Content-Type must be application/x-www-form-urlencoded and the body form encoded',
			);
		}
		const form = request.body as Record<string, string>;
		if (form.grant_type !== 'client_credentials')
			return fail(400, 'unsupported_grant_type', 'grant_type must be client_credentials');

		const basic = /^Basic (.+)$/.exec(request.headers.authorization ?? '')?.[1];
		if (basic && (form.client_id || form.client_secret)) {
			return fail(
				400,
				'invalid_request',
				'Send the client credentials in the header or the body, not both',
			);
		}
		const [id, secret] = basic
			? splitOnce(Buffer.from(basic, 'base64').toString('utf8'), ':')
			: [form.client_id, form.client_secret];
		const client = this.clients.find((c) => c.id === id && c.secret === secret);
		if (!client) return fail(401, 'invalid_client', 'Client authentication failed');

		const scope = SCOPE.exec(form.scope ?? '');
		if (!scope)
			return fail(
				400,
				'invalid_scope',
				'scope must be target-entity:<entity id>:<comma separated list of permissions>',
			);
		if (scope[1] !== this.entityId)
			return fail(400, 'invalid_scope', `Unknown target entity ${scope[1]}`);
		const granted = scope[2].split(',').filter((name) => client.permissions.includes(name));
		if (granted.length === 0)
			return fail(
				400,
				'invalid_scope',
				'None of the requested permissions are granted to this client',
			);

		this.signIns.push({
			clientId: client.id,
			location: basic ? 'header' : 'body',
			scope: form.scope,
			rawBody: request.rawBody,
		});
		const iat = this.now() / 1000;
		const grantedScope = `target-entity:${this.entityId}:${granted.join(',')}`;
		const accessToken = signJwt({
			sub: client.id,
			scope: grantedScope,
			iat,
			exp: iat + this.tokenLifetimeSeconds,
			jti: newId(),
		});
		return {
			kind: 'sign-in',
			status: 200,
			body: {
				access_token: this.issued(accessToken),
				expires_in: this.tokenLifetimeSeconds,
				scope: grantedScope,
				token_type: 'Bearer',
			},
		};
	}

	private api(request: FakeRequest): Reply {
		const { state, claims } = checkJwt(bearerOf(request), this.now());
		const reply = (status: number, body: unknown): Reply => ({
			kind: 'api',
			token: state,
			status,
			body,
		});
		if (state !== 'valid')
			return reply(401, {
				code: 401,
				message: state === 'expired' ? 'Token expired' : 'Unauthorized',
			});
		const route = ROUTES.find((r) => request.method === 'GET' && r.pattern.test(request.path));
		if (!route)
			return reply(404, { code: 404, message: `No route ${request.method} ${request.path}` });
		const permissions = String(claims!.scope).split(':')[2].split(',');
		if (!permissions.includes(route.permission))
			return reply(403, { code: 403, message: 'Forbidden' });
		const id = route.pattern.exec(request.path)![1];
		return route.answer(this, request, id, reply);
	}

	/** One page of `records` at the request's cursor, with `pagination.nextPath` when more follow. */
	page(
		request: FakeRequest,
		records: unknown[],
		reply: (status: number, body: unknown) => Reply,
	): Reply {
		const cursor = request.query.get('cursor') ?? request.query.get('after_key');
		const start = cursor === null ? 0 : Number(Buffer.from(cursor, 'base64url').toString('utf8'));
		if (!Number.isInteger(start) || start < 0 || start > records.length)
			return reply(400, { code: 400, message: 'Invalid cursor' });
		const end = start + this.pageSize;
		const body: Record<string, unknown> = { data: records.slice(start, end) };
		if (end < records.length) {
			const afterKey = Buffer.from(String(this.repeatNextPage ? this.pageSize : end)).toString(
				'base64url',
			);
			const path =
				this.nextPathStyle === 'server' ? request.path.replace(/^\/v1/, '') : request.path;
			body.pagination = { afterKey, nextPath: `${path}?cursor=${afterKey}` };
		}
		return reply(200, body);
	}
}

type Answer = (
	fake: FakeCultureAmp,
	request: FakeRequest,
	id: string,
	reply: (status: number, body: unknown) => Reply,
) => Reply;

const CYCLE = {
	id: 'b6505a73-d45f-4091-b3fb-74997de4cdc6',
	name: 'H1 performance cycle',
	state: 'active',
	processedAt: '2024-02-01T00:00:00Z',
};
/** The spec's ManagerReview schema, as in its example. */
const REVIEWS = [1, 2, 3].map((n) => ({
	managerReviewId: `b6505a73-d45f-4091-b3fb-74997de4cd0${n}`,
	performanceCycleId: CYCLE.id,
	employeeId: `0000000${n}-3099-44a9-bd28-0292be8aff7f`,
	managerId: '00000005-3099-44a9-bd28-0292be8aff7f',
	performanceRating: {
		ratingQuestion: { title: "How would you rate the employee's performance?" },
		ratingBuckets: [{ title: 'Outstanding', value: 2 }],
	},
	openTextQuestions: [
		{
			id: 'e79b5eed-c761-4d3a-b91e-5906ff0b7954',
			text: 'What should this employee celebrate this year?',
			answer: 'Breaking a record for sales',
		},
	],
	reviewAcknowledged: true,
	status: 'completed',
	completedAt: `2024-02-0${n}T00:00:00Z`,
	processedAt: `2024-02-0${n}T00:00:00Z`,
}));

/** `after_date`: only the records processed after it. */
function processedAfter(request: FakeRequest, records: Array<Record<string, unknown>>) {
	const after = request.query.get('after_date');
	if (after === null) return records;
	return records.filter((record) => Date.parse(String(record.processedAt)) > Date.parse(after));
}

const ROUTES: Array<{ pattern: RegExp; permission: string; answer: Answer }> = [
	{
		pattern: /^\/v1\/employees\/?()$/,
		permission: 'employees-read',
		answer: (fake, request, _id, reply) => {
			const identifier = request.query.get('employee_identifier');
			const email = request.query.get('email');
			const matching = fake.employees.filter((e) =>
				identifier !== null
					? e.employeeIdentifier === identifier
					: email === null || e.email === email,
			);
			return fake.page(request, matching, reply);
		},
	},
	{
		pattern: /^\/v1\/employees\/([^/]+)\/demographics$/,
		permission: 'employee-demographics-read',
		answer: (_fake, _request, _id, reply) =>
			reply(200, { data: [{ name: 'Department', value: 'Engineering' }] }),
	},
	{
		pattern: /^\/v1\/employees\/([^/]+)\/manager-reviews$/,
		permission: 'performance-evaluations-read',
		answer: (fake, request, id, reply) =>
			fake.page(
				request,
				fake.managerReviews.filter((r) => r.employeeId === id),
				reply,
			),
	},
	{
		pattern: /^\/v1\/employees\/([^/]+)$/,
		permission: 'employees-read',
		answer: (fake, _request, id, reply) => {
			const employee = fake.employees.find((e) => e.id === id);
			return employee
				? reply(200, { data: employee })
				: reply(404, { code: 404, message: 'Employee not found' });
		},
	},
	{
		pattern: /^\/v1\/performance-cycles\/?()$/,
		permission: 'performance-evaluations-read',
		answer: (fake, request, _id, reply) =>
			fake.page(request, processedAfter(request, fake.performanceCycles), reply),
	},
	{
		pattern: /^\/v1\/performance-cycles\/([^/]+)\/manager-reviews$/,
		permission: 'performance-evaluations-read',
		answer: (fake, request, id, reply) =>
			fake.page(
				request,
				fake.managerReviews.filter((r) => r.performanceCycleId === id),
				reply,
			),
	},
	{
		pattern: /^\/v1\/performance-cycles\/([^/]+)$/,
		permission: 'performance-evaluations-read',
		answer: (fake, _request, id, reply) => {
			const cycle = fake.performanceCycles.find((c) => c.id === id);
			return cycle
				? reply(200, { data: cycle })
				: reply(404, { code: 404, message: 'Performance cycle not found' });
		},
	},
	{
		pattern: /^\/v1\/manager-reviews\/?()$/,
		permission: 'performance-evaluations-read',
		answer: (fake, request, _id, reply) =>
			fake.page(request, processedAfter(request, fake.managerReviews), reply),
	},
	{
		pattern: /^\/v1\/manager-reviews\/([^/]+)$/,
		permission: 'performance-evaluations-read',
		answer: (fake, _request, id, reply) => {
			const review = fake.managerReviews.find((r) => r.managerReviewId === id);
			return review
				? reply(200, { data: review })
				: reply(404, { code: 404, message: 'Manager review not found' });
		},
	},
];

function splitOnce(text: string, separator: string): [string, string] {
	const at = text.indexOf(separator);
	return at < 0 ? [text, ''] : [text.slice(0, at), text.slice(at + 1)];
}
