import type { FakeProvider, RefreshTokens } from '../fakes/fakeProvider';
import { formsOf } from '../harness/leaks';
import type { E2eCredential, E2eFailure } from '../harness/providerE2e';
import { outputOf, RealN8n, sleepUntil } from '../harness/realN8n';
import type { ExecutionResult } from '../harness/realN8n';
import { recipes } from '../harness/tokenExchangeRecipes';
import {
	branches,
	credentialExport,
	httpRequest,
	items,
	packageNode,
	start,
} from '../harness/workflows';
import type { CredentialRef, NodeSpec } from '../harness/workflows';
import { providerFixtures } from '../providers';

/**
 * Every provider of test/providers/ and the Token Exchange credential filled in with every
 * recipe, in one real n8n 2.x with this package installed from its `npm pack` tarball: one
 * workflow with a branch per credential (n8n's HTTP Request node with 10 parallel items, then
 * the provider's node), run with `n8n execute` three times (first, after the tokens expired,
 * after the refresh tokens were revoked); one workflow of credentials filled in wrongly, run
 * once with Continue On Fail; then each credential's Test button through the REST API, as the
 * editor calls it. Asserted from what the fakes saw, what n8n put out and everything it printed.
 * A provider's own checks are data in its fixture (`e2e`, test/harness/providerE2e.ts).
 */
jest.setTimeout(20 * 60_000);

// Long enough that the renewal window (a twelfth) covers n8n storing the new token and signing
// with it on a loaded 2-core machine (at 12 s the Token Exchange runs flaked); the waits are
// for the longest lifetime anyway, so every fake gets it.
const LIFETIME_SECONDS = 30;
const PARALLEL_ITEMS = 10;
const PORT = 5850;
const RUN = 'ProvidersE2eRun1';
const FAILURES = 'ProvidersE2eFail';
/** The fields holding what a user types as a secret. */
const SECRET_FIELDS = ['clientSecret', 'password', 'secret', 'privateKey'];
/** Who signs in: must not appear in a failure either. */
const ACCOUNT_FIELDS = ['email', 'username'];

interface Case {
	/** Names the branch's nodes. */
	label: string;
	ref: CredentialRef;
	fields: (url: string) => Record<string, unknown>;
	fake: FakeProvider;
	/** The package node that uses the credential, e.g. `ourPeople`. */
	node: string;
	/** What User Info calls the provider. */
	providerName: string;
	apiPath: string;
	refreshes: boolean;
	listOperation?: { resource: string; operation: string };
	spec: Omit<E2eCredential, 'fields' | 'label'>;
	/** Whether the branch ends with the node's API Request (the dedicated credentials). */
	apiRequest: boolean;
	/** Whether its Test button is pressed. */
	tested: boolean;
	data: Record<string, unknown>;
}

interface FailureCase {
	label: string;
	ref: CredentialRef;
	fields: (url: string) => Record<string, unknown>;
	fake: FakeProvider;
	node: string;
	parameters: Record<string, unknown>;
	failure: Omit<E2eFailure, 'fields' | 'label' | 'tokenExchange'>;
	data: Record<string, unknown>;
}

let credentialCount = 0;
const credentialRef = (label: string, type: string): CredentialRef => ({
	id: `ProvE2eCred${String(++credentialCount).padStart(5, '0')}`,
	name: label,
	type,
});
const userInfo = { resource: 'userInfo', operation: 'get' };

const cases: Case[] = [];
const failures: FailureCase[] = [];
for (const { demo, recipe, e2e } of providerFixtures) {
	const createFake = (): FakeProvider =>
		e2e?.createFake?.(LIFETIME_SECONDS) ?? demo.createFake(LIFETIME_SECONDS);
	const credentials: E2eCredential[] = e2e?.credentials ?? [
		{ label: demo.name, fields: (url) => demo.credentialData(url) },
	];
	const type = demo.provider.credentialType;
	const node = demo.credential.type.replace(/Api$/, '');
	for (const { label, fields, ...spec } of credentials) {
		cases.push({
			label,
			ref: credentialRef(label, type),
			fields,
			fake: createFake(),
			node,
			providerName: demo.provider.name,
			apiPath: spec.apiPath ?? demo.apiPath,
			refreshes: recipe.refreshes,
			listOperation: spec.listed === undefined ? undefined : demo.listOperation,
			spec,
			apiRequest: true,
			tested: true,
			data: {},
		});
	}
	const tokenExchange = `Token Exchange for ${recipe.provider}`;
	const wrongly: E2eFailure[] = [
		// Every credential refuses to send its secret over plain http (localhost excepted).
		{
			label: 'an address without https',
			fields: demo.credentialData('http://api.example.com'),
			says: /must use https:\/\//,
			reason: 'configuration',
			seen: [],
		},
		...(e2e?.failures ?? []),
	];
	for (const { label, fields, tokenExchange: exchange, ...failure } of wrongly) {
		const name = `${exchange ? tokenExchange : demo.name}: ${label}`;
		failures.push({
			label: name,
			ref: credentialRef(name, exchange ? 'tokenExchangeApi' : type),
			fields: (url) => ({
				...(exchange ? recipe.fields(url, LIFETIME_SECONDS) : credentials[0].fields(url)),
				...fields,
			}),
			fake: createFake(),
			node: exchange ? 'tokenExchange' : node,
			parameters:
				demo.listOperation && !exchange ? { ...demo.listOperation, returnAll: true } : userInfo,
			failure,
			data: {},
		});
	}
}
// Every recipe, the providers' and one per other sign-in style; the providers' are Tested too.
for (const recipe of recipes) {
	const label = `Token Exchange for ${recipe.provider}`;
	cases.push({
		label,
		ref: credentialRef(label, 'tokenExchangeApi'),
		fields: (url) => recipe.fields(url, LIFETIME_SECONDS),
		fake: recipe.createFake(LIFETIME_SECONDS),
		node: 'tokenExchange',
		providerName: 'Token Exchange',
		apiPath: recipe.apiPath,
		refreshes: recipe.refreshes,
		spec: {},
		apiRequest: false,
		tested: providerFixtures.some((fixture) => fixture.recipe === recipe),
		data: {},
	});
}

function branchOf(entry: Case): NodeSpec[] {
	const { label, ref, node, fake } = entry;
	return [
		httpRequest(`${label}: HTTP Request`, ref, `${fake.url}${entry.apiPath}`),
		packageNode(`${label}: Who Am I`, node, ref, userInfo),
		...(entry.listOperation
			? [
					packageNode(`${label}: List`, node, ref, {
						...entry.listOperation,
						returnAll: true,
					}),
				]
			: []),
		...(entry.apiRequest
			? [
					packageNode(`${label}: API Request`, node, ref, {
						resource: 'request',
						operation: 'send',
						method: 'GET',
						path: entry.apiPath,
					}),
				]
			: []),
	];
}

let n8n: RealN8n;
let serverOutput = '';
/** What n8n printed running the failures workflow. */
let failuresOutput = '';
const failureRun: { result?: ExecutionResult } = {};

beforeAll(async () => {
	for (const entry of [...cases, ...failures]) entry.data = entry.fields(await entry.fake.start());
	n8n = await RealN8n.create({ port: PORT });
	await n8n.importCredentials(
		[...cases, ...failures].map(({ ref, data }) => credentialExport(ref, data)),
	);
	await n8n.importWorkflow(
		branches(RUN, 'Every provider e2e', [start, ...items(PARALLEL_ITEMS)], cases.map(branchOf)),
	);
	await n8n.importWorkflow(
		branches(
			FAILURES,
			'Every provider e2e, filled in wrongly',
			[start],
			failures.map(({ label, ref, node, parameters }) => [
				{ ...packageNode(label, node, ref, parameters), onError: 'continueRegularOutput' },
			]),
		),
	);
});

afterAll(async () => {
	await n8n?.stop();
	await Promise.all([...cases, ...failures].map(({ fake }) => fake.stop()));
	n8n?.removeUserFolder();
});

const tokenCalls = (fake: FakeProvider) =>
	fake.log.filter((e) => e.kind === 'sign-in' || e.kind === 'refresh');
const seen = (fake: FakeProvider) => fake.log.map((e) => `${e.kind} ${e.status}`);

function calls({ fake, apiPath }: Case) {
	const path = apiPath.split('?')[0];
	return {
		signIns: fake.count('sign-in'),
		refreshes: fake.count('refresh'),
		expiredTokenRequests: fake.expiredTokenRequests(),
		failedApiCalls: fake.log.filter((e) => e.kind === 'api' && e.status !== 200).length,
		// ArcGIS answers a missing or bad token with HTTP 200: the fake's verdict on each token.
		unsignedApiCalls: fake.log.filter(
			(e) => e.kind === 'api' && e.path === path && e.token !== 'valid',
		).length,
	};
}

/** How many token calls carried HTTP Basic, per case, when last counted. */
const basicCounted = new Map<Case, number>();

/**
 * The token calls since the last count sent the client id and secret the way the credential
 * says: all in an Authorization header (HTTP Basic), or none.
 */
function expectClientAuth(entry: Case): void {
	const basic = entry.fake.tokenRequestAuthorizations.filter((a) => a.startsWith('Basic ')).length;
	const since = basic - (basicCounted.get(entry) ?? 0);
	basicCounted.set(entry, basic);
	if (entry.spec.basicAuth === undefined) return;
	const calls = tokenCalls(entry.fake).length;
	expect({ label: entry.label, basic: since }).toEqual({
		label: entry.label,
		basic: entry.spec.basicAuth ? calls : 0,
	});
}

async function runAll(): Promise<ExecutionResult> {
	for (const { fake } of cases) fake.clearLog();
	return await n8n.execute(RUN);
}

/** Waits until every token handed out so far has expired. */
async function waitForExpiry(): Promise<void> {
	const last = Math.max(...cases.flatMap(({ fake }) => tokenCalls(fake).map((e) => e.at)));
	await sleepUntil(last + LIFETIME_SECONDS * 1000 + 500);
}

/** RegExp values of an expected object as Jest matchers. */
const matching = (expected: Record<string, unknown> = {}) =>
	Object.fromEntries(
		Object.entries(expected).map(([key, value]) => [
			key,
			value instanceof RegExp ? expect.stringMatching(value) : value,
		]),
	);

/** What every node of the case's branch put out. */
function expectOutputs(result: ExecutionResult, entry: Case): void {
	const { label, spec } = entry;
	const fromHttpRequest = outputOf(result, `${label}: HTTP Request`);
	expect(fromHttpRequest.length).toBeGreaterThanOrEqual(PARALLEL_ITEMS);
	if (spec.apiCalls !== undefined)
		expect({ label, apiCalls: entry.fake.count('api') }).toEqual({
			label,
			apiCalls: spec.apiCalls,
		});
	expectClientAuth(entry);
	const [whoAmI] = outputOf(result, `${label}: Who Am I`);
	expect({ label, ...whoAmI }).toMatchObject({
		label,
		provider: entry.providerName,
		// A Token Exchange recipe may leave a refresh token the answer carries unused.
		...(entry.apiRequest || entry.refreshes ? { hasRefreshToken: entry.refreshes } : {}),
		...matching(spec.whoAmI),
	});
	expect(Number(whoAmI.expiresInSeconds)).toBeGreaterThan(0);
	expect(Number(whoAmI.expiresInSeconds)).toBeLessThanOrEqual(LIFETIME_SECONDS);
	if (typeof spec.listed === 'number')
		expect(outputOf(result, `${label}: List`)).toHaveLength(spec.listed);
	else if (spec.listed)
		expect(outputOf(result, `${label}: List`).map((record) => record.name)).toEqual(spec.listed);
	if (entry.apiRequest) {
		// The node's API Request gets what each of the 10 HTTP Request items got.
		const fromNode = outputOf(result, `${label}: API Request`);
		expect(fromNode.length).toBeGreaterThan(0);
		expect(fromHttpRequest).toEqual(Array(PARALLEL_ITEMS).fill(fromNode).flat());
	}
}

describe('every provider and the Token Exchange credential in a real n8n', () => {
	test('first run: one sign-in per credential serves 10 parallel HTTP Request items and the nodes', async () => {
		const result = await runAll();

		for (const entry of cases) {
			expect({ label: entry.label, ...calls(entry) }).toEqual({
				label: entry.label,
				signIns: 1,
				refreshes: 0,
				expiredTokenRequests: 0,
				failedApiCalls: 0,
				unsignedApiCalls: 0,
			});
			expectOutputs(result, entry);
		}
	});

	test('after the token lifetime: one renewal per credential (a refresh where there is one), and no request carries the expired token', async () => {
		await waitForExpiry();
		const result = await runAll();

		for (const entry of cases) {
			const { label, refreshes, fake } = entry;
			expect({ label, ...calls(entry) }).toEqual({
				label,
				signIns: refreshes ? 0 : 1,
				refreshes: refreshes ? 1 : 0,
				expiredTokenRequests: 0,
				failedApiCalls: 0,
				unsignedApiCalls: 0,
			});
			// The HTTP Request node runs first: the renewal is its, and its requests carry the new token.
			expect({ label, kinds: fake.log.slice(0, PARALLEL_ITEMS + 1).map((e) => e.kind) }).toEqual({
				label,
				kinds: [refreshes ? 'refresh' : 'sign-in', ...Array(PARALLEL_ITEMS).fill('api')],
			});
			expectOutputs(result, entry);
		}
	});

	test('refresh tokens revoked: the next run signs in again with the credential and succeeds', async () => {
		for (const { label, refreshes, fake } of cases) {
			if (!refreshes) continue;
			const tokens = (fake as FakeProvider & { refreshTokens?: RefreshTokens }).refreshTokens;
			if (!tokens) throw new Error(`${label}: its fake hands out refresh tokens it cannot revoke`);
			tokens.revokeAll();
		}
		await waitForExpiry();
		const result = await runAll();

		for (const entry of cases) {
			const { label, refreshes, fake } = entry;
			const verdict = (status: number) =>
				status < 300 ? 'accepted' : status < 500 ? 'refused' : status;
			expect({
				label,
				tokenCalls: tokenCalls(fake).map((e) => `${e.kind} ${verdict(e.status)}`),
			}).toEqual({
				label,
				tokenCalls: refreshes ? ['refresh refused', 'sign-in accepted'] : ['sign-in accepted'],
			});
			expect({ label, ...calls(entry) }).toMatchObject({
				label,
				expiredTokenRequests: 0,
				failedApiCalls: 0,
				unsignedApiCalls: 0,
			});
			expectOutputs(result, entry);
		}
	});
});

describe('credentials filled in wrongly, in a real n8n with Continue On Fail', () => {
	beforeAll(async () => {
		const printedBefore = n8n.output.length;
		failureRun.result = await n8n.execute(FAILURES);
		failuresOutput = n8n.output.slice(printedBefore);
	});

	test.each(failures.map((entry) => [entry.label, entry] as const))(
		'%s: the item says what went wrong and what to fix, with its reason',
		(label, { fake, failure }) => {
			const [item] = outputOf(failureRun.result!, label);

			expect(item).toEqual({
				error: expect.stringMatching(failure.says),
				description: item.description === null ? null : expect.any(String),
				reason: failure.reason,
			});
			// What to fix is in the message too: n8n's executions list shows the message alone.
			if (item.description !== null) expect(String(item.error)).toContain(item.description);
			expect({ label, seen: seen(fake) }).toEqual({ label, seen: failure.seen });
		},
	);

	test('n8n printed no secret, account name or token of those credentials', () => {
		const shown = failures.flatMap(({ data, fake }) => [
			...typedSecrets(data, [...SECRET_FIELDS, ...ACCOUNT_FIELDS]),
			...fake.issuedTokens,
		]);
		expect(shown.length).toBeGreaterThan(failures.length);
		for (const secret of shown) expect(failuresOutput).not.toContain(secret);
	});
});

describe('the Test button of each credential in a real n8n', () => {
	const results: unknown[] = [];

	beforeAll(async () => {
		await n8n.start((text) => (serverOutput += text));
		await n8n.signInAsOwner();
	});

	async function pressTest(ref: CredentialRef, data: Record<string, unknown>, fake: FakeProvider) {
		fake.clearLog();
		const result = (await n8n.rest('POST', '/credentials/test', {
			credentials: { ...ref, data },
		})) as { status: string; message: string };
		results.push(result);
		return result;
	}

	test.each(cases.filter((entry) => entry.tested).map((entry) => [entry.label, entry] as const))(
		'%s: signs in and calls the API with the token',
		async (label, entry) => {
			const { ref, data, fake, apiPath, spec } = entry;
			const result = await pressTest(ref, data, fake);
			const [tokenCall, ...rest] = fake.log.map((e) =>
				e.kind === 'api' ? `${e.path} ${e.status}` : `${e.kind} ${e.status}`,
			);

			// The Test button gets the fields as typed, without the tokens n8n stored: it signs in.
			expect(tokenCall).toBe('sign-in 200');
			expectClientAuth(entry);
			if (spec.testSays) {
				expect({ label, result, rest }).toEqual({
					label,
					result: { status: 'Error', message: expect.stringMatching(spec.testSays) },
					rest: [],
				});
			} else {
				expect({ label, result, rest }).toEqual({
					label,
					result: { status: 'OK', message: expect.any(String) },
					rest: [`${apiPath.split('?')[0]} 200`],
				});
			}
		},
	);

	test.each(failures.map((entry) => [entry.label, entry] as const))(
		'%s: says what to fix',
		async (label, { ref, data, fake, failure }) => {
			const result = await pressTest(ref, data, fake);

			expect({ label, result, seen: seen(fake) }).toEqual({
				label,
				result: {
					status: 'Error',
					message: expect.stringMatching(failure.test?.says ?? failure.says),
				},
				seen: failure.test?.seen ?? failure.seen,
			});
		},
	);

	test('nothing n8n printed or the Test button said contains a secret or a token', () => {
		const all = [...cases, ...failures];
		const secrets = [
			...all.flatMap(({ data }) => typedSecrets(data, SECRET_FIELDS)),
			...all.flatMap(({ fake }) => fake.issuedTokens),
			// HTTP Basic holds the client id and secret, base64-encoded.
			...all.flatMap(({ fake }) =>
				fake.tokenRequestAuthorizations.flatMap((value) => [value, value.replace(/^\S+\s+/, '')]),
			),
		];
		expect(cases.every(({ fake }) => fake.issuedTokens.length >= 3)).toBe(true);
		const said = JSON.stringify(results);
		for (const secret of secrets) {
			expect(n8n.output).not.toContain(secret);
			expect(serverOutput).not.toContain(secret);
			expect(said).not.toContain(secret);
		}
	});
});

/** Every form (as typed, URL-, form-, JSON-encoded...) of the values of `names` in `data`. */
function typedSecrets(data: Record<string, unknown>, names: string[]): string[] {
	return names
		.map((name) => data[name])
		.filter((value): value is string => typeof value === 'string' && value.length >= 4)
		.flatMap(formsOf);
}
