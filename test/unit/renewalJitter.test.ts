import type { IDataObject, IHttpRequestHelper, IHttpRequestOptions } from 'n8n-workflow';
import type { Credentials } from '../../package/credentials/common/types';
import { jwt, seconds, uniqueCredentials } from './helpers';

/**
 * Two n8n workers share one stored credential (queue mode: one database). Each is a process of
 * its own: its own copy of the lifecycle (memory, single-flight, renewal point), loaded here in
 * isolation. Both get a burst of requests at the same moments; each burst reads the credential
 * before either worker stores a renewal, so two workers due at the same burst both renew.
 * Because each process draws its own point in the renewal window, the earlier one renews alone
 * and the later one finds its token (issue 28, point 2).
 */
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const LIFETIMES = 10;

type Lifecycle = typeof import('../../package/credentials/common/lifecycle');
type Signing = typeof import('../../package/credentials/common/signing');
type Expiry = typeof import('../../package/credentials/common/expiry');

interface Worker {
	send(): Promise<void>;
}

let now = 0;
let database: Credentials;
let signIns = 0;

/** The token endpoint: an hour-long JWT per sign-in, no refresh token (every renewal signs in). */
const http = {
	helpers: {
		httpRequest: async (_options: IHttpRequestOptions) => {
			signIns += 1;
			await new Promise((resolve) => setImmediate(resolve));
			const iat = seconds(now);
			return {
				statusCode: 200,
				headers: {},
				body: { token: jwt({ sub: `token ${signIns}`, iat, exp: iat + HOUR / 1000 }) },
			};
		},
	},
} as unknown as IHttpRequestHelper;

/** A worker process whose renewal point is `draw` (0: the window's start, 1: its middle). */
function worker(draw: number): Worker {
	let lifecycle!: Lifecycle;
	let signing!: Signing;
	let provider!: (typeof import('../../package/credentials/providers/ourPeople'))['ourPeople'];
	jest.isolateModules(() => {
		lifecycle = require('../../package/credentials/common/lifecycle') as Lifecycle;
		signing = require('../../package/credentials/common/signing') as Signing;
		(require('../../package/credentials/common/expiry') as Expiry).drawRenewalJitter(() => draw);
		provider = require('../../package/credentials/providers/ourPeople').ourPeople;
	});
	const request = () => ({ url: `${database.apiUrl}/v1/users` });
	return {
		// n8n's httpRequestWithAuthentication: the credential as read when the request starts.
		async send() {
			const read = { ...database };
			try {
				signing.signRequest(provider, { ...read }, request());
				return;
			} catch (error) {
				if ((error as { response?: IDataObject }).response?.status !== 401) throw error;
			}
			const fields = await lifecycle.obtainToken(provider, http, { ...read });
			database = { ...database, ...fields } as Credentials;
			signing.signRequest(provider, { ...read, ...fields } as Credentials, request());
		},
	};
}

async function burstsOver(workers: Worker[], everyMs: number): Promise<number> {
	signIns = 0;
	now = Date.parse('2031-06-01T00:00:00.000Z');
	database = uniqueCredentials();
	const end = now + LIFETIMES * HOUR;
	for (; now < end; now += everyMs) {
		await Promise.all(workers.flatMap((one) => [one.send(), one.send()]));
	}
	return signIns;
}

describe('two workers sharing a credential, requests in bursts on both at once', () => {
	beforeEach(() => jest.spyOn(Date, 'now').mockImplementation(() => now));
	afterEach(() => jest.restoreAllMocks());

	it('renew once per lifetime when their renewal points differ, plus one each to start', async () => {
		const exchanges = await burstsOver([worker(0.1), worker(0.9)], MINUTE);
		expect(exchanges).toBeLessThanOrEqual(LIFETIMES + 2);
	});

	it('would both renew at every lifetime if they drew the same point (what the jitter prevents)', async () => {
		const exchanges = await burstsOver([worker(0.5), worker(0.5)], MINUTE);
		expect(exchanges).toBeGreaterThan(LIFETIMES + 2);
	});
});
