import { NodeApiError } from 'n8n-workflow';
import type { INode } from 'n8n-workflow';
import { Comm100Fixture, TRICKY_PASSWORD, TYPE } from './comm100Fixture';
import { errorOf, shown } from './helpers';
import { headlineOf } from '../harness/headline';

/** What a user sees when a Comm100 sign-in fails: in the node, and behind the Test button. */

let f: Comm100Fixture;

beforeEach(async () => {
	f = await Comm100Fixture.start();
});

afterEach(async () => {
	await f.fake.stop();
});

const userInfo = { resource: 'userInfo', operation: 'get' };
const WRONG_PASSWORD = `${TRICKY_PASSWORD}-wrong`;

/** Asserts that nothing in `value` shows the password (any encoding) or the email. */
function expectNoPersonalData(value: unknown, passwords: string[]) {
	const text = shown(value);
	for (const password of passwords) {
		for (const form of f.passwordForms(password)) expect(text).not.toContain(form);
	}
	expect(text).not.toContain(f.agent.email);
	expect(text).not.toContain(f.locked.email);
}

describe.each([
	[
		'a wrong password',
		() => ({ password: WRONG_PASSWORD }),
		'Invalid email or password - invalid_grant',
		/^Check the email and password/,
	],
	[
		'an unknown email',
		() => ({ email: 'nobody@company.test' }),
		'Invalid email or password - invalid_grant',
		/^Check the email and password/,
	],
	[
		'an unknown partner',
		() => ({ partnerId: '99999' }),
		'Partner 99999 does not exist - invalid_request',
		/^Check the Partner ID/,
	],
	[
		'a locked account',
		() => ({ email: f.locked.email }),
		'The account is locked - invalid_grant',
		/^The Comm100 account is locked: have it unlocked/,
	],
	[
		'an unknown OAuth client',
		() => ({ clientId: 'no-such-client' }),
		'Unknown client - invalid_client',
		/^Check the Client ID/,
	],
])('%s', (_, fields, said, fix) => {
	const message = `Comm100 sign-in failed (HTTP 400): ${said}`;

	it("fails the node with the sign-in step and Comm100's words, and no password or email", async () => {
		f.save(fields());

		const error = await errorOf(f.run(userInfo));

		expect(error).toBeInstanceOf(NodeApiError);
		expect(headlineOf(error)).toBe(message);
		expect(error.description).toMatch(fix);
		expect((error.node as INode).name).toBe('Comm100');
		expect(f.fake.count('sign-in')).toBe(1);
		expect(f.fake.count('api')).toBe(0);
		expectNoPersonalData(error, [f.agent.password, WRONG_PASSWORD]);
	});

	it('is what the Test button shows', async () => {
		f.save(fields());

		const error = await errorOf(f.pressTest());

		expect(headlineOf(error)).toBe(message);
		expect(error.description).toMatch(fix);
		expectNoPersonalData(error, [f.agent.password, WRONG_PASSWORD]);
	});
});

describe('the password', () => {
	it('is not shown even when Comm100 echoes it back, as typed or encoded', async () => {
		const password = f.agent.password;
		f.fake.injectFault('sign-in', {
			type: 'status',
			status: 400,
			body: {
				error: 'invalid_grant',
				error_description: `rejected ${password} (${encodeURIComponent(password)}) in password=${new URLSearchParams({ p: password }).toString().slice(2)}`,
			},
		});

		const error = await errorOf(f.run(userInfo));

		expect(headlineOf(error)).toBe(
			'Comm100 sign-in failed (HTTP 400): rejected [redacted] ([redacted]) in password=[redacted] - invalid_grant',
		);
		expectNoPersonalData(error, [password]);
	});

	it('changed to a wrong one after a working sign-in: the old token is not used', async () => {
		await f.run(userInfo);
		f.store.save(TYPE, { ...f.stored(), password: WRONG_PASSWORD });
		f.fake.clearLog();

		const error = await errorOf(f.run(userInfo));

		expect(headlineOf(error)).toBe(
			'Comm100 sign-in failed (HTTP 400): Invalid email or password - invalid_grant',
		);
		expect(f.fake.log.map((entry) => entry.kind)).toEqual(['sign-in']);
		for (const token of f.fake.issuedTokens) expect(shown(error)).not.toContain(token);
		expectNoPersonalData(error, [f.agent.password, WRONG_PASSWORD]);
	});
});

describe('credential fields', () => {
	it('refuses an API host without https before anything is sent', async () => {
		f.save({ baseUrl: 'http://partner.comm100.io' });

		const error = await errorOf(f.run(userInfo));

		expect(error.message).toMatch(/^Comm100 credential: the API host must use https:\/\//);
		expect(f.fake.log).toEqual([]);
	});

	it('asks for a missing Partner ID before anything is sent', async () => {
		f.save({ partnerId: '' });

		const error = await errorOf(f.pressTest());

		expect(error.message).toBe(
			'Comm100 credential: enter the Partner ID (the ID of your Comm100 partner account, e.g. 10000)',
		);
		expect(f.fake.log).toEqual([]);
	});
});

describe('a Comm100 that cannot sign in right now', () => {
	it('reports HTTP 500 as a Comm100 problem, not as wrong sign-in data', async () => {
		f.fake.injectFault('sign-in', {
			type: 'status',
			status: 500,
			body: { message: 'Internal error' },
		});

		const error = await errorOf(f.run(userInfo));

		expect(headlineOf(error)).toBe('Comm100 sign-in failed (HTTP 500): Internal error');
		expect(error.description).toBe('The provider had a problem answering; try again later.');
		expect(f.fake.count('api')).toBe(0);
	});
});
