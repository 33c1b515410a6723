import type { FakeProvider } from '../fakes/fakeProvider';
import { outputOf, RealN8n } from '../harness/realN8n';
import { recipes } from '../harness/tokenExchangeRecipes';
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
 * The generic Token Exchange credential, filled in for each of the four providers, in a real
 * n8n: n8n's HTTP Request node (10 parallel items) and our Token Exchange node.
 */
jest.setTimeout(15 * 60_000);

// Long enough that the renewal window (a twelfth) covers n8n storing the new token and signing
// with it on a loaded 2-core CI machine: at 12 s (then a 1.2 s margin) one execution that took 36 s
// saw a freshly refreshed token come due before n8n's retry signed with it.
const LIFETIME_SECONDS = 30;
const WORKFLOW_ID = 'TokenExchangeE2e1';

const running = recipes.map((recipe, index) => ({
	recipe,
	fake: recipe.createFake(LIFETIME_SECONDS) as FakeProvider,
	credential: {
		id: `TokenExchange00${index}`,
		name: `Token Exchange for ${recipe.provider}`,
		type: 'tokenExchangeApi',
	} as CredentialRef,
	url: '',
}));
let n8n: RealN8n;

beforeAll(async () => {
	for (const entry of running) entry.url = await entry.fake.start();
	n8n = await RealN8n.create({ port: 5770 });
	await n8n.importCredentials(
		running.map(({ recipe, credential, url }) =>
			credentialExport(credential, recipe.fields(url, LIFETIME_SECONDS)),
		),
	);
	await n8n.importWorkflow(
		chain(WORKFLOW_ID, 'Token Exchange e2e', [
			start,
			...items(10),
			...running.map(({ recipe, credential, url }) => ({
				...httpRequest(`HTTP ${recipe.provider}`, credential, `${url}${recipe.apiPath}`),
			})),
			...running.map(({ recipe, credential }) =>
				packageNode(`Token ${recipe.provider}`, 'tokenExchange', credential, {
					resource: 'userInfo',
					operation: 'get',
				}),
			),
		]),
	);
});

afterAll(async () => {
	await Promise.all(running.map(({ fake }) => fake.stop()));
	n8n?.removeUserFolder();
});

function calls(fake: FakeProvider) {
	return {
		signIns: fake.count('sign-in'),
		refreshes: fake.count('refresh'),
		expiredTokenRequests: fake.expiredTokenRequests(),
		failedApiCalls: fake.log.filter((e) => e.kind === 'api' && e.status !== 200).length,
	};
}

describe('the Token Exchange credential in a real n8n, for every provider', () => {
	let firstRunAt = 0;

	test('first run: one sign-in per provider for 10 parallel HTTP Request items', async () => {
		firstRunAt = Date.now();
		const result = await n8n.execute(WORKFLOW_ID);

		for (const { recipe, fake } of running) {
			expect({ provider: recipe.provider, ...calls(fake) }).toEqual({
				provider: recipe.provider,
				signIns: 1,
				refreshes: 0,
				expiredTokenRequests: 0,
				failedApiCalls: 0,
			});
			const [info] = outputOf(result, `Token ${recipe.provider}`);
			expect(Number(info.expiresInSeconds)).toBeGreaterThan(0);
			// ArcGIS answers a missing or bad token with HTTP 200: the fake's verdict on each token.
			const apiPath = recipe.apiPath.split('?')[0];
			const unsigned = fake.log.filter(
				(e) => e.kind === 'api' && e.path === apiPath && e.token !== 'valid',
			);
			expect({ provider: recipe.provider, unsigned }).toEqual({
				provider: recipe.provider,
				unsigned: [],
			});
		}
	});

	test('after the lifetime: one renewal per provider (refresh where there is one), no expired token sent', async () => {
		await new Promise((resolve) =>
			setTimeout(resolve, Math.max(0, firstRunAt + (LIFETIME_SECONDS + 5) * 1000 - Date.now())),
		);
		for (const { fake } of running) fake.clearLog();

		const result = await n8n.execute(WORKFLOW_ID);

		for (const { recipe, fake } of running) {
			expect({ provider: recipe.provider, ...calls(fake) }).toEqual({
				provider: recipe.provider,
				signIns: recipe.refreshes ? 0 : 1,
				refreshes: recipe.refreshes ? 1 : 0,
				expiredTokenRequests: 0,
				failedApiCalls: 0,
			});
			// The HTTP Request node runs first: the renewal is its, and its requests carry the new token.
			const renewal = recipe.refreshes ? 'refresh' : 'sign-in';
			expect(fake.log.slice(0, 11).map((e) => e.kind)).toEqual([renewal, ...Array(10).fill('api')]);
			expect(outputOf(result, `HTTP ${recipe.provider}`).length).toBeGreaterThanOrEqual(10);
		}
	});

	test('nothing n8n printed contains a secret or a token', () => {
		for (const { recipe, fake, url } of running) {
			const fields = recipe.fields(url, LIFETIME_SECONDS);
			for (const secret of [
				fields.clientSecret,
				fields.password,
				fields.secret,
				fields.privateKey,
				...fake.issuedTokens,
			]) {
				if (typeof secret === 'string' && secret !== '') expect(n8n.output).not.toContain(secret);
			}
		}
	});
});
