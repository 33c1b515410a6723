import { credentialCases } from '../../harness/credentialCases';
import { CredentialRig, stopRigs } from '../../harness/credentialRig';
import { leaksIn } from '../../harness/leaks';
import { errorOf } from '../helpers';
import { apiRequest, nodeFor } from './nodeTypes';
import { expectedMessage, tokenFaults } from './tokenFaults';

/**
 * A token endpoint that fails (5xx, a web page, broken or tokenless JSON) gives one error that
 * names provider, step and cause, and is asked once, not once per item or per n8n retry.
 */
afterAll(stopRigs);

const ITEMS = 10;

describe.each(credentialCases)('$name: a failing token endpoint', (credential) => {
	describe.each(tokenFaults)('answering $name', (fault) => {
		const message = expectedMessage(credential.name, 'sign-in', fault);

		it(`fails each of ${ITEMS} items of the node with one sign-in request`, async () => {
			const rig = await CredentialRig.start(credential);
			rig.failTokenEndpoint(fault.fault);

			const output = await rig.runNode(nodeFor(rig.type), apiRequest(credential.apiPath), {
				items: ITEMS,
				continueOnFail: true,
			});

			expect(output).toHaveLength(ITEMS);
			for (const item of output) {
				expect(item.json.error).toMatch(message);
				expect(item.json.description).toMatch(fault.fix);
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

			for (const error of errors) expect(error.message).toMatch(message);
			expect(rig.tokenRequests()).toBe(1);
			expect(leaksIn(rig, ...errors)).toEqual([]);
		});

		it('says the same behind the Test button', async () => {
			const rig = await CredentialRig.start(credential);
			rig.failTokenEndpoint(fault.fault);

			const error = await errorOf(rig.pressTest());

			expect(error.message).toMatch(message);
			expect(error.description).toMatch(fault.fix);
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

				for (const item of output)
					expect(item.json.error).toMatch(expectedMessage(credential.name, 'refresh', fault));
				// The refresh may have been spent before its answer was lost: one sign-in follows.
				expect(rig.fake.log.map((entry) => entry.kind)).toEqual(['refresh', 'sign-in']);
				expect(leaksIn(rig, output)).toEqual([]);
			});
		}
	});
});
