import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { TokenExchangeApi } from '../../package/credentials/TokenExchangeApi.credentials';
import { TokenExchange } from '../../package/nodes/TokenExchange/TokenExchange.node';
import type { FakeProvider, FakeRequest } from '../fakes/fakeProvider';
import { passTokenExpiry } from '../harness/clock';
import { executeContext, StoredCredentials } from '../harness/n8nCore';
import { recipes } from '../harness/tokenExchangeRecipes';
import type { Recipe } from '../harness/tokenExchangeRecipes';
import { shown } from './helpers';

/**
 * The generic credential, filled in for each provider, passes the lifecycle checks the
 * provider credentials pass: nothing provider-specific has leaked into the shared core.
 */
const TYPE = 'tokenExchangeApi';

let fake: FakeProvider;
let store: StoredCredentials;
let url: string;

async function setUp(recipe: Recipe, lifetimeSeconds = 3600): Promise<void> {
	fake = recipe.createFake(lifetimeSeconds);
	url = await fake.start();
	store = new StoredCredentials({ [TYPE]: new TokenExchangeApi() });
	store.save(TYPE, recipe.fields(url, lifetimeSeconds) as ICredentialDataDecryptedObject);
}

afterEach(async () => {
	await fake?.stop();
});

const tokenCalls = () => fake.count('sign-in') + fake.count('refresh');
const context = () =>
	executeContext(store, { nodeType: new TokenExchange(), credentialType: TYPE, parameters: {} })
		.context;

function apiGet(recipe: Recipe) {
	const ctx = context();
	return ctx.helpers.httpRequestWithAuthentication.call(ctx, TYPE, {
		url: `${url}${recipe.apiPath}`,
		method: 'GET',
		json: true,
	});
}

describe.each(recipes)('the Token Exchange credential set up for $provider', (recipe) => {
	it('signs in once for 5 items of the Token Exchange node', async () => {
		await setUp(recipe);
		const nodeType = new TokenExchange();
		const items = Array.from({ length: 5 }, (_, index) => ({ json: { index } }));
		const { context: ctx } = executeContext(store, {
			nodeType,
			credentialType: TYPE,
			parameters: { resource: 'request', operation: 'send', method: 'GET', path: recipe.apiPath },
			items,
		});

		const [output] = await nodeType.execute.call(ctx);

		expect(new Set(output.map((item) => JSON.stringify(item.pairedItem)))).toHaveProperty(
			'size',
			5,
		);
		expect(fake.count('sign-in')).toBe(1);
		expect(fake.count('api')).toBe(5);
	});

	it('makes one token call for 50 parallel requests on a cold credential', async () => {
		await setUp(recipe);

		await Promise.all(Array.from({ length: 50 }, () => apiGet(recipe)));

		expect(tokenCalls()).toBe(1);
		expect(fake.log.filter((e) => e.kind === 'api' && e.status === 200)).toHaveLength(50);
		// Some APIs answer a bad token with HTTP 200 (ArcGIS): the fake's verdict on each token.
		expect(fake.log.filter((e) => e.kind === 'api' && e.token !== 'valid')).toEqual([]);
	});

	it('renews once before expiry and never sends the expired token', async () => {
		await setUp(recipe, 2);
		await apiGet(recipe);
		await passTokenExpiry(store.read(TYPE));
		fake.clearLog();

		await Promise.all(Array.from({ length: 12 }, () => apiGet(recipe)));

		expect(fake.count(recipe.refreshes ? 'refresh' : 'sign-in')).toBe(1);
		expect(tokenCalls()).toBe(1);
		expect(fake.expiredTokenRequests()).toBe(0);
		expect(fake.log.filter((e) => e.kind === 'api' && e.status !== 200)).toEqual([]);
	});

	if (recipe.refreshes) {
		it('signs in again when the refresh token is rejected', async () => {
			await setUp(recipe, 2);
			await apiGet(recipe);
			(fake as unknown as { refreshTokens: { revokeAll(): void } }).refreshTokens.revokeAll();
			await passTokenExpiry(store.read(TYPE));
			fake.clearLog();

			await apiGet(recipe);

			const rejected = (status: number) => (status >= 400 && status < 500 ? '4xx' : status);
			expect(fake.log.map((e) => `${e.kind} ${rejected(e.status)}`)).toEqual([
				'refresh 4xx',
				'sign-in 200',
				'api 200',
			]);
		});
	}

	it('tells who the token belongs to without showing it', async () => {
		await setUp(recipe);
		const nodeType = new TokenExchange();
		const { context: ctx } = executeContext(store, {
			nodeType,
			credentialType: TYPE,
			parameters: { resource: 'userInfo', operation: 'get' },
		});

		const [[item]] = await nodeType.execute.call(ctx);

		expect(item.json).toMatchObject({ provider: 'Token Exchange', apiUrl: url });
		expect(Number(item.json.expiresInSeconds)).toBeGreaterThan(0);
		for (const token of fake.issuedTokens) expect(JSON.stringify(item.json)).not.toContain(token);
	});
});

/** The HTTP Basic values the sign-ins carried, without "Basic ". */
const basicValues = () =>
	fake.tokenRequestAuthorizations.map((value) => value.slice('Basic '.length));

// The API may be the host that saw the sign-in (Jamf Pro signs in on its API host).
it.each([
	{
		provider: 'ArcGIS',
		quoted: 'the request URL, with the token in its query',
		echo: (request: FakeRequest) => `Invalid request ${request.path}?${request.query}`,
		says: 'Invalid request /sharing/rest/portals/self?f=json&token=[redacted]',
		hidden: () => fake.issuedTokens,
	},
	{
		provider: 'Jamf Pro',
		quoted: 'the HTTP Basic value of the sign-in',
		echo: () => `Invalid request ${basicValues().join(' ')}`,
		says: 'Invalid request [redacted].',
		hidden: () => basicValues(),
	},
])('$provider: an API error quoting $quoted does not show it', async (entry) => {
	const recipe = recipes.find(({ provider }) => provider === entry.provider)!;
	await setUp(recipe);
	fake.apiFault = (request) => ({
		type: 'status',
		status: 400,
		body: { error: { code: 400, message: entry.echo(request) } },
	});
	const nodeType = new TokenExchange();
	const { context: ctx } = executeContext(store, {
		nodeType,
		credentialType: TYPE,
		parameters: { resource: 'request', operation: 'send', method: 'GET', path: recipe.apiPath },
	});

	const error = (await nodeType.execute.call(ctx).catch((thrown: unknown) => thrown)) as Error;

	expect(error.message).toContain(entry.says);
	expect(entry.hidden()).toHaveLength(1);
	for (const secret of entry.hidden()) expect(shown(error)).not.toContain(secret);
});
