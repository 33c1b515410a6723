import { CULTURE_AMP_ENTITY_ID } from '../fakes/cultureAmp';
import { CultureAmpFixture } from './cultureAmpFixture';

/**
 * The Culture Amp token exchange as n8n-core drives the hooks (preAuthentication,
 * authenticate, retry on 401), asserted from what the fake Culture Amp saw.
 */

let f: CultureAmpFixture;

afterEach(async () => {
	await f.fake.stop();
});

const getAllEmployees = { resource: 'employee', operation: 'getAll', returnAll: true };
const SCOPE = `target-entity:${CULTURE_AMP_ENTITY_ID}:employees-read,performance-evaluations-read`;

describe('the token exchange', () => {
	it('is one form-encoded client_credentials request for a 4-item run, with the documented scope', async () => {
		f = await CultureAmpFixture.start();

		const output = await f.run(getAllEmployees, { items: 4 });

		expect(f.fake.count('sign-in')).toBe(1);
		expect(f.fake.expiredTokenRequests()).toBe(0);
		expect(output).toHaveLength(4 * 5);
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

	it('is shared by 12 concurrent requests of any node (httpRequestWithAuthentication)', async () => {
		f = await CultureAmpFixture.start();
		const context = f.context();

		await Promise.all(Array.from({ length: 12 }, () => f.getWithin(context)));

		expect(f.fake.count('sign-in')).toBe(1);
		expect(f.acceptedApiCalls()).toBe(12);
	});

	it('asks for the selected and the typed-in permissions, each once', async () => {
		f = await CultureAmpFixture.start({ granted: ['employees-read', 'goals-read'] });
		f.save({ permissions: ['employees-read'], extraPermissions: ' goals-read , employees-read,' });

		await f.run(getAllEmployees);

		expect(f.fake.signIns[0].scope).toBe(
			`target-entity:${CULTURE_AMP_ENTITY_ID}:employees-read,goals-read`,
		);
	});

	it('is made again when the permissions change, so the token carries the new ones', async () => {
		f = await CultureAmpFixture.start({
			granted: ['employees-read', 'performance-evaluations-read'],
		});
		f.save({ permissions: ['performance-evaluations-read'] });
		await f.run({ resource: 'performanceCycle', operation: 'getAll', returnAll: true });
		f.store.save('cultureAmpApi', { ...f.stored(), permissions: ['employees-read'] });

		await f.run(getAllEmployees);

		expect(f.fake.signIns.map((s) => s.scope.split(':')[2])).toEqual([
			'performance-evaluations-read',
			'employees-read',
		]);
		expect(f.fake.log.filter((e) => e.kind === 'api').map((e) => e.status)).toEqual([
			200, 200, 200, 200,
		]);
	});
});

describe('a token past its expires_in', () => {
	it('is replaced by one new sign-in before sending: no request carries it, no 401', async () => {
		f = await CultureAmpFixture.start();
		await f.signInAndWaitForExpiry(2);
		f.fake.clearLog();
		const context = f.context();

		await Promise.all(Array.from({ length: 8 }, () => f.getWithin(context)));

		expect(f.fake.count('sign-in')).toBe(1);
		expect(f.fake.expiredTokenRequests()).toBe(0);
		expect(f.fake.log.filter((e) => e.status === 401)).toEqual([]);
		expect(f.acceptedApiCalls()).toBe(8);
	});
});

describe('the Test button', () => {
	it('signs in on every press and stores the granted scope', async () => {
		f = await CultureAmpFixture.start();

		await f.pressTest();
		await f.pressTest();

		expect(f.fake.count('sign-in')).toBe(2);
		expect(f.stored().accessToken).toBe(f.fake.issuedTokens[1]);
		expect(f.stored().grantedScope).toBe(SCOPE);
	});
});
