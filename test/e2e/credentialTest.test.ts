import { FakeOurPeople } from '../fakes/ourPeople';
import { RealN8n } from '../harness/realN8n';
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
	]);
	await n8n.start();
	await n8n.signInAsOwner();
});

afterAll(async () => {
	await n8n?.stop();
	await fake?.stop();
	n8n?.removeUserFolder();
});

async function pressTest(data: Record<string, string>) {
	fake.clearLog();
	return (await n8n.rest('POST', '/credentials/test', {
		credentials: { id: 'OurPeopleTest001', name: 'OurPeople', type: 'ourPeopleApi', data },
	})) as { status: string; message: string };
}

describe('the OurPeople credential\'s Test button in a real n8n', () => {
	test('right id and secret: signs in and makes a real authenticated call', async () => {
		const result = await pressTest({ apiUrl: `${apiUrl}/some/path/`, clientId: 'demo-client', clientSecret: SECRET });

		expect(result.status).toBe('OK');
		expect(fake.log.map((e) => `${e.method} ${e.path} ${e.status}`)).toEqual([
			'POST /v1/auth 200',
			'GET /v1/users 200',
		]);
	});

	test('wrong secret: says so, names the step, and shows no secret', async () => {
		const result = await pressTest({ apiUrl, clientId: 'demo-client', clientSecret: 'wrong-secret-9876' });

		expect(result.status).toBe('Error');
		expect(result.message).toBe('OurPeople sign-in failed (HTTP 401): Invalid client id or secret');
		expect(JSON.stringify(result)).not.toContain('wrong-secret-9876');
	});

	test('an API URL without https is refused before anything is sent', async () => {
		const result = await pressTest({ apiUrl: 'http://example-api.ourpeople.co', clientId: 'demo-client', clientSecret: SECRET });

		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/must use https:\/\//);
		expect(fake.log).toEqual([]);
	});
});
