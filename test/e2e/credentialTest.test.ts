import { FakeOurPeople } from '../fakes/ourPeople';
import { RealN8n } from '../harness/realN8n';
import { recipes } from '../harness/tokenExchangeRecipes';
import { credentialExport } from '../harness/workflows';

/**
 * The "Test" button of the credential modal, through a running n8n's REST API exactly as the
 * editor calls it (POST /rest/credentials/test with the data typed into the modal).
 */
jest.setTimeout(10 * 60_000);

const SECRET = 'demo-secret-0123456789';
let fake: FakeOurPeople;
let n8n: RealN8n;
let apiUrl: string;

beforeAll(async () => {
	fake = new FakeOurPeople();
	apiUrl = await fake.start();
	n8n = await RealN8n.create({ port: 5730 });
	await n8n.importCredentials([
		credentialExport(
			{ id: 'OurPeopleTest001', name: 'OurPeople', type: 'ourPeopleApi' },
			{ apiUrl, clientId: 'demo-client', clientSecret: SECRET },
		),
		credentialExport(
			{ id: 'TokenExchTest001', name: 'Token Exchange', type: 'tokenExchangeApi' },
			ourPeopleRecipe(apiUrl),
		),
	]);
	await n8n.start();
	await n8n.signInAsOwner();
});

afterAll(async () => {
	await n8n?.stop();
	await fake?.stop();
	n8n?.removeUserFolder();
});

const ourPeopleRecipe = (url: string) =>
	recipes.find((recipe) => recipe.provider === 'OurPeople')!.fields(url);

async function pressTest(data: Record<string, unknown>, type = 'ourPeopleApi') {
	fake.clearLog();
	const id = type === 'ourPeopleApi' ? 'OurPeopleTest001' : 'TokenExchTest001';
	return (await n8n.rest('POST', '/credentials/test', {
		credentials: { id, name: 'under test', type, data },
	})) as { status: string; message: string };
}

describe("the OurPeople credential's Test button in a real n8n", () => {
	test('right id and secret: signs in and makes a real authenticated call', async () => {
		const result = await pressTest({
			apiUrl: `${apiUrl}/some/path/`,
			clientId: 'demo-client',
			clientSecret: SECRET,
		});

		expect(result.status).toBe('OK');
		expect(fake.log.map((e) => `${e.method} ${e.path} ${e.status}`)).toEqual([
			'POST /v1/auth 200',
			'GET /v1/users 200',
		]);
	});

	test('wrong secret: says so, names the step, and shows no secret', async () => {
		const result = await pressTest({
			apiUrl,
			clientId: 'demo-client',
			clientSecret: 'wrong-secret-9876',
		});

		expect(result.status).toBe('Error');
		expect(result.message).toBe(
			"OurPeople sign-in failed (HTTP 401): Invalid client id or secret. Check the Client ID and Client Secret OurPeople supplied, and that the API URL is your account's API endpoint (e.g. https://example-api.ourpeople.co).",
		);
		expect(JSON.stringify(result)).not.toContain('wrong-secret-9876');
	});

	test('an API URL without https is refused before anything is sent', async () => {
		const result = await pressTest({
			apiUrl: 'http://example-api.ourpeople.co',
			clientId: 'demo-client',
			clientSecret: SECRET,
		});

		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/must use https:\/\//);
		expect(fake.log).toEqual([]);
	});
});

describe("the Token Exchange credential's Test button, filled in for OurPeople", () => {
	test('signs in as described and calls the test path with the token', async () => {
		const result = await pressTest(ourPeopleRecipe(apiUrl), 'tokenExchangeApi');

		expect(result.status).toBe('OK');
		expect(fake.log.map((e) => `${e.method} ${e.path} ${e.status}`)).toEqual([
			'POST /v1/auth 200',
			'GET /v1/users 200',
		]);
	});

	test('a wrong token path names the keys the answer had, never their values', async () => {
		const result = await pressTest(
			{ ...ourPeopleRecipe(apiUrl), tokenPath: 'access_token' },
			'tokenExchangeApi',
		);

		expect(result.status).toBe('Error');
		expect(result.message).toBe(
			'Token Exchange sign-in failed: the answer has no "access_token" (it has: token, refresh_token). The token looks like it is at "token": set the token path to that.',
		);
		for (const token of fake.issuedTokens) expect(result.message).not.toContain(token);
	});
});
