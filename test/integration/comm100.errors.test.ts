import { NodeApiError } from 'n8n-workflow';
import type { INode } from 'n8n-workflow';
import { Comm100Fixture, TRICKY_PASSWORD } from './comm100Fixture';
import { errorOf, shown } from './helpers';
import { headlineOf } from '../harness/headline';

/**
 * What is Comm100's own in its sign-in: the form body and partnerId its docs require (the fake
 * refuses anything else, so every suite that signs in proves them), its refusals and what each
 * says to fix, and its password and email kept out of every message. The lifecycle, the Test
 * button and the token endpoint's faults are checked for every credential in faults/.
 */

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
});

describe('the fake Comm100, like the docs', () => {
	it('refuses a sign-in sent as JSON, or without partnerId, and accepts the documented form', async () => {
		const form = new URLSearchParams({
			client_id: f.agent.clientIds[0],
			grant_type: 'password',
			email: f.agent.email,
			password: f.agent.password,
		}).toString();
		const post = (query: string, body: string, contentType: string) =>
			fetch(`${f.url}/oauth/token${query}`, {
				method: 'POST',
				headers: { 'Content-Type': contentType },
				body,
			});

		const json = await post(
			`?partnerId=${f.agent.partnerId}`,
			JSON.stringify(Object.fromEntries(new URLSearchParams(form))),
			'application/json',
		);
		const noPartner = await post('', form, 'application/x-www-form-urlencoded');
		const documented = await post(
			`?partnerId=${f.agent.partnerId}`,
			form,
			'application/x-www-form-urlencoded',
		);

		expect(json.status).toBe(400);
		expect(noPartner.status).toBe(400);
		expect(documented.status).toBe(200);
		expect(await documented.json()).toMatchObject({ token_type: 'Bearer', expires_in: 43200 });
	});
});
