import { FakeBlynk } from '../fakes/blynk';
import type { BlynkClient } from '../fakes/blynk';
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
 * A real n8n 2.x with this package installed from its `npm pack` tarball, one Blynk credential
 * per client-authentication mode in the same workflow, asserted from what the fake Blynk.Cloud
 * saw and from everything n8n printed.
 */
jest.setTimeout(15 * 60_000);

const LIFETIME_SECONDS = 12;
const PARALLEL_ITEMS = 10;
const DEVICES = 1200;

// Characters that URL-, form- and qs-encoding each treat differently.
const headerClient: BlynkClient = {
	id: 'oa2-client-id_e2e-header',
	secret: 'Header/Secret+1!~(a) b',
	orgId: 658,
};
const queryClient: BlynkClient = {
	id: 'oa2-client-id_e2e-query',
	secret: 'Query/Secret+2!~(a) b',
	orgId: 658,
};
const WRONG_SECRET = 'Wrong/Query+Secret!~(3) c';

const header: CredentialRef = { id: 'BlynkE2eHeader01', name: 'Blynk header', type: 'blynkApi' };
const query: CredentialRef = { id: 'BlynkE2eQuery001', name: 'Blynk query', type: 'blynkApi' };
const wrongQuery: CredentialRef = {
	id: 'BlynkE2eWrong001',
	name: 'Blynk wrong secret (query)',
	type: 'blynkApi',
};

let fake: FakeBlynk;
let n8n: RealN8n;
let url: string;
let serverOutput = '';

/** Every form a secret could be printed in: as is, URL-encoded, form-encoded, inside Basic. */
function forms(client: Pick<BlynkClient, 'id' | 'secret'>): string[] {
	const formEncoded = new URLSearchParams({ s: client.secret }).toString().slice(2);
	const basic = Buffer.from(`${client.id}:${client.secret}`).toString('base64');
	return [client.secret, encodeURIComponent(client.secret), formEncoded, basic];
}

function credentialData(
	client: Pick<BlynkClient, 'id' | 'secret'>,
	location: 'header' | 'query',
	customServer: string,
) {
	return {
		server: 'custom',
		customServer,
		clientId: client.id,
		clientSecret: client.secret,
		credentialLocation: location,
	};
}

async function runWorkflow() {
	fake.clearLog();
	const result = await n8n.execute('BlynkE2eFlow0001');
	return { result, log: [...fake.log], tokenRequests: [...fake.tokenRequests] };
}

/** Token endpoint calls of one client, as `grant auth status`. */
function tokenCalls(requests: FakeBlynk['tokenRequests'], client: BlynkClient): string[] {
	return requests
		.filter((r) => r.clientId === client.id)
		.map((r) => `${r.grant} ${r.clientAuth} ${r.status}`);
}

beforeAll(async () => {
	fake = new FakeBlynk({
		tokenLifetimeSeconds: LIFETIME_SECONDS,
		clients: [headerClient, queryClient],
		deviceCount: DEVICES,
	});
	url = await fake.start();
	n8n = await RealN8n.create({ port: 5760 });
	await n8n.importCredentials([
		credentialExport(header, credentialData(headerClient, 'header', `${url}/`)),
		credentialExport(query, credentialData(queryClient, 'query', url)),
		credentialExport(
			wrongQuery,
			credentialData({ id: queryClient.id, secret: WRONG_SECRET }, 'query', url),
		),
	]);
	await n8n.importWorkflow(
		chain('BlynkE2eFlow0001', 'Blynk e2e', [
			start,
			...items(PARALLEL_ITEMS),
			httpRequest('HTTP Request (header)', header, `${url}/api/v1/organization/profile`),
			httpRequest('HTTP Request (query)', query, `${url}/api/v1/organization/profile`),
			packageNode('Who Am I', 'blynk', header, { resource: 'userInfo', operation: 'get' }),
			packageNode('Devices', 'blynk', query, {
				resource: 'device',
				operation: 'getAll',
				returnAll: true,
			}),
		]),
	);
	await n8n.importWorkflow(
		chain('BlynkE2eFail0001', 'Blynk e2e wrong secret', [
			start,
			packageNode('Devices', 'blynk', wrongQuery, {
				resource: 'device',
				operation: 'getAll',
				returnAll: true,
			}),
		]),
	);
});

afterAll(async () => {
	await n8n?.stop();
	await fake?.stop();
	n8n?.removeUserFolder();
});

describe('Blynk in a real n8n, header and query client authentication', () => {
	let lastSignInAt = 0;

	test('first run: one sign-in per credential, the chosen way, for 10 parallel items and both Blynk nodes', async () => {
		const { result, log, tokenRequests } = await runWorkflow();

		expect(tokenCalls(tokenRequests, headerClient)).toEqual(['client_credentials header 200']);
		expect(tokenCalls(tokenRequests, queryClient)).toEqual(['client_credentials query 200']);
		expect(log.filter((e) => e.kind === 'api').map((e) => `${e.token} ${e.status}`)).toEqual(
			Array(PARALLEL_ITEMS * 2 + 1 + 2).fill('valid 200'),
		);
		expect(outputOf(result, 'HTTP Request (query)')).toHaveLength(PARALLEL_ITEMS);
		const [whoAmI] = outputOf(result, 'Who Am I');
		expect(whoAmI).toMatchObject({
			id: 658,
			name: 'Demo Organization',
			provider: 'Blynk',
			hasRefreshToken: true,
		});
		expect(Number(whoAmI.expiresInSeconds)).toBeGreaterThan(0);
		expect(outputOf(result, 'Devices')).toHaveLength(DEVICES);
		lastSignInAt = Math.max(...log.filter((e) => e.kind === 'sign-in').map((e) => e.at));
	});

	test('after the token lifetime: exactly one refresh per credential, and no expired token is ever sent', async () => {
		await sleepUntil(lastSignInAt + LIFETIME_SECONDS * 1000 + 500);
		const { result, log, tokenRequests } = await runWorkflow();

		expect(tokenCalls(tokenRequests, headerClient)).toEqual(['refresh_token header 200']);
		expect(tokenCalls(tokenRequests, queryClient)).toEqual(['refresh_token query 200']);
		expect(log.filter((e) => e.token === 'expired')).toEqual([]);
		expect(log.filter((e) => e.kind === 'api' && e.status === 200)).toHaveLength(
			PARALLEL_ITEMS * 2 + 3,
		);
		// The HTTP Request nodes run first: each renewal is theirs, and their requests carry the new token.
		const byHttpRequestNode = ['refresh', ...Array(PARALLEL_ITEMS).fill('api')];
		expect(log.slice(0, 2 * (PARALLEL_ITEMS + 1)).map((e) => e.kind)).toEqual([
			...byHttpRequestNode,
			...byHttpRequestNode,
		]);
		expect(outputOf(result, 'HTTP Request (header)')).toHaveLength(PARALLEL_ITEMS);
		expect(outputOf(result, 'HTTP Request (query)')).toHaveLength(PARALLEL_ITEMS);
	});

	test('refresh tokens revoked: each credential signs in again with its client credentials and the run succeeds', async () => {
		const lastRefreshAt = Math.max(
			...fake.log.filter((e) => e.kind === 'refresh').map((e) => e.at),
		);
		fake.refreshTokens.revokeAll();
		await sleepUntil(lastRefreshAt + LIFETIME_SECONDS * 1000 + 500);
		const { result, log, tokenRequests } = await runWorkflow();

		expect(tokenCalls(tokenRequests, headerClient)).toEqual([
			'refresh_token header 400',
			'client_credentials header 200',
		]);
		expect(tokenCalls(tokenRequests, queryClient)).toEqual([
			'refresh_token query 400',
			'client_credentials query 200',
		]);
		expect(log.filter((e) => e.token === 'expired')).toEqual([]);
		expect(outputOf(result, 'Devices')).toHaveLength(DEVICES);
	});

	test("a wrong secret in query mode fails with Blynk's words and what to fix, and n8n prints no secret", async () => {
		const output = await n8n.executeFailing('BlynkE2eFail0001');

		expect(output).toContain(
			'Blynk sign-in failed (HTTP 401): Client ID is not found or password is wrong. - invalid_client',
		);
		expect(output).toContain('Check the Client ID and Client Secret');
		for (const form of forms({ id: queryClient.id, secret: WRONG_SECRET }))
			expect(output).not.toContain(form);
	});

	test('nothing n8n printed contains a secret, in any encoding, or a token', () => {
		expect(fake.issuedTokens.length).toBeGreaterThanOrEqual(12);
		const secrets = [
			...forms(headerClient),
			...forms(queryClient),
			...forms({ id: queryClient.id, secret: WRONG_SECRET }),
		];
		for (const secret of [...secrets, ...fake.issuedTokens])
			expect(n8n.output).not.toContain(secret);
	});
});

describe("the Blynk credential's Test button in a real n8n", () => {
	beforeAll(async () => {
		await n8n.start((text) => (serverOutput += text));
		await n8n.signInAsOwner();
	});

	async function pressTest(ref: CredentialRef, data: Record<string, string>) {
		fake.clearLog();
		return (await n8n.rest('POST', '/credentials/test', { credentials: { ...ref, data } })) as {
			status: string;
			message: string;
		};
	}

	test.each([
		['header', headerClient],
		['query', queryClient],
	] as const)(
		'%s mode, right secret: signs in that way and reads the organization profile',
		async (location, client) => {
			const result = await pressTest(
				location === 'header' ? header : query,
				credentialData(client, location, url),
			);

			expect(result.status).toBe('OK');
			// A credential that already holds a refresh token may refresh instead of signing in.
			expect(fake.tokenRequests.map((r) => `${r.clientId} ${r.clientAuth} ${r.status}`)).toEqual([
				`${client.id} ${location} 200`,
			]);
			expect(fake.log.filter((e) => e.kind === 'api').map((e) => `${e.path} ${e.status}`)).toEqual([
				'/api/v1/organization/profile 200',
			]);
		},
	);

	test('query mode, wrong secret: says so and shows no secret', async () => {
		const result = await pressTest(
			wrongQuery,
			credentialData({ id: queryClient.id, secret: WRONG_SECRET }, 'query', url),
		);

		expect(result.status).toBe('Error');
		expect(result.message).toMatch(
			/^Blynk sign-in failed \(HTTP 401\): Client ID is not found or password is wrong\. - invalid_client\. Check the Client ID and Client Secret/,
		);
		for (const form of forms({ id: queryClient.id, secret: WRONG_SECRET }))
			expect(JSON.stringify(result)).not.toContain(form);
	});

	test('a custom server over plain http (not localhost) is refused before anything is sent', async () => {
		const result = await pressTest(
			header,
			credentialData(headerClient, 'header', 'http://blynk.example.com'),
		);

		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/must use https:\/\//);
		expect(fake.log).toEqual([]);
	});

	test('the n8n server printed no secret or token', () => {
		const secrets = [
			...forms(headerClient),
			...forms(queryClient),
			...forms({ id: queryClient.id, secret: WRONG_SECRET }),
		];
		for (const secret of [...secrets, ...fake.issuedTokens])
			expect(serverOutput).not.toContain(secret);
	});
});
