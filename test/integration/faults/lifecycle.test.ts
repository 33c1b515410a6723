import { NodeApiError } from 'n8n-workflow';
import type { INode, INodeExecutionData } from 'n8n-workflow';
import { reasonOf } from '../../../package/credentials/common/errors';
import { CredentialRig, statusClass, stopRigs } from '../../harness/credentialRig';
import { leaksIn } from '../../harness/leaks';
import { errorOf } from '../helpers';
import { apiRequest, nodeFor } from './nodeTypes';
import { credentialCases, wrongSecrets } from '../../harness/credentialCases';

/**
 * The token lifecycle as n8n-core drives it (preAuthentication, authenticate, retry on 401),
 * for every credential, asserted from what its fake saw: the Test button signs in on each
 * press, a token serves many requests, a changed secret is not covered by the old token, an
 * expired token is renewed once however many executions see it, and a refresh without an
 * answer is followed by one sign-in.
 */
afterAll(stopRigs);

/**
 * Token lifetime for the expiry tests. The OurPeople fake's tokens carry only a JWT `exp`,
 * placed on our clock through the answer's Date header (whole seconds): two seconds leave one.
 */
const TOKEN_SECONDS = 2;
const CONCURRENT = 10;

/** The input items a node's output answers, each once. */
const itemsOf = (output: INodeExecutionData[]) => [
	...new Set(output.map((item) => (item.pairedItem as { item: number }).item)),
];

const log = (rig: CredentialRig) =>
	rig.fake.log.map((entry) => `${entry.kind} ${statusClass(entry.status)}`);

describe.each(credentialCases)('$name: the token lifecycle', (credential) => {
	const renewal = credential.rotatesRefreshTokens ? 'refresh' : 'sign-in';

	it('the Test button signs in on every press, even with a fresh token stored; requests then use it', async () => {
		const rig = await CredentialRig.start(credential);

		const first = await rig.pressTest();
		const second = await rig.pressTest();
		await rig.get();

		expect(rig.store.preAuthenticationCalls).toBe(2);
		expect(log(rig)).toEqual(['sign-in 200', `${renewal} 200`, 'api 200']);
		expect(rig.fake.issuedTokens).toContain(first?.accessToken);
		expect(rig.fake.issuedTokens).toContain(second?.accessToken);
		expect(second?.accessToken).not.toBe(first?.accessToken);
		expect(rig.stored().accessToken).toBe(second?.accessToken);
		expect(rig.acceptedApiCalls()).toBe(1);
	});

	it(`keeps its token: one sign-in for ${CONCURRENT} concurrent calls and the executions after`, async () => {
		const rig = await CredentialRig.start(credential);
		const context = rig.context();

		await Promise.all(Array.from({ length: CONCURRENT }, async () => await rig.getWithin(context)));
		await rig.get();
		await rig.get();

		expect(log(rig).filter((entry) => !entry.startsWith('api'))).toEqual(['sign-in 200']);
		expect(rig.acceptedApiCalls()).toBe(CONCURRENT + 2);
	});

	describe('a secret changed to a wrong one after a good sign-in', () => {
		it('fails the node with sign_in_rejected: one sign-in, the old token not sent', async () => {
			const rig = await CredentialRig.start(credential);
			await rig.get();
			rig.store.save(rig.type, { ...rig.stored(), ...wrongSecrets(rig) });
			rig.fake.clearLog();

			const error = await errorOf(
				rig.runNode(nodeFor(rig.type), apiRequest(credential.apiPath), { items: 3 }),
			);

			expect(reasonOf(error)).toBe('sign_in_rejected');
			expect(error).toBeInstanceOf(NodeApiError);
			expect((error.node as INode).name).toBe(nodeFor(rig.type).description.displayName);
			expect(rig.fake.log.map((entry) => entry.kind)).toEqual(['sign-in']);
			expect(leaksIn(rig, error)).toEqual([]);
		});

		it('fails the Test button with sign_in_rejected, without a refresh', async () => {
			const rig = await CredentialRig.start(credential);
			await rig.pressTest();
			rig.store.save(rig.type, { ...rig.stored(), ...wrongSecrets(rig) });
			rig.fake.clearLog();

			const error = await errorOf(rig.pressTest());

			expect(reasonOf(error)).toBe('sign_in_rejected');
			expect(rig.fake.log.map((entry) => entry.kind)).toEqual(['sign-in']);
			expect(leaksIn(rig, error)).toEqual([]);
		});
	});

	describe('a token past its expiry', () => {
		it(`is renewed exactly once, before sending, for ${CONCURRENT} concurrent calls`, async () => {
			const rig = await CredentialRig.start(credential);
			await rig.signInAndWaitForExpiry(TOKEN_SECONDS);
			const expired = rig.stored();
			rig.fake.clearLog();
			const context = rig.context();

			await Promise.all(
				Array.from({ length: CONCURRENT }, async () => await rig.getWithin(context)),
			);

			expect(log(rig).filter((entry) => !entry.startsWith('api'))).toEqual([`${renewal} 200`]);
			expect(rig.fake.expiredTokenRequests()).toBe(0);
			expect(rig.acceptedApiCalls()).toBe(CONCURRENT);
			expect(rig.stored().accessToken).not.toBe(expired.accessToken);
			if (credential.rotatesRefreshTokens)
				expect(rig.stored().refreshToken).not.toBe(expired.refreshToken);
		});

		it('is renewed once for two executions that both read the expired credential', async () => {
			const rig = await CredentialRig.start(credential);
			await rig.signInAndWaitForExpiry(TOKEN_SECONDS);
			rig.fake.clearLog();
			const run = async () =>
				await rig.runNode(nodeFor(rig.type), apiRequest(credential.apiPath), { items: 3 });

			const [first, second] = await Promise.all([run(), run()]);

			expect(itemsOf(first)).toEqual([0, 1, 2]);
			expect(itemsOf(second)).toEqual([0, 1, 2]);
			expect(log(rig).filter((entry) => !entry.startsWith('api'))).toEqual([`${renewal} 200`]);
			expect(rig.fake.expiredTokenRequests()).toBe(0);
			expect(rig.acceptedApiCalls()).toBe(6);
		});

		it('is not renewed again by an execution holding a copy read before the renewal', async () => {
			const rig = await CredentialRig.start(credential);
			await rig.signInAndWaitForExpiry(TOKEN_SECONDS);
			const staleCopy = rig.stored();
			rig.fake.clearLog();

			await rig.get();
			jest.spyOn(rig.store, 'getDecrypted').mockResolvedValueOnce(staleCopy);
			await rig.get();

			// A refresh token spent twice would show here as a refused refresh (4xx) and a sign-in.
			expect(log(rig)).toEqual([`${renewal} 200`, 'api 200', 'api 200']);
			expect(rig.fake.expiredTokenRequests()).toBe(0);
		});

		if (credential.rotatesRefreshTokens) {
			it('is renewed by one sign-in when the refresh gets HTTP 500 (the refresh may be spent)', async () => {
				const rig = await CredentialRig.start(credential);
				await rig.signInAndWaitForExpiry(TOKEN_SECONDS);
				rig.fake.injectFault('refresh', { type: 'status', status: 500 });
				rig.fake.clearLog();

				const output = await rig.runNode(nodeFor(rig.type), apiRequest(credential.apiPath), {
					items: 3,
				});

				expect(itemsOf(output)).toEqual([0, 1, 2]);
				expect(log(rig)).toEqual(['refresh 500', 'sign-in 200', 'api 200', 'api 200', 'api 200']);
			});
		}
	});
});
