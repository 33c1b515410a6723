import { FakeComm100 } from '../fakes/comm100';
import type { Comm100Agent } from '../fakes/comm100';
import { formsOf } from '../harness/leaks';
import { outputOf, RealN8n, sleepUntil } from '../harness/realN8n';
import {
	chain,
	credentialExport,
	httpRequest,
	items,
	packageNode,
	start,
} from '../harness/workflows';
import type { CredentialRef } from '../harness/workflows';

/**
 * Comm100 in a real n8n 2.x with this package installed from its `npm pack` tarball, driven
 * with `n8n import:*` and `n8n execute`. Asserted from what the fake Comm100 saw and what n8n
 * printed.
 */
jest.setTimeout(15 * 60_000);

const LIFETIME_SECONDS = 12;
const PARALLEL_ITEMS = 10;

const agent: Comm100Agent = {
	partnerId: '10000',
	clientIds: ['1d29e6d7-18cf-407d-a064-e4f8c4baefab'],
	email: 'e2e.agent@company.test',
	password: 'E2e pa55&word=+%/~!',
	agentId: 'f9683b7b-e332-4864-b725-ac6cdc207dbd',
	siteId: 10115,
	role: 'AGENT',
};
const locked: Comm100Agent = {
	...agent,
	email: 'e2e.locked@company.test',
	agentId: 'locked-agent',
	locked: true,
};
const WRONG_PASSWORD = 'Wr0ng pa55&word=+%';

const demo: CredentialRef = { id: 'Comm100E2eDemo01', name: 'Comm100 demo', type: 'comm100Api' };
const failures = [
	{
		name: 'a wrong password',
		credential: { id: 'Comm100E2eWrong1', name: 'Comm100 wrong password', type: 'comm100Api' },
		fields: { password: WRONG_PASSWORD },
		message: 'Comm100 sign-in failed (HTTP 400): Invalid email or password - invalid_grant',
		fix: 'Check the email and password you sign in to Comm100 with.',
	},
	{
		name: 'an unknown partner',
		credential: { id: 'Comm100E2eNoPart', name: 'Comm100 unknown partner', type: 'comm100Api' },
		fields: { partnerId: '99999' },
		message: 'Comm100 sign-in failed (HTTP 400): Partner 99999 does not exist - invalid_request',
		fix: 'Check the Partner ID',
	},
	{
		name: 'a locked account',
		credential: { id: 'Comm100E2eLocked', name: 'Comm100 locked account', type: 'comm100Api' },
		fields: { email: locked.email },
		message: 'Comm100 sign-in failed (HTTP 400): The account is locked - invalid_grant',
		fix: 'The Comm100 account is locked: have it unlocked in Comm100',
	},
];

let fake: FakeComm100;
let n8n: RealN8n;

async function runWorkflow() {
	fake.clearLog();
	const result = await n8n.execute('Comm100E2eFlow01');
	return { result, log: [...fake.log] };
}

function tokenCalls(log: FakeComm100['log']) {
	return {
		signIns: log.filter((e) => e.kind === 'sign-in').length,
		expiredTokenRequests: log.filter((e) => e.token === 'expired').length,
		acceptedApiCalls: log.filter((e) => e.kind === 'api' && e.token === 'valid' && e.status === 200)
			.length,
		apiCalls: log.filter((e) => e.kind === 'api').length,
	};
}

beforeAll(async () => {
	fake = new FakeComm100({ tokenLifetimeSeconds: LIFETIME_SECONDS, agents: [agent, locked] });
	const url = await fake.start();
	const data = {
		baseUrl: `${url}/`,
		partnerId: agent.partnerId,
		clientId: agent.clientIds[0],
		email: agent.email,
		password: agent.password,
	};
	n8n = await RealN8n.create({ port: 5750 });
	await n8n.importCredentials([
		credentialExport(demo, data),
		...failures.map(({ credential, fields }) =>
			credentialExport(credential, { ...data, ...fields }),
		),
	]);
	await n8n.importWorkflow(
		chain('Comm100E2eFlow01', 'Comm100 e2e', [
			start,
			...items(PARALLEL_ITEMS),
			httpRequest('HTTP Request', demo, `${url}/oauth/userinfo`),
			packageNode('Who Am I', 'comm100', demo, { resource: 'userInfo', operation: 'get' }),
			packageNode('API Request', 'comm100', demo, {
				resource: 'request',
				operation: 'send',
				method: 'GET',
				path: '/oauth/userinfo',
			}),
		]),
	);
	for (const [index, { credential }] of failures.entries()) {
		await n8n.importWorkflow(
			chain(`Comm100E2eFail0${index}`, `Comm100 e2e ${credential.name}`, [
				start,
				packageNode('Who Am I', 'comm100', credential, { resource: 'userInfo', operation: 'get' }),
			]),
		);
	}
});

afterAll(async () => {
	await fake?.stop();
	n8n?.removeUserFolder();
});

describe('Comm100 in a real n8n', () => {
	let firstSignInAt = 0;

	test('first run: one sign-in serves 10 parallel HTTP Request items and both Comm100 nodes', async () => {
		const { result, log } = await runWorkflow();

		expect(tokenCalls(log)).toEqual({
			signIns: 1,
			expiredTokenRequests: 0,
			acceptedApiCalls: PARALLEL_ITEMS + 2,
			apiCalls: PARALLEL_ITEMS + 2,
		});
		const userInfo = { agentId: agent.agentId, siteId: agent.siteId, role: agent.role };
		const fromHttpRequest = outputOf(result, 'HTTP Request');
		expect(fromHttpRequest).toHaveLength(PARALLEL_ITEMS);
		for (const item of fromHttpRequest) expect(item).toEqual(userInfo);
		const [whoAmI] = outputOf(result, 'Who Am I');
		expect(whoAmI).toMatchObject({ ...userInfo, provider: 'Comm100' });
		expect(Number(whoAmI.expiresInSeconds)).toBeGreaterThan(0);
		expect(Number(whoAmI.expiresInSeconds)).toBeLessThanOrEqual(LIFETIME_SECONDS);
		expect(outputOf(result, 'API Request')).toEqual([userInfo]);
		firstSignInAt = log.find((e) => e.kind === 'sign-in')!.at;
	});

	test('after the token lifetime: exactly one new sign-in, and no request carries the expired token', async () => {
		await sleepUntil(firstSignInAt + LIFETIME_SECONDS * 1000 + 500);
		const { result, log } = await runWorkflow();

		expect(tokenCalls(log)).toEqual({
			signIns: 1,
			expiredTokenRequests: 0,
			acceptedApiCalls: PARALLEL_ITEMS + 2,
			apiCalls: PARALLEL_ITEMS + 2,
		});
		// The HTTP Request node runs first: the renewal is its, and its requests carry the new token.
		expect(log.slice(0, PARALLEL_ITEMS + 1).map((e) => e.kind)).toEqual([
			'sign-in',
			...Array(PARALLEL_ITEMS).fill('api'),
		]);
		expect(outputOf(result, 'HTTP Request')).toHaveLength(PARALLEL_ITEMS);
		expect(outputOf(result, 'Who Am I')[0]).toMatchObject({ agentId: agent.agentId });
	});

	test.each(failures.map((failure, index) => [failure.name, index] as const))(
		"%s fails the run with Comm100's words and the step, without password or email",
		async (_, index) => {
			fake.clearLog();
			const output = await n8n.executeFailing(`Comm100E2eFail0${index}`);

			expect(output).toContain(failures[index].message);
			expect(output).toContain(failures[index].fix);
			for (const form of [...formsOf(agent.password), ...formsOf(WRONG_PASSWORD)])
				expect(output).not.toContain(form);
			expect(output).not.toContain(agent.email);
			expect(output).not.toContain(locked.email);
			expect(fake.log.map((e) => `${e.kind} ${e.status}`)).toEqual(['sign-in 400']);
		},
	);

	test('nothing n8n printed contains the password (in any encoding) or a token', () => {
		expect(fake.issuedTokens.length).toBeGreaterThanOrEqual(2);
		for (const secret of [
			...formsOf(agent.password),
			...formsOf(WRONG_PASSWORD),
			...fake.issuedTokens,
		]) {
			expect(n8n.output).not.toContain(secret);
		}
	});
});
