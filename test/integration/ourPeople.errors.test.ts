import { NodeApiError } from 'n8n-workflow';
import type { INode } from 'n8n-workflow';
import { errorOf, shown } from './helpers';
import { Fixture, TYPE } from './ourPeopleFixture';
import { headlineOf } from '../harness/headline';

/** What a user sees when signing in fails: in a node, and behind the credential's Test button. */

let f: Fixture;

beforeEach(async () => {
	f = await Fixture.start();
});

afterEach(async () => {
	await f.fake.stop();
});

const WRONG_SECRET = 'Not-The-Secret-42';
const getAll = { resource: 'user', operation: 'getAll' };

describe('a wrong Client Secret', () => {
	it('fails the node with the sign-in error, saying what to check', async () => {
		f.save({ clientSecret: WRONG_SECRET });

		const error = await errorOf(f.run(getAll));

		expect(error).toBeInstanceOf(NodeApiError);
		expect(headlineOf(error)).toBe(
			'OurPeople sign-in failed (HTTP 401): Invalid client id or secret',
		);
		expect(error.description).toContain('Check the Client ID and Client Secret');
		expect((error.node as INode).name).toBe('OurPeople');
		expect(f.fake.count('sign-in')).toBe(1);
		expect(f.fake.count('api')).toBe(0);
		expect(shown(error)).not.toContain(WRONG_SECRET);
	});

	it('puts the error on each item with Continue On Fail', async () => {
		f.save({ clientSecret: WRONG_SECRET });

		const output = await f.run(getAll, { items: 2, continueOnFail: true });

		expect(output).toEqual(
			[0, 1].map((item) => ({
				json: {
					error: expect.stringMatching(
						/^OurPeople sign-in failed \(HTTP 401\): Invalid client id or secret\. Check the Client ID and Client Secret/,
					),
					description: expect.stringContaining('Check the Client ID and Client Secret'),
					reason: 'sign_in_rejected',
				},
				pairedItem: { item },
			})),
		);
		expect(shown(output)).not.toContain(WRONG_SECRET);
	});

	it('is not shown even when OurPeople echoes it back in its error', async () => {
		f.save({ clientSecret: WRONG_SECRET });
		f.fake.injectFault('sign-in', {
			type: 'status',
			status: 401,
			body: { message: `Unknown secret ${WRONG_SECRET}` },
		});

		const error = await errorOf(f.run(getAll));

		expect(headlineOf(error)).toBe(
			'OurPeople sign-in failed (HTTP 401): Unknown secret [redacted]',
		);
		expect(shown(error)).not.toContain(WRONG_SECRET);
	});

	it('entered after a working one: the old token is not used and not shown', async () => {
		await f.run(getAll);
		f.store.save(TYPE, { ...f.stored(), clientSecret: WRONG_SECRET });
		f.fake.clearLog();

		const error = await errorOf(f.run(getAll));

		expect(headlineOf(error)).toBe(
			'OurPeople sign-in failed (HTTP 401): Invalid client id or secret',
		);
		expect(f.fake.log.map((entry) => entry.kind)).toEqual(['sign-in']);
		expect(f.fake.issuedTokens.length).toBeGreaterThan(0);
		for (const token of [...f.fake.issuedTokens, WRONG_SECRET, f.secret])
			expect(shown(error)).not.toContain(token);
	});
});

describe('the Test button', () => {
	it('signs in with the credential as entered', async () => {
		const fields = await f.pressTest();

		expect(fields?.accessToken).toBe(f.fake.issuedTokens[0]);
		expect(f.fake.count('sign-in')).toBe(1);
		expect(f.stored().accessToken).toBe(f.fake.issuedTokens[0]);
	});

	it('contacts OurPeople again on every press, even with a fresh token stored', async () => {
		await f.pressTest();
		const firstToken = f.stored().accessToken;

		await f.pressTest();

		expect(f.store.preAuthenticationCalls).toBe(2);
		expect(f.fake.count('sign-in') + f.fake.count('refresh')).toBe(2);
		expect(f.stored().accessToken).not.toBe(firstToken);
	});

	it('shows the sign-in error for a wrong secret', async () => {
		f.save({ clientSecret: WRONG_SECRET });

		const error = await errorOf(f.pressTest());

		expect(headlineOf(error)).toBe(
			'OurPeople sign-in failed (HTTP 401): Invalid client id or secret',
		);
		expect(shown(error)).not.toContain(WRONG_SECRET);
	});

	it('shows the sign-in error for a secret changed to a wrong one after a working sign-in', async () => {
		await f.pressTest();
		f.store.save(TYPE, { ...f.stored(), clientSecret: WRONG_SECRET });

		const error = await errorOf(f.pressTest());

		expect(headlineOf(error)).toBe(
			'OurPeople sign-in failed (HTTP 401): Invalid client id or secret',
		);
		expect(f.fake.count('refresh')).toBe(0);
	});
});

describe('an API URL that is not the API', () => {
	it('says the server answered with an HTML page and to check the API URL', async () => {
		f.fake.injectFault('sign-in', { type: 'html' });

		const error = await errorOf(f.run(getAll));

		expect(headlineOf(error)).toBe(
			'OurPeople sign-in failed: the server answered with an HTML page instead of JSON',
		);
		expect(error.description).toMatch(/^Check the API URL/);
		expect(f.fake.count('api')).toBe(0);
	});

	it('says nothing answered at the API URL when nothing listens there', async () => {
		const { host } = new URL(f.url);
		await f.fake.stop();

		const error = await errorOf(f.run(getAll));

		expect(headlineOf(error)).toBe(
			`OurPeople sign-in failed: nothing accepts connections at ${host}`,
		);
		expect(error.description).toBe(
			'Check the port of the URL and that the server at localhost is running.',
		);
	});

	// A sign-in that hangs is cut off by the 30 s token request timeout: too slow for this
	// suite. The unit tests cover the message for an unanswered request.
});
