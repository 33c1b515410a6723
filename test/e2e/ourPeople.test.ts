import { FakeOurPeople } from '../fakes/ourPeople';
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
 * A real n8n 2.x (scripts/ensure-n8n.sh) with this package installed from its `npm pack`
 * tarball, driven with `n8n import:*` and `n8n execute`. Everything is asserted from what the
 * fake OurPeople saw and what n8n printed.
 */
jest.setTimeout(15 * 60_000);

const LIFETIME_SECONDS = 12;
const SECRET = 'demo-secret-0123456789';
const PARALLEL_ITEMS = 10;

const demo: CredentialRef = {
	id: 'OurPeopleDemo001',
	name: 'OurPeople demo',
	type: 'ourPeopleApi',
};
const wrongSecret: CredentialRef = {
	id: 'OurPeopleWrong01',
	name: 'OurPeople wrong secret',
	type: 'ourPeopleApi',
};

let fake: FakeOurPeople;
let n8n: RealN8n;

/** Runs the workflow and returns what the fake saw during the run. */
async function runWorkflow() {
	fake.clearLog();
	const result = await n8n.execute('OurPeopleE2eFlow1');
	return { result, log: [...fake.log] };
}

function tokenCalls(log: FakeOurPeople['log']) {
	return {
		signIns: log.filter((e) => e.kind === 'sign-in').length,
		refreshes: log.filter((e) => e.kind === 'refresh').length,
		expiredTokenRequests: log.filter((e) => e.token === 'expired').length,
		apiCalls: log.filter((e) => e.kind === 'api').length,
	};
}

beforeAll(async () => {
	fake = new FakeOurPeople({ tokenLifetimeSeconds: LIFETIME_SECONDS });
	const url = await fake.start();
	n8n = await RealN8n.create({ port: 5710 });
	await n8n.importCredentials([
		credentialExport(demo, { apiUrl: `${url}/`, clientId: 'demo-client', clientSecret: SECRET }),
		credentialExport(wrongSecret, {
			apiUrl: url,
			clientId: 'demo-client',
			clientSecret: 'not-the-secret-42',
		}),
	]);
	await n8n.importWorkflow(
		chain('OurPeopleE2eFlow1', 'OurPeople e2e', [
			start,
			...items(PARALLEL_ITEMS),
			httpRequest('HTTP Request', demo, `${url}/v1/users`),
			packageNode('Who Am I', 'ourPeople', demo, { resource: 'userInfo', operation: 'get' }),
			packageNode('Users', 'ourPeople', demo, {
				resource: 'user',
				operation: 'getAll',
				returnAll: true,
			}),
		]),
	);
	await n8n.importWorkflow(
		chain('OurPeopleE2eFail1', 'OurPeople e2e wrong secret', [
			start,
			packageNode('Users', 'ourPeople', wrongSecret, {
				resource: 'user',
				operation: 'getAll',
				returnAll: true,
			}),
		]),
	);
});

afterAll(async () => {
	await fake?.stop();
	n8n?.removeUserFolder();
});

describe('OurPeople in a real n8n', () => {
	let firstSignInAt = 0;

	test('first run: one sign-in serves 10 parallel HTTP Request items and both OurPeople nodes', async () => {
		const { result, log } = await runWorkflow();

		expect(tokenCalls(log)).toEqual({
			signIns: 1,
			refreshes: 0,
			expiredTokenRequests: 0,
			apiCalls: PARALLEL_ITEMS + 1,
		});
		expect(outputOf(result, 'HTTP Request')).toHaveLength(PARALLEL_ITEMS * 2);
		const [whoAmI] = outputOf(result, 'Who Am I');
		expect(whoAmI).toMatchObject({ provider: 'OurPeople', claims: { sub: 'demo-client' } });
		expect(Number(whoAmI.expiresInSeconds)).toBeGreaterThan(0);
		expect(outputOf(result, 'Users').map((user) => user.name)).toEqual([
			'Ada Lovelace',
			'Grace Hopper',
		]);
		firstSignInAt = log.find((e) => e.kind === 'sign-in')!.at;
	});

	test('after the token lifetime: one refresh, and no request ever carries the expired token', async () => {
		await sleepUntil(firstSignInAt + LIFETIME_SECONDS * 1000 + 500);
		const { result, log } = await runWorkflow();

		expect(tokenCalls(log)).toEqual({
			signIns: 0,
			refreshes: 1,
			expiredTokenRequests: 0,
			apiCalls: PARALLEL_ITEMS + 1,
		});
		// The HTTP Request node runs first: the renewal is its, and its requests carry the new token.
		expect(log.slice(0, PARALLEL_ITEMS + 1).map((e) => e.kind)).toEqual([
			'refresh',
			...Array(PARALLEL_ITEMS).fill('api'),
		]);
		expect(outputOf(result, 'HTTP Request')).toHaveLength(PARALLEL_ITEMS * 2);
	});

	test('refresh token revoked: the next run signs in again with id and secret and succeeds', async () => {
		const lastRefreshAt = fake.log.find((e) => e.kind === 'refresh')!.at;
		fake.refreshTokens.revokeAll();
		await sleepUntil(lastRefreshAt + LIFETIME_SECONDS * 1000 + 500);
		const { result, log } = await runWorkflow();

		expect(log.filter((e) => e.kind === 'refresh').map((e) => e.status)).toEqual([401]);
		expect(tokenCalls(log)).toMatchObject({
			signIns: 1,
			expiredTokenRequests: 0,
			apiCalls: PARALLEL_ITEMS + 1,
		});
		expect(outputOf(result, 'Users')).toHaveLength(2);
	});

	test('a wrong secret fails the run with a message that says what to fix, and shows no secret', async () => {
		const output = await n8n.executeFailing('OurPeopleE2eFail1');

		expect(output).toContain('OurPeople sign-in failed (HTTP 401): Invalid client id or secret');
		expect(output).toContain('Check the Client ID and Client Secret');
		expect(output).not.toContain('not-the-secret-42');
	});

	test('nothing n8n printed contains a secret or a token', () => {
		expect(fake.issuedTokens.length).toBeGreaterThanOrEqual(4);
		for (const secret of [SECRET, ...fake.issuedTokens]) expect(n8n.output).not.toContain(secret);
	});
});
