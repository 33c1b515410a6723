import { CULTURE_AMP_ENTITY_ID } from '../fakes/cultureAmp';
import { CultureAmpFixture } from './cultureAmpFixture';

/**
 * What is Culture Amp's own in its token exchange, asserted from what the fake Culture Amp saw:
 * the target-entity scope and where the client id and secret go. The lifecycle (one sign-in for
 * many requests, renewal, the Test button) is checked for every credential in faults/.
 */

let f: CultureAmpFixture;

afterEach(async () => {
	await f.fake.stop();
});

const getAllEmployees = { resource: 'employee', operation: 'getAll', returnAll: true };
const SCOPE = `target-entity:${CULTURE_AMP_ENTITY_ID}:employees-read,performance-evaluations-read`;

describe('the token exchange', () => {
	it('is one form-encoded client_credentials request with the documented scope, which is stored as granted', async () => {
		f = await CultureAmpFixture.start();

		const output = await f.run(getAllEmployees);

		expect(output).toHaveLength(5);
		const [signIn] = f.fake.signIns;
		expect(signIn.location).toBe('body');
		expect(Object.fromEntries(new URLSearchParams(signIn.rawBody))).toEqual({
			grant_type: 'client_credentials',
			scope: SCOPE,
			client_id: f.clientId,
			client_secret: f.secret,
		});
		expect(f.stored().grantedScope).toBe(SCOPE);
	});

	it('sends the client id and secret in a Basic header, not in the form, when told to', async () => {
		f = await CultureAmpFixture.start();
		f.save({ credentialLocation: 'header' });

		const output = await f.run(getAllEmployees);

		expect(output).toHaveLength(5);
		const [signIn] = f.fake.signIns;
		expect(signIn.location).toBe('header');
		expect(Object.fromEntries(new URLSearchParams(signIn.rawBody))).toEqual({
			grant_type: 'client_credentials',
			scope: SCOPE,
		});
	});
});
