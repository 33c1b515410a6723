import { NodeApiError } from 'n8n-workflow';
import { CULTURE_AMP_ENTITY_ID } from '../fakes/cultureAmp';
import { errorOf, shown } from './helpers';
import { CultureAmpFixture } from './cultureAmpFixture';
import { headlineOf } from '../harness/headline';

/** What a user sees when Culture Amp refuses: each message says what to fix and shows no secret. */

let f: CultureAmpFixture;

afterEach(async () => {
	await f.fake.stop();
});

const WRONG_SECRET = 'Not-The-Ca-Secret-42';
const employees = { resource: 'employee', operation: 'getAll', returnAll: true };

describe('a wrong Client Secret', () => {
	it.each(['body', 'header'])(
		'sent in the %s: says to check id, secret and location, and hides the secret',
		async (location) => {
			f = await CultureAmpFixture.start();
			f.save({ clientSecret: WRONG_SECRET, credentialLocation: location });

			const error = await errorOf(f.run(employees));

			expect(error).toBeInstanceOf(NodeApiError);
			expect(headlineOf(error)).toBe(
				'Culture Amp sign-in failed (HTTP 401): Client authentication failed - invalid_client',
			);
			expect(error.description).toMatch(
				/^Check the Client ID and Client Secret from Culture Amp, and the Credential Location/,
			);
			expect(f.fake.count('api')).toBe(0);
			const basic = Buffer.from(`${f.clientId}:${WRONG_SECRET}`).toString('base64');
			for (const secret of [WRONG_SECRET, basic]) expect(shown(error)).not.toContain(secret);
		},
	);
});

describe('a scope Culture Amp refuses', () => {
	it('an unknown entity: names the entity ids to use', async () => {
		f = await CultureAmpFixture.start();
		f.save({ entityId: '00000000-0000-4000-8000-000000000000' });

		const error = await errorOf(f.run(employees));

		expect(headlineOf(error)).toBe(
			'Culture Amp sign-in failed (HTTP 400): Unknown target entity 00000000-0000-4000-8000-000000000000 - invalid_scope',
		);
		expect(error.description).toContain(
			`Check the Entity ID (${CULTURE_AMP_ENTITY_ID} for production`,
		);
	});

	it('only permissions the API client does not have: says to check the permissions', async () => {
		f = await CultureAmpFixture.start({ granted: ['employees-read'] });
		f.save({ permissions: ['performance-evaluations-read'] });

		const error = await errorOf(f.run({ resource: 'performanceCycle', operation: 'getAll' }));

		expect(error.message).toMatch(
			/^Culture Amp sign-in failed \(HTTP 400\): None of the requested permissions/,
		);
		expect(error.description).toContain(
			'that the selected Permissions are ones Culture Amp gave this API client',
		);
	});
});

describe('HTTP 403 for a missing permission', () => {
	it('names the permission when the credential does not ask for it', async () => {
		f = await CultureAmpFixture.start();
		f.save({ permissions: ['performance-evaluations-read'] });

		const error = await errorOf(f.run(employees));

		expect(headlineOf(error)).toBe('Culture Amp request failed (HTTP 403): Forbidden');
		expect(error.description).toBe(
			'This endpoint needs the employees-read permission, which the credential does not ask for: add it under Permissions in the Culture Amp credential.',
		);
	});

	it('says Culture Amp did not grant it when the credential asks for it', async () => {
		f = await CultureAmpFixture.start({ granted: ['performance-evaluations-read'] });

		const error = await errorOf(f.run(employees));

		expect(headlineOf(error)).toBe('Culture Amp request failed (HTTP 403): Forbidden');
		expect(error.description).toBe(
			'This endpoint needs the employees-read permission. The credential asks for it, but Culture Amp did not grant it to this API client (granted: performance-evaluations-read): ask Culture Amp to add employees-read to the API credential.',
		);
		expect(f.fake.count('sign-in')).toBe(1);
	});

	it("names employee-demographics-read for an employee's demographics", async () => {
		f = await CultureAmpFixture.start();

		const error = await errorOf(
			f.run({
				resource: 'employee',
				operation: 'getDemographics',
				employeeId: '00000001-3099-44a9-bd28-0292be8aff7f',
			}),
		);

		expect(error.description).toMatch(
			/^This endpoint needs the employee-demographics-read permission, which the credential does not ask for/,
		);
	});

	it('names the permission for a path sent through API Request too', async () => {
		f = await CultureAmpFixture.start();
		f.save({ permissions: ['employees-read'] });

		const error = await errorOf(
			f.run({
				resource: 'request',
				operation: 'send',
				method: 'GET',
				path: '/v1/manager-reviews?after_date=2024-01-01T00:00:00Z',
			}),
		);

		expect(error.description).toMatch(
			/^This endpoint needs the performance-evaluations-read permission/,
		);
	});
});

describe('a token request Culture Amp cannot read as a form', () => {
	it('is rejected by the fake, as the docs require (so the tests above prove the form encoding)', async () => {
		f = await CultureAmpFixture.start();

		const response = await fetch(`${f.url}/v1/oauth2/token`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({
				grant_type: 'client_credentials',
				client_id: f.clientId,
				client_secret: f.secret,
			}),
		});

		expect(response.status).toBe(400);
	});

	it('says the request was not read as form data and what may have rewritten it', async () => {
		f = await CultureAmpFixture.start();
		f.fake.injectFault('sign-in', {
			type: 'status',
			status: 400,
			body: {
				error: 'invalid_request',
				error_description: 'Content-Type must be application/x-www-form-urlencoded',
			},
		});

		const error = await errorOf(f.run(employees));

		expect(headlineOf(error)).toBe(
			'Culture Amp sign-in failed (HTTP 400): Content-Type must be application/x-www-form-urlencoded - invalid_request',
		);
		expect(error.description).toMatch(
			/^Culture Amp could not read the token request as form data\. .*proxy/,
		);
	});
});
