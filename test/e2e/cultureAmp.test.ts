import { CULTURE_AMP_ENTITY_ID, FakeCultureAmp } from '../fakes/cultureAmp';
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
 * Culture Amp in a real n8n 2.x with this package installed from its `npm pack` tarball:
 * workflows run with `n8n execute`, then the credential's Test button through the REST API.
 * Everything is asserted from what the fake Culture Amp saw and what n8n printed.
 */
jest.setTimeout(15 * 60_000);

const LIFETIME_SECONDS = 12;
const SECRET = 'ca-e2e-secret-0123456789';
const PERF_ONLY_SECRET = 'ca-e2e-perf-only-secret-987';
const WRONG_SECRET = 'ca-e2e-wrong-secret-42';
const PARALLEL_ITEMS = 10;

const bodyCredential: CredentialRef = {
	id: 'CultureAmpBody01',
	name: 'Culture Amp (form body)',
	type: 'cultureAmpApi',
};
const headerCredential: CredentialRef = {
	id: 'CultureAmpHead01',
	name: 'Culture Amp (Basic header)',
	type: 'cultureAmpApi',
};
const wrongSecret: CredentialRef = {
	id: 'CultureAmpWrong1',
	name: 'Culture Amp wrong secret',
	type: 'cultureAmpApi',
};
const perfOnly: CredentialRef = {
	id: 'CultureAmpPerf01',
	name: 'Culture Amp perf only',
	type: 'cultureAmpApi',
};
const badEntity: CredentialRef = {
	id: 'CultureAmpBadEnt',
	name: 'Culture Amp bad entity',
	type: 'cultureAmpApi',
};

let fake: FakeCultureAmp;
let n8n: RealN8n;
let url: string;
let serverOutput = '';

function data(fields: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		baseUrl: url,
		clientId: 'ca-e2e-client',
		clientSecret: SECRET,
		entityId: CULTURE_AMP_ENTITY_ID,
		// The client has no demographics permission: User Info must say it was not granted.
		permissions: ['employees-read', 'performance-evaluations-read', 'employee-demographics-read'],
		credentialLocation: 'body',
		...fields,
	};
}

function calls(log: FakeCultureAmp['log']) {
	return {
		signIns: log.filter((e) => e.kind === 'sign-in').length,
		expiredTokenRequests: log.filter((e) => e.token === 'expired').length,
		rejected: log.filter((e) => e.status === 401).length,
		apiCalls: log.filter((e) => e.kind === 'api').length,
	};
}

async function run(workflowId: string) {
	fake.clearLog();
	fake.signIns.length = 0;
	const result = await n8n.execute(workflowId);
	return { result, log: [...fake.log], signIns: [...fake.signIns] };
}

async function runFailing(workflowId: string) {
	fake.clearLog();
	return await n8n.executeFailing(workflowId);
}

const employees = (name: string, credential: CredentialRef) =>
	packageNode(name, 'cultureAmp', credential, {
		resource: 'employee',
		operation: 'getAll',
		returnAll: true,
	});

beforeAll(async () => {
	fake = new FakeCultureAmp({
		tokenLifetimeSeconds: LIFETIME_SECONDS,
		clients: [
			{
				id: 'ca-e2e-client',
				secret: SECRET,
				permissions: ['employees-read', 'performance-evaluations-read'],
			},
			{
				id: 'ca-e2e-perf-only',
				secret: PERF_ONLY_SECRET,
				permissions: ['performance-evaluations-read'],
			},
		],
	});
	url = await fake.start();
	n8n = await RealN8n.create({ port: 5740 });
	await n8n.importCredentials([
		credentialExport(bodyCredential, data({ baseUrl: `${url}/v1/` })),
		credentialExport(headerCredential, data({ credentialLocation: 'header' })),
		credentialExport(wrongSecret, data({ clientSecret: WRONG_SECRET })),
		credentialExport(
			perfOnly,
			data({ clientId: 'ca-e2e-perf-only', clientSecret: PERF_ONLY_SECRET }),
		),
		credentialExport(badEntity, data({ entityId: 'not-an-entity' })),
	]);
	await n8n.importWorkflow(
		chain('CultureAmpE2eFlow', 'Culture Amp e2e', [
			start,
			...items(PARALLEL_ITEMS),
			httpRequest('HTTP Request', bodyCredential, `${url}/v1/employees`),
			packageNode('Who Am I', 'cultureAmp', bodyCredential, {
				resource: 'userInfo',
				operation: 'get',
			}),
			employees('Employees', bodyCredential),
		]),
	);
	await n8n.importWorkflow(
		chain('CultureAmpE2eHead', 'Culture Amp e2e header', [
			start,
			employees('Employees', headerCredential),
		]),
	);
	await n8n.importWorkflow(
		chain('CultureAmpE2eWrong', 'Culture Amp e2e wrong secret', [
			start,
			employees('Employees', wrongSecret),
		]),
	);
	await n8n.importWorkflow(
		chain('CultureAmpE2ePerm', 'Culture Amp e2e permission', [
			start,
			employees('Employees', perfOnly),
		]),
	);
	await n8n.importWorkflow(
		chain('CultureAmpE2eEnt', 'Culture Amp e2e entity', [start, employees('Employees', badEntity)]),
	);
});

afterAll(async () => {
	await n8n?.stop();
	await fake?.stop();
	n8n?.removeUserFolder();
});

describe('Culture Amp in a real n8n', () => {
	let firstSignInAt = 0;

	test('first run: one token exchange serves 10 parallel HTTP Request items and the Culture Amp nodes', async () => {
		const { result, log, signIns } = await run('CultureAmpE2eFlow');

		expect(calls(log)).toEqual({
			signIns: 1,
			expiredTokenRequests: 0,
			rejected: 0,
			apiCalls: PARALLEL_ITEMS + 3,
		});
		expect(signIns.map((s) => s.location)).toEqual(['body']);
		expect(outputOf(result, 'HTTP Request')).toHaveLength(PARALLEL_ITEMS);
		const [whoAmI] = outputOf(result, 'Who Am I');
		expect(whoAmI).toMatchObject({
			provider: 'Culture Amp',
			entityId: CULTURE_AMP_ENTITY_ID,
			grantedPermissions: ['employees-read', 'performance-evaluations-read'],
			missingPermissions: ['employee-demographics-read'],
			hasRefreshToken: false,
		});
		expect(String(whoAmI.warning)).toContain('not employee-demographics-read');
		expect(Number(whoAmI.expiresInSeconds)).toBeGreaterThan(0);
		expect(outputOf(result, 'Employees').map((e) => e.name)).toEqual(
			[1, 2, 3, 4, 5].map((n) => `Employee ${n}`),
		);
		firstSignInAt = log.find((e) => e.kind === 'sign-in')!.at;
	});

	test('after expires_in: exactly one new token exchange, and no request carries the expired token', async () => {
		await sleepUntil(firstSignInAt + LIFETIME_SECONDS * 1000 + 500);
		const { result, log } = await run('CultureAmpE2eFlow');

		expect(calls(log)).toEqual({
			signIns: 1,
			expiredTokenRequests: 0,
			rejected: 0,
			apiCalls: PARALLEL_ITEMS + 3,
		});
		// The HTTP Request node runs first: the renewal is its, and its requests carry the new token.
		expect(log.slice(0, PARALLEL_ITEMS + 1).map((e) => e.kind)).toEqual([
			'sign-in',
			...Array(PARALLEL_ITEMS).fill('api'),
		]);
		expect(outputOf(result, 'HTTP Request')).toHaveLength(PARALLEL_ITEMS);
	});

	test('the client id and secret in a Basic header work as well', async () => {
		const { result, log, signIns } = await run('CultureAmpE2eHead');

		expect(signIns.map((s) => s.location)).toEqual(['header']);
		expect(new URLSearchParams(signIns[0].rawBody).has('client_secret')).toBe(false);
		expect(calls(log)).toMatchObject({ signIns: 1, expiredTokenRequests: 0, apiCalls: 3 });
		expect(outputOf(result, 'Employees')).toHaveLength(5);
	});

	test('a wrong secret fails the run saying what to fix, without the secret', async () => {
		const output = await runFailing('CultureAmpE2eWrong');

		expect(output).toContain(
			'Culture Amp sign-in failed (HTTP 401): Client authentication failed - invalid_client',
		);
		expect(output).toContain('Check the Client ID and Client Secret from Culture Amp');
		expect(output).not.toContain(WRONG_SECRET);
	});

	test('a permission Culture Amp did not grant: the 403 names it', async () => {
		const output = await runFailing('CultureAmpE2ePerm');

		expect(output).toContain('Culture Amp request failed (HTTP 403): Forbidden');
		expect(output).toContain(
			'This endpoint needs the employees-read permission. The credential asks for it, but Culture Amp did not grant it',
		);
	});

	test('a malformed Entity ID is reported before any request', async () => {
		const output = await runFailing('CultureAmpE2eEnt');

		expect(output).toContain('the Entity ID must be a UUID');
		expect(fake.log).toEqual([]);
	});
});

describe("the Culture Amp credential's Test button in a real n8n", () => {
	beforeAll(async () => {
		await n8n.start((text) => (serverOutput += text));
		await n8n.signInAsOwner();
	});

	async function pressTest(fields: Record<string, unknown>) {
		fake.clearLog();
		return (await n8n.rest('POST', '/credentials/test', {
			credentials: { ...bodyCredential, data: data(fields) },
		})) as { status: string; message: string };
	}

	const seen = () => fake.log.map((e) => `${e.method} ${e.path} ${e.status}`);

	test('signs in and lists employees with the token', async () => {
		const result = await pressTest({
			baseUrl: `${url}/v1`,
			permissions: ['employees-read', 'performance-evaluations-read'],
		});

		expect(result.status).toBe('OK');
		expect(seen()).toEqual(['POST /v1/oauth2/token 200', 'GET /v1/employees 200']);
	});

	test('with only performance-evaluations-read: lists performance cycles instead', async () => {
		const result = await pressTest({
			permissions: ['performance-evaluations-read'],
			credentialLocation: 'header',
		});

		expect(result.status).toBe('OK');
		expect(seen()).toEqual(['POST /v1/oauth2/token 200', 'GET /v1/performance-cycles 200']);
	});

	test('a permission asked for but not granted: names it, before any API call', async () => {
		const demographics = await pressTest({});
		const demographicsSeen = seen();
		const employees = await pressTest({
			clientId: 'ca-e2e-perf-only',
			clientSecret: PERF_ONLY_SECRET,
		});

		expect(demographics.status).toBe('Error');
		expect(demographics.message).toBe(
			'Culture Amp sign-in failed: Culture Amp did not grant employee-demographics-read, which the credential asks for. Ask Culture Amp to add employee-demographics-read to the API credential, or remove it from Permissions.',
		);
		expect(demographicsSeen).toEqual(['POST /v1/oauth2/token 200']);
		expect(employees.status).toBe('Error');
		expect(employees.message).toMatch(
			/^Culture Amp sign-in failed: Culture Amp did not grant employees-read, employee-demographics-read, which/,
		);
	});

	test('a wrong secret and a malformed entity id: say what to fix', async () => {
		const secret = await pressTest({ clientSecret: WRONG_SECRET });
		const entity = await pressTest({ entityId: '1234' });

		expect(secret.message).toMatch(
			/^Culture Amp sign-in failed \(HTTP 401\): Client authentication failed - invalid_client\. Check the Client ID and Client Secret from Culture Amp/,
		);
		expect(entity.message).toMatch(/^Culture Amp credential: the Entity ID must be a UUID/);
		expect(JSON.stringify([secret, entity])).not.toContain(WRONG_SECRET);
	});

	test('nothing n8n printed contains a secret or a token', () => {
		expect(fake.issuedTokens.length).toBeGreaterThanOrEqual(4);
		const basic = Buffer.from(`ca-e2e-client:${SECRET}`).toString('base64');
		for (const secret of [SECRET, PERF_ONLY_SECRET, WRONG_SECRET, basic, ...fake.issuedTokens]) {
			expect(n8n.output).not.toContain(secret);
			expect(serverOutput).not.toContain(secret);
		}
	});
});
