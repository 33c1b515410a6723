import type { Fault } from '../../fakes/fakeProvider';
import type { Reason } from '../../../package/credentials/common/errors';
import { reasonOf } from '../../../package/credentials/common/errors';
import { credentialCases } from '../../harness/credentialCases';
import { CredentialRig, stopRigs } from '../../harness/credentialRig';
import { leaksIn } from '../../harness/leaks';
import { drawRenewalJitter } from '../../../package/credentials/common/expiry';
import { errorOf } from '../helpers';
import { apiRequest, nodeFor } from './nodeTypes';

/**
 * The token endpoint fails while the held token still lives (issue 28): requests go on with the
 * held token, none with an expired one, the endpoint is asked again only after a backoff, and
 * the token is renewed once it is back. Within the safety floor the failure reaches the request.
 * Tokens live an hour; a clock the test moves (the fakes read it too) puts the stored token
 * inside its renewal window (this process renews 5 min before expiry: the window's start, pinned)
 * or within its 30 s floor.
 */
afterAll(stopRigs);

const ITEMS = 10;
const realNow = Date.now.bind(Date);
let offset = 0;

beforeEach(() => {
	offset = 0;
	jest.spyOn(Date, 'now').mockImplementation(() => realNow() + offset);
	drawRenewalJitter(() => 0);
});
afterEach(() => {
	jest.restoreAllMocks();
	drawRenewalJitter();
});

/** Moves the clock to `ms` before the stored token expires. */
function before(rig: CredentialRig, ms: number): void {
	offset += Date.parse(String(rig.stored().tokenExpiresAt)) - ms - Date.now();
}

const later = (ms: number) => (offset += ms);

interface Outage {
	name: string;
	fault: Fault;
	/** How long the endpoint is not asked again after the first failure. */
	quietMs: number;
	reason: Reason;
}

const outages: Outage[] = [
	{
		name: 'HTTP 503',
		fault: { type: 'status', status: 503, body: { error: 'temporarily_unavailable' } },
		quietMs: 5_000,
		reason: 'token_endpoint_unavailable',
	},
	{
		name: 'HTTP 429 with Retry-After: 60',
		fault: {
			type: 'status',
			status: 429,
			body: { error: 'slow_down' },
			headers: { 'Retry-After': '60' },
		},
		quietMs: 60_000,
		reason: 'rate_limited',
	},
	{
		name: 'no answer (connection closed)',
		fault: { type: 'reset' },
		quietMs: 5_000,
		reason: 'token_endpoint_unavailable',
	},
	{
		name: 'an unreadable answer',
		fault: { type: 'malformedJson' },
		quietMs: 5_000,
		reason: 'token_endpoint_unavailable',
	},
];

async function signedIn(credential: (typeof credentialCases)[number]): Promise<CredentialRig> {
	const rig = await CredentialRig.start(credential);
	await rig.get();
	rig.fake.clearLog();
	return rig;
}

async function nodeRun(rig: CredentialRig) {
	return await rig.runNode(nodeFor(rig.type), apiRequest(rig.credential.apiPath), {
		items: ITEMS,
		continueOnFail: true,
	});
}

describe.each(credentialCases)('$name: the token endpoint failing during renewal', (credential) => {
	describe.each(outages)('answering $name', (outage) => {
		it('serves every request with the held token, asks once, and renews once it is back', async () => {
			const rig = await signedIn(credential);
			const held = rig.stored().accessToken;
			before(rig, 100_000);
			rig.failTokenEndpoint(outage.fault, 1000);

			const output = await nodeRun(rig);
			await rig.legacyGet();
			await rig.get();
			later(outage.quietMs - 1_000);
			await rig.get();

			for (const item of output) expect(item.json.error).toBeUndefined();
			expect(rig.tokenRequests()).toBe(1);
			expect(rig.acceptedApiCalls()).toBe(ITEMS + 3);
			expect(rig.stored().accessToken).toBe(held);

			rig.fake.clearFaults();
			later(1_001);
			await rig.get();
			expect(rig.tokenRequests()).toBe(2);
			expect(rig.stored().accessToken).not.toBe(held);
			await nodeRun(rig);
			expect(rig.tokenRequests()).toBe(2);
			expect(rig.fake.expiredTokenRequests()).toBe(0);
			expect(rig.fake.count('sign-in') + rig.fake.count('refresh')).toBe(2);
			expect(leaksIn(rig, output)).toEqual([]);
		});

		it('reports the failure with its reason within the safety floor', async () => {
			const rig = await signedIn(credential);
			before(rig, 20_000);
			rig.failTokenEndpoint(outage.fault, 1000);

			const output = await nodeRun(rig);

			for (const item of output) expect(item.json.reason).toBe(outage.reason);
			// A refresh without an answer is followed by one sign-in (the refresh may be spent).
			const signsInAfter = credential.rotatesRefreshTokens && !outage.name.includes('429');
			expect(rig.tokenRequests()).toBe(signsInAfter ? 2 : 1);
			expect(rig.fake.count('api')).toBe(0);
			expect(leaksIn(rig, output)).toEqual([]);
		});
	});

	it('a sign-in rejected while the held token lives: the held token serves, the sign-in waits a minute', async () => {
		const rig = await signedIn(credential);
		const held = rig.stored().accessToken;
		before(rig, 200_000);
		rig.failTokenEndpoint({ type: 'status', status: 401, body: { error: 'invalid_client' } }, 1000);

		const output = await nodeRun(rig);
		later(59_000);
		await rig.get();
		const askedInTheFirstMinute = rig.tokenRequests();
		rig.fake.clearFaults();
		later(1_001);
		await rig.get();

		for (const item of output) expect(item.json.error).toBeUndefined();
		expect(askedInTheFirstMinute).toBe(1 + (credential.rotatesRefreshTokens ? 1 : 0));
		expect(rig.stored().accessToken).not.toBe(held);
		expect(rig.fake.expiredTokenRequests()).toBe(0);
	});

	it('reports a rejected sign-in at once within the safety floor, and does not try it again right away', async () => {
		const rig = await signedIn(credential);
		before(rig, 20_000);
		rig.failTokenEndpoint({ type: 'status', status: 401, body: { error: 'invalid_client' } }, 5);

		const first = await errorOf(rig.get());
		later(5_000);
		const again = await nodeRun(rig);

		expect(reasonOf(first)).toBe('sign_in_rejected');
		for (const item of again) expect(item.json.error).toBe(first.message);
		expect(rig.fake.count('sign-in')).toBe(1);
		expect(rig.fake.count('api')).toBe(0);
	});

	if (credential.rotatesRefreshTokens) {
		it('never spends a refresh token twice: a failed refresh is tried again, an answered one never', async () => {
			const rig = await signedIn(credential);
			before(rig, 100_000);
			rig.failTokenEndpoint({ type: 'status', status: 503 }, 1);

			await rig.get();
			later(5_001);
			await rig.get();
			const renewed = rig.stored();
			before(rig, 100_000);
			await nodeRun(rig);

			const refreshes = rig.fake.log.filter((entry) => entry.kind === 'refresh');
			expect(refreshes.map((entry) => entry.status)).toEqual([503, 200, 200]);
			expect(rig.fake.count('sign-in')).toBe(0);
			expect(rig.stored().refreshToken).not.toBe(renewed.refreshToken);
			expect(rig.fake.expiredTokenRequests()).toBe(0);
		});
	}

	it(
		credential.rotatesRefreshTokens
			? 'waits for a slow refresh, so n8n stores the rotated refresh token'
			: 'does not hold requests back for a slow sign-in: the held token is sent meanwhile',
		async () => {
			const rig = await signedIn(credential);
			const held = rig.stored();
			before(rig, 100_000);
			rig.failTokenEndpoint({ type: 'slow', ms: 4_000 }, 1);

			await rig.get();
			const order = rig.fake.log.map((entry) => entry.kind);
			if (credential.rotatesRefreshTokens) {
				expect(order).toEqual(['refresh', 'api']);
				expect(rig.stored().refreshToken).not.toBe(held.refreshToken);
				expect(rig.stored().accessToken).not.toBe(held.accessToken);
			} else {
				expect(order).toEqual(['api']);
				expect(rig.stored().accessToken).toBe(held.accessToken);
				await new Promise((resolve) => setTimeout(resolve, 3_000));
				await rig.get();
				expect(rig.fake.log.map((entry) => entry.kind)).toEqual(['api', 'sign-in', 'api']);
				expect(rig.stored().accessToken).not.toBe(held.accessToken);
			}
			expect(rig.tokenRequests()).toBe(1);
			expect(rig.fake.expiredTokenRequests()).toBe(0);
		},
		20_000,
	);
});

describe('every credential at once: the token endpoint not answering within its 30 s deadline', () => {
	it('serves every item with the held token, with one token request each', async () => {
		const rigs = await Promise.all(credentialCases.map(signedIn));
		for (const rig of rigs) {
			before(rig, 100_000);
			rig.failTokenEndpoint({ type: 'hang' }, 1000);
		}

		const outputs = await Promise.all(rigs.map(nodeRun));

		rigs.forEach((rig, index) => {
			for (const item of outputs[index]) expect(item.json.error).toBeUndefined();
			expect(rig.tokenRequests()).toBe(1);
			expect(rig.acceptedApiCalls()).toBe(ITEMS);
			expect(rig.fake.expiredTokenRequests()).toBe(0);
		});
	}, 60_000);
});
