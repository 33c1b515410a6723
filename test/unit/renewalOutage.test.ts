import type { IDataObject, IHttpRequestHelper, IHttpRequestOptions } from 'n8n-workflow';
import { drawRenewalJitter } from '../../package/credentials/common/expiry';
import { ownerOf } from '../../package/credentials/common/identity';
import { obtainToken } from '../../package/credentials/common/lifecycle';
import { signRequest } from '../../package/credentials/common/signing';
import type { Credentials } from '../../package/credentials/common/types';
import { ourPeople } from '../../package/credentials/providers/ourPeople';
import { errorOf, fakeHttp, jwt, seconds, uniqueCredentials } from './helpers';
import type { Reply } from './helpers';

/**
 * A renewal that fails while the held token still lives does not fail the request (issue 28):
 * n8n is played as it runs the hooks (sign, and on the 401 signal renew once and sign again),
 * on a clock the test moves. Tokens live an hour: renewal opens 5 min before expiry (the
 * process's renewal point is pinned to the window's start), the safety floor is 30 s.
 */
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const T = Date.parse('2031-03-01T08:00:00.000Z');
const RENEWAL = T + HOUR - 5 * MINUTE;
const FLOOR = T + HOUR - 30_000;

let now = T;
beforeEach(() => {
	now = T;
	jest.spyOn(Date, 'now').mockImplementation(() => now);
	drawRenewalJitter(() => 0);
});
afterEach(() => {
	jest.restoreAllMocks();
	drawRenewalJitter();
});

/** An hour-long token issued at `issuedAt`, as n8n stores it. */
function stored(
	credentials: Credentials,
	name: string,
	issuedAt = T,
	refreshToken = '',
): Credentials {
	const accessToken = jwt({
		sub: name,
		jti: String(credentials.clientId),
		iat: seconds(issuedAt),
		exp: seconds(issuedAt + HOUR),
	});
	return {
		...credentials,
		accessToken,
		refreshToken,
		tokenIssuedAt: new Date(issuedAt).toISOString(),
		tokenExpiresAt: new Date(issuedAt + HOUR).toISOString(),
		tokenOwner: ownerOf(ourPeople, credentials, accessToken),
	};
}

/** A token answer; the token's JWT is issued at `issuedAt` (when the test's clock will answer). */
const fresh = (name: string, refreshToken?: string, issuedAt = now): Reply => ({
	statusCode: 200,
	body: {
		token: jwt({ sub: name, iat: seconds(issuedAt), exp: seconds(issuedAt + HOUR) }),
		refresh_token: refreshToken,
	},
});
const down: Reply = { statusCode: 503, body: { error: 'temporarily_unavailable' } };

/** n8n's httpRequestWithAuthentication up to sending: the token the request carries, or the error. */
class N8n {
	constructor(
		public credentials: Credentials,
		private readonly http: IHttpRequestHelper,
	) {}

	async send(): Promise<string> {
		const request: IHttpRequestOptions = { url: `${this.credentials.apiUrl}/v1/users` };
		try {
			return this.tokenOf(signRequest(ourPeople, { ...this.credentials }, request));
		} catch (error) {
			if ((error as { response?: IDataObject }).response?.status !== 401) throw error;
		}
		const fields = await obtainToken(ourPeople, this.http, { ...this.credentials });
		this.credentials = { ...this.credentials, ...fields } as Credentials;
		return this.tokenOf(signRequest(ourPeople, { ...this.credentials }, request));
	}

	private tokenOf(signed: IHttpRequestOptions): string {
		const bearer = String(signed.headers?.Authorization).replace('Bearer ', '');
		const exp = JSON.parse(Buffer.from(bearer.split('.')[1], 'base64url').toString()).exp;
		// The provider's view: an expired token sent would be a failure the user sees.
		if (exp * 1000 <= now) throw new Error('an expired token was sent');
		return JSON.parse(Buffer.from(bearer.split('.')[1], 'base64url').toString()).sub;
	}
}

function rig(name: string, ...replies: Reply[]) {
	const { http, calls } = fakeHttp(...replies);
	return { n8n: new N8n(stored(uniqueCredentials(), name), http), calls };
}

describe('a token endpoint failing inside the renewal window, the held token alive', () => {
	it.each<[string, Reply]>([
		['HTTP 500', { statusCode: 500, body: 'oops' }],
		['no answer', { throws: Object.assign(new Error('timeout'), { code: 'ECONNABORTED' }) }],
		['an answer without a token', { statusCode: 200, body: { ok: true } }],
		['HTTP 429 without Retry-After', { statusCode: 429, body: { message: 'slow down' } }],
	])(
		'signs with the held token when it answers %s, and renews once it is back',
		async (_, fault) => {
			const { n8n, calls } = rig('held', fault, fresh('renewed'));
			now = RENEWAL + 1000;
			expect(await n8n.send()).toBe('held');
			expect(calls).toHaveLength(1);
			// Within the backoff nothing asks the provider, and requests go on with the held token.
			now += 4_000;
			expect(await n8n.send()).toBe('held');
			expect(calls).toHaveLength(1);
			now += 6_001;
			expect(await n8n.send()).toBe('renewed');
			expect(calls).toHaveLength(2);
			expect(await n8n.send()).toBe('renewed');
			expect(calls).toHaveLength(2);
		},
	);

	it('backs off (5 s, doubling, at most a minute) and tries a last time a second before the floor, then reports', async () => {
		const { n8n, calls } = rig('held', ...Array<Reply>(20).fill(down));
		const asked: number[] = [];
		for (now = RENEWAL; now < FLOOR; now += 1_000) {
			const before = calls.length;
			expect(await n8n.send()).toBe('held');
			if (calls.length > before) asked.push((now - RENEWAL) / 1000);
		}
		expect(asked).toEqual([0, 5, 15, 35, 75, 135, 195, 255, 269]);
		const error = await errorOf(() => n8n.send());
		expect(error.message).toMatch(
			/^OurPeople sign-in failed \(HTTP 503\): temporarily_unavailable/,
		);
		expect(calls).toHaveLength(9);
		// After the floor, failures are still answered from memory, not asked again at once.
		now += 1_000;
		await errorOf(() => n8n.send());
		expect(calls).toHaveLength(9);
	});

	it('a client disabled before renewal, a request every 5 s for 40 min: never 5 refusals within 15 min', async () => {
		const rejected = { statusCode: 401, body: { message: 'Invalid client id or secret' } };
		const { n8n, calls } = rig('held', ...Array<Reply>(50).fill(rejected));
		const refusedAt: number[] = [];
		let firstFailure: number | undefined;
		for (now = RENEWAL; now < RENEWAL + 40 * MINUTE; now += 5_000) {
			const before = calls.length;
			const failed = await n8n.send().then(
				() => false,
				() => true,
			);
			if (calls.length > before) refusedAt.push(now);
			if (failed && firstFailure === undefined) firstFailure = now;
		}
		expect(firstFailure).toBeGreaterThanOrEqual(FLOOR);
		for (const at of refusedAt) {
			expect(refusedAt.filter((t) => t >= at && t < at + 15 * MINUTE).length).toBeLessThanOrEqual(
				4,
			);
		}
	});

	it('still falls back to sign-in when the refresh token is rejected, the held token alive', async () => {
		const { http, calls } = fakeHttp(
			{ statusCode: 401, body: { message: 'refresh token already used' } },
			fresh('signed in', 'refresh-2'),
		);
		const n8n = new N8n(stored(uniqueCredentials(), 'held', T, 'refresh-1'), http);
		now = RENEWAL;
		expect(await n8n.send()).toBe('signed in');
		expect(calls.map((call) => String(call.url).replace(/^.*\/v1/, ''))).toEqual([
			'/auth/refresh',
			'/auth',
		]);
		expect(n8n.credentials.refreshToken).toBe('refresh-2');
	});

	it('does not fall back when a renewal is asked for while the token is fresh (Test, an API 401)', async () => {
		const { n8n, calls } = rig('held', down);
		now = T + MINUTE;
		const error = await errorOf(() =>
			obtainToken(ourPeople, fakeHttpOf(calls, down), n8n.credentials),
		);
		expect(error.message).toMatch(/HTTP 503/);
	});

	it('reports a configuration problem of the token request at once, held token or not', async () => {
		// A provider whose sign-in goes to another host than its API, which Allowed Domains leaves out.
		const elsewhere = {
			...ourPeople,
			signInRequest: () => ({ method: 'POST' as const, url: 'https://sign-in.example.test/auth' }),
		};
		const credentials = stored(uniqueCredentials(), 'held');
		const restricted = {
			...credentials,
			allowedHttpRequestDomains: 'domains',
			allowedDomains: new URL(String(credentials.apiUrl)).hostname,
		};
		const { http, calls } = fakeHttp();
		now = RENEWAL;
		const error = await errorOf(() => obtainToken(elsewhere, http, restricted));
		expect(error.message).toMatch(/sign-in\.example\.test/);
		expect(calls).toHaveLength(0);
	});

	it('signs with the held token when an outage remembered from before it fell due is still remembered', async () => {
		const { n8n, calls } = rig('held', down);
		now = RENEWAL - 2_000;
		// The Test button (or a 401 from the API) asks for a renewal while the token is fresh.
		await errorOf(() => obtainToken(ourPeople, fakeHttpOf(calls, down), n8n.credentials));
		now = RENEWAL + 1_000;
		expect(await n8n.send()).toBe('held');
		expect(calls).toHaveLength(1);
	});
});

/** A request helper answering `reply`, recording into `calls`. */
function fakeHttpOf(calls: IHttpRequestOptions[], reply: Reply): IHttpRequestHelper {
	const { http, calls: own } = fakeHttp(reply);
	return {
		helpers: {
			httpRequest: async (options: IHttpRequestOptions) => {
				const answer = await http.helpers.httpRequest(options);
				calls.push(...own.splice(0));
				return answer;
			},
		},
	} as unknown as IHttpRequestHelper;
}
