import { credentialCases } from '../../harness/credentialCases';
import { CredentialRig, stopRigs } from '../../harness/credentialRig';
import { DEFAULT_BATCH_SIZE } from '../../../package/nodes/common/batching';
import { apiRequest, nodeFor } from './nodeTypes';

/** 50 items at once (as n8n's HTTP Request node sends them, and as our nodes run them) share one token exchange. */
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

describe.each(credentialCases)('$name node: 100 items', (credential) => {
	const ITEMS = 100;
	const run = async (rig: CredentialRig) => {
		rig.fake.apiLatencyMs = () => 20;
		return await rig.runNode(nodeFor(rig.type), apiRequest(credential.apiPath), {
			items: ITEMS,
		});
	};
	const items = (output: Awaited<ReturnType<typeof run>>) => [
		...new Set(output.map((item) => (item.pairedItem as { item: number }).item)),
	];

	it(`on a cold credential run ${DEFAULT_BATCH_SIZE} at once with one sign-in and no expired token`, async () => {
		const rig = await CredentialRig.start(credential);

		const output = await run(rig);

		expect(items(output)).toEqual(Array.from({ length: ITEMS }, (_, i) => i));
		expect(rig.fake.maxApiInFlight).toBe(DEFAULT_BATCH_SIZE);
		expect(rig.tokenRequests()).toBe(1);
		expect(rig.acceptedApiCalls()).toBe(ITEMS);
		expect(rig.fake.expiredTokenRequests()).toBe(0);
	});

	it(`on an expired credential run ${DEFAULT_BATCH_SIZE} at once with one renewal and no expired token`, async () => {
		const rig = await CredentialRig.start(credential);
		await rig.get();
		rig.expireStoredToken();
		rig.fake.clearLog();

		await run(rig);

		expect(rig.fake.maxApiInFlight).toBe(DEFAULT_BATCH_SIZE);
		expect(rig.tokenRequests()).toBe(1);
		expect(rig.acceptedApiCalls()).toBe(ITEMS);
		expect(rig.fake.expiredTokenRequests()).toBe(0);
	});
});
