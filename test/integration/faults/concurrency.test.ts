import { credentialCases } from '../../harness/credentialCases';
import { CredentialRig, stopRigs } from '../../harness/credentialRig';

/** 50 items at once (as n8n's HTTP Request node sends them) share one token exchange. */
afterAll(stopRigs);

const PARALLEL = 50;

describe.each(credentialCases)('$name: 50 parallel requests', (credential) => {
	const helpers = [
		['httpRequestWithAuthentication', (rig: CredentialRig) => rig.get()],
		[
			"the legacy requestWithAuthentication (n8n's HTTP Request node)",
			(rig: CredentialRig) => rig.legacyGet(),
		],
	] as const;

	it.each(helpers)('on a cold credential make one sign-in, through %s', async (_, send) => {
		const rig = await CredentialRig.start(credential);

		await Promise.all(Array.from({ length: PARALLEL }, async () => await send(rig)));

		expect(rig.tokenRequests()).toBe(1);
		expect(
			rig.fake.log.filter((entry) => entry.kind === 'api' && entry.status === 200),
		).toHaveLength(PARALLEL);
	});

	it.each(helpers)('on an expired credential make one renewal, through %s', async (_, send) => {
		const rig = await CredentialRig.start(credential);
		await rig.get();
		rig.expireStoredToken();
		rig.fake.clearLog();

		await Promise.all(Array.from({ length: PARALLEL }, async () => await send(rig)));

		expect(
			rig.fake.log
				.filter((entry) => entry.kind !== 'api')
				.map((entry) => `${entry.kind} ${entry.status}`),
		).toEqual([`${credential.rotatesRefreshTokens ? 'refresh' : 'sign-in'} 200`]);
		expect(
			rig.fake.log.filter((entry) => entry.kind === 'api' && entry.status === 200),
		).toHaveLength(PARALLEL);
	});
});
