import type { Fault } from '../../fakes/fakeProvider';
import { reasonOf } from '../../../package/credentials/common/errors';
import { credentialCases } from '../../harness/credentialCases';
import { CredentialRig, stopRigs } from '../../harness/credentialRig';
import { leaksIn } from '../../harness/leaks';
import { errorOf } from '../helpers';
import { apiRequest, nodeFor } from './nodeTypes';

/**
 * A token endpoint that fails (5xx, a web page, broken or tokenless JSON) gives one error that
 * names its cause, and is asked once, not once per item or per n8n retry.
 */
afterAll(stopRigs);

/** How a token endpoint can fail, and what its error names of it (each a token_endpoint_unavailable). */
const tokenFaults: Array<{ name: string; fault: Fault; names: string }> = [
	{ name: 'HTTP 500', fault: { type: 'status', status: 500 }, names: '(HTTP 500)' },
	{
		name: 'HTTP 503',
		fault: { type: 'status', status: 503, body: { error: 'temporarily_unavailable' } },
		names: '(HTTP 503): temporarily_unavailable',
	},
	{ name: 'an HTML page', fault: { type: 'html' }, names: 'an HTML page instead of JSON' },
	{ name: 'malformed JSON', fault: { type: 'malformedJson' }, names: 'not valid JSON' },
	{
		// Deeper than any stack: reading it used to overflow and escape as a RangeError.
		name: 'an error nested 100,000 levels deep',
		fault: {
			type: 'status',
			status: 503,
			body: `${'{"error":'.repeat(100_000)}"deepest"${'}'.repeat(100_000)}`,
			headers: { 'Content-Type': 'application/json' },
		},
		names: '(HTTP 503)',
	},
	{ name: 'JSON without a token', fault: { type: 'noToken' }, names: '(it has: ok, detail)' },
];
const REASON = 'token_endpoint_unavailable';

const ITEMS = 10;

describe.each(credentialCases)('$name: a failing token endpoint', (credential) => {
	describe.each(tokenFaults)('answering $name', (fault) => {
		it(`fails each of ${ITEMS} items of the node with one sign-in request`, async () => {
			const rig = await CredentialRig.start(credential);
			rig.failTokenEndpoint(fault.fault);

			const output = await rig.runNode(nodeFor(rig.type), apiRequest(credential.apiPath), {
				items: ITEMS,
				continueOnFail: true,
			});

			expect(output).toHaveLength(ITEMS);
			for (const item of output) {
				expect(item.json.reason).toBe(REASON);
				expect(item.json.error).toContain(fault.names);
			}
			expect(rig.tokenRequests()).toBe(1);
			expect(rig.fake.count('api')).toBe(0);
			expect(leaksIn(rig, output)).toEqual([]);
		});

		it(`fails ${ITEMS} concurrent items of n8n's legacy helper (HTTP Request node) with one sign-in request`, async () => {
			const rig = await CredentialRig.start(credential);
			rig.failTokenEndpoint(fault.fault);

			const errors = await Promise.all(
				Array.from({ length: ITEMS }, async () => await errorOf(rig.legacyGet())),
			);

			for (const error of errors) expect(reasonOf(error)).toBe(REASON);
			expect(rig.tokenRequests()).toBe(1);
			expect(leaksIn(rig, ...errors)).toEqual([]);
		});

		it('says the same behind the Test button', async () => {
			const rig = await CredentialRig.start(credential);
			rig.failTokenEndpoint(fault.fault);

			const error = await errorOf(rig.pressTest());

			expect(reasonOf(error)).toBe(REASON);
			expect(error.message).toContain(fault.names);
			expect(leaksIn(rig, error)).toEqual([]);
		});

		if (credential.rotatesRefreshTokens) {
			it(`fails the refresh of an expired token once for ${ITEMS} items, after one sign-in that fails too`, async () => {
				const rig = await CredentialRig.start(credential);
				await rig.get();
				rig.expireStoredToken();
				rig.failTokenEndpoint(fault.fault);
				rig.fake.clearLog();

				const output = await rig.runNode(nodeFor(rig.type), apiRequest(credential.apiPath), {
					items: ITEMS,
					continueOnFail: true,
				});

				for (const item of output) expect(item.json.reason).toBe(REASON);
				// The refresh may have been spent before its answer was lost: one sign-in follows.
				expect(rig.fake.log.map((entry) => entry.kind)).toEqual(['refresh', 'sign-in']);
				expect(leaksIn(rig, output)).toEqual([]);
			});
		}
	});
});
