import { BlynkFixture } from './blynkFixture';
import type { Mode } from './blynkFixture';
import { errorOf, shown } from './helpers';

/**
 * What is Blynk's own in its token requests: the two documented ways of authenticating the
 * client (HTTP Basic, or client_id and client_secret in the query string), asserted from what the
 * fake Blynk.Cloud saw. The lifecycle is checked for every credential in faults/.
 */

const WRONG_SECRET = 'Wrong/Secret+42!~';

describe.each<Mode>(['header', 'query'])('client credentials in the %s', (mode) => {
	let f: BlynkFixture;

	beforeEach(async () => {
		f = await BlynkFixture.start(mode);
	});

	afterEach(async () => {
		await f.fake.stop();
	});

	it(`signs in and refreshes the ${mode} way, both accepted by Blynk`, async () => {
		await f.signInAndWaitForExpiry(2);

		const profile = await f.get();

		expect(profile.name).toBe('Demo Organization');
		expect(f.tokenCalls()).toEqual([`client_credentials ${mode} 200`, `refresh_token ${mode} 200`]);
		expect(f.fake.expiredTokenRequests()).toBe(0);
	});

	it('hides a wrong secret even when Blynk echoes the whole token request back', async () => {
		f.save({ clientSecret: WRONG_SECRET });
		const query = new URLSearchParams({
			grant_type: 'client_credentials',
			client_id: f.client.id,
			client_secret: WRONG_SECRET,
		});
		f.fake.injectFault('sign-in', {
			type: 'status',
			status: 401,
			body: {
				error: 'invalid_client',
				error_description: `Rejected /oauth2/token?${query} (${encodeURIComponent(WRONG_SECRET)}, ${WRONG_SECRET})`,
			},
		});

		const error = await errorOf(f.run({ resource: 'device', operation: 'getAll' }));

		expect(error.message).toContain('client_secret=[redacted] ([redacted], [redacted])');
		expect(shown(error)).not.toContain(WRONG_SECRET);
		expect(shown(error)).not.toContain(encodeURIComponent(WRONG_SECRET));
	});
});
