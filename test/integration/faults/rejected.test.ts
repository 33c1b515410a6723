import type { RefreshTokens } from '../../fakes/fakeProvider';
import { reasonOf } from '../../../package/credentials/common/errors';
import { credentialCases, wrongSecrets } from '../../harness/credentialCases';
import { CredentialRig, statusClass, stopRigs } from '../../harness/credentialRig';
import { leaksIn } from '../../harness/leaks';
import { errorOf } from '../helpers';
import { apiRequest, nodeFor } from './nodeTypes';

/** A refresh token the provider no longer takes, and sign-in data it never took. */
afterAll(stopRigs);

const refreshTokensOf = (rig: CredentialRig) =>
	(rig.fake as unknown as { refreshTokens: RefreshTokens }).refreshTokens;

describe.each(credentialCases.filter((credential) => credential.rotatesRefreshTokens))(
	'$name: a refresh token that is no longer valid',
	(credential) => {
		it.each([
			['revoked', (rig: CredentialRig) => refreshTokensOf(rig).revokeAll()],
			[
				'already rotated by another n8n process',
				(rig: CredentialRig) => refreshTokensOf(rig).spend(rig.stored().refreshToken),
			],
		])('%s: signs in again and succeeds', async (_, invalidate) => {
			const rig = await CredentialRig.start(credential);
			await rig.get();
			invalidate(rig);
			rig.expireStoredToken();
			rig.fake.clearLog();

			await rig.runNode(nodeFor(rig.type), apiRequest(credential.apiPath), { items: 3 });

			expect(rig.fake.log.map((entry) => `${entry.kind} ${statusClass(entry.status)}`)).toEqual([
				'refresh 4xx',
				'sign-in 200',
				'api 200',
				'api 200',
				'api 200',
			]);
		});
	},
);

describe.each(credentialCases)('$name: a wrong secret', (credential) => {
	let rig: CredentialRig;

	beforeEach(async () => {
		rig = await CredentialRig.start(credential);
		rig.save(wrongSecrets(rig));
	});

	const saysSo = (reason: unknown, description: unknown) => {
		expect(reason).toBe('sign_in_rejected');
		expect(description).toMatch(/Client Secret|password/i);
	};

	it('is reported by the Test button', async () => {
		const error = await errorOf(rig.pressTest());

		saysSo(reasonOf(error), error.description);
		expect(leaksIn(rig, error)).toEqual([]);
	});

	it('is reported by a node run, asking the provider once for 10 items', async () => {
		const output = await rig.runNode(nodeFor(rig.type), apiRequest(credential.apiPath), {
			items: 10,
			continueOnFail: true,
		});

		for (const item of output) saysSo(item.json.reason, item.json.description);
		expect(rig.fake.log.map((entry) => entry.kind)).toEqual(['sign-in']);
		expect(leaksIn(rig, output)).toEqual([]);
	});
});
