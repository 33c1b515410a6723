import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import type { FakeBlynk } from '../fakes/blynk';
import { caseFor } from '../harness/credentialCases';
import { CredentialRig, stopRigs } from '../harness/credentialRig';
import { nodeFor } from '../harness/packageManifest';
import { e2e } from '../providers/blynk';
import { errorOf, shown } from './helpers';

/**
 * Blynk's query mode (client_id and client_secret in the query string) through n8n-core's
 * request helpers, with a secret that URL, form and qs encoding each change. The demo
 * credential every shared suite runs sends them as HTTP Basic.
 */
afterAll(stopRigs);

const WRONG_SECRET = 'Wrong/Secret+42!~';
const inQuery = e2e.credentials!.find(({ label }) => label === 'Blynk (query)')!;

async function start(): Promise<CredentialRig> {
	return await CredentialRig.start({
		...caseFor('blynkApi'),
		createFake: e2e.createFake!,
		fields: (url) => inQuery.fields(url) as ICredentialDataDecryptedObject,
	});
}

const tokenCalls = (rig: CredentialRig) =>
	(rig.fake as FakeBlynk).tokenRequests.map((r) => `${r.grant} ${r.clientAuth} ${r.status}`);

it('signs in and refreshes with the client in the query string, both accepted by Blynk', async () => {
	const rig = await start();
	await rig.signInAndWaitForExpiry(2);

	const profile = await rig.get();

	expect(profile.name).toBe('Demo Organization');
	expect(tokenCalls(rig)).toEqual(['client_credentials query 200', 'refresh_token query 200']);
	expect(rig.fake.expiredTokenRequests()).toBe(0);
});

it('hides a wrong secret when Blynk echoes the whole token request back', async () => {
	const rig = await start();
	rig.save({ clientSecret: WRONG_SECRET });
	const query = new URLSearchParams({
		grant_type: 'client_credentials',
		client_id: String(rig.stored().clientId),
		client_secret: WRONG_SECRET,
	});
	rig.fake.injectFault('sign-in', {
		type: 'status',
		status: 401,
		body: {
			error: 'invalid_client',
			error_description: `Rejected /oauth2/token?${query} (${encodeURIComponent(WRONG_SECRET)}, ${WRONG_SECRET})`,
		},
	});

	const error = await errorOf(
		rig.runNode(nodeFor('blynkApi'), { resource: 'device', operation: 'getAll' }),
	);

	expect(error.message).toContain('client_secret=[redacted] ([redacted], [redacted])');
	for (const form of [WRONG_SECRET, encodeURIComponent(WRONG_SECRET)])
		expect(shown(error)).not.toContain(form);
});
