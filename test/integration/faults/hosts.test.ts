import { reasonOf } from '../../../package/credentials/common/errors';
import { FakeProvider } from '../../fakes/fakeProvider';
import type { FakeRequest, Reply } from '../../fakes/fakeProvider';
import { credentialCases, urlFieldsOf } from '../../harness/credentialCases';
import { CredentialRig, stopRigs } from '../../harness/credentialRig';
import { errorOf } from '../helpers';
import { apiRequest, nodeFor } from './nodeTypes';

/** The token goes to the credential's own API host and nowhere else; plain http only to this machine. */

/**
 * Another server on this machine, which logs whatever reaches it and everything it carried
 * (every header). Asked as a proxy, it answers too, so a proxied request would succeed.
 */
class Bystander extends FakeProvider {
	readonly carried: string[] = [];

	protected kindOf(): string {
		return 'api';
	}

	protected handle(request: FakeRequest): Reply {
		this.carried.push(
			`${request.path}?${request.query.toString()} ${JSON.stringify(request.headers)} ${request.rawBody}`,
		);
		return { kind: 'api', status: 200, body: { ok: true } };
	}
}

/** The Token Exchange credential sending its token in a header of the user's choosing. */
const apiKeyHeader = { headerName: 'X-Api-Key', headerPrefix: '' };
const tokenExchangeCase = credentialCases.find(
	(entry) => entry.credentialType === 'tokenExchangeApi',
)!;

const bystander = new Bystander();

beforeAll(async () => {
	await bystander.start();
});

afterAll(async () => {
	await Promise.all([stopRigs(), bystander.stop()]);
});

beforeEach(() => {
	bystander.clearLog();
	bystander.carried.length = 0;
});

describe.each(credentialCases)('$name', (credential) => {
	it('sends no request to another host, whichever way it is asked to', async () => {
		const rig = await CredentialRig.start(credential);
		const elsewhere = `${bystander.url}/collect`;

		const refusals = [
			await errorOf(rig.runNode(nodeFor(rig.type), apiRequest(elsewhere))),
			await errorOf(rig.get(elsewhere)),
			await errorOf(rig.legacyGet(elsewhere)),
		];

		for (const error of refusals) expect(reasonOf(error)).toBe('request_refused');
		expect(bystander.log).toEqual([]);
	});

	it('follows no redirect, so the token reaches no other host', async () => {
		const rig = await CredentialRig.start(credential);
		rig.fake.injectFault(
			'api',
			{ type: 'status', status: 302, headers: { Location: `${bystander.url}/collect` } },
			3,
		);

		// n8n's own helper fails the 302 with an error of its own (no reason); the node with api_error.
		const [, , node] = await Promise.all([
			errorOf(rig.get()),
			rig.legacyGet().catch(() => undefined),
			errorOf(rig.runNode(nodeFor(rig.type), apiRequest(credential.apiPath))),
		]);
		expect(reasonOf(node)).toBe('api_error');
		expect(bystander.log).toEqual([]);
	});

	// [what, options of the HTTP Request node (legacy helper), options of httpRequest, reason]
	it.each([
		[
			'a proxy of its own (Proxy)',
			{ proxy: 'BYSTANDER' },
			{ proxy: 'BYSTANDER' },
			/through a proxy/,
		],
		[
			'TLS checks off (Ignore SSL Issues)',
			{ rejectUnauthorized: false },
			{ skipSslCertificateValidation: true },
			/TLS certificate/,
		],
		[
			'TLS checks off in its agent options',
			{ agentOptions: { rejectUnauthorized: 0 } },
			{ agentOptions: { rejectUnauthorized: null } },
			/TLS certificate/,
		],
		[
			'a CA of its own',
			{ agentOptions: { ca: 'CA' } },
			{ agentOptions: { ca: 'CA' } },
			/certificate authority/,
		],
		[
			'a connection option of its own',
			{ agentOptions: { socketPath: '/tmp/elsewhere.sock' } },
			{ agentOptions: { host: '127.0.0.1' } },
			/connection option "(socketPath|host)"/,
		],
		[
			'a Host header naming another site',
			{ headers: { host: 'attacker.example' } },
			{ headers: { Host: 'attacker.example' } },
			/with a (host|Host) header of its own/,
		],
		[
			'an X-Forwarded-Host header naming another site',
			{ headers: { 'X-Forwarded-Host': 'attacker.example' } },
			{ headers: { Forwarded: 'host=attacker.example' } },
			/header of its own/,
		],
	])('refuses to sign a request with %s', async (_, legacyOptions, options, reason) => {
		const rig = await CredentialRig.start(credential);
		const withBystander = (extra: object) =>
			JSON.parse(JSON.stringify(extra).replace('BYSTANDER', bystander.url));

		const refusals = [
			await errorOf(rig.legacyGet(undefined, withBystander(legacyOptions))),
			await errorOf(rig.get(undefined, withBystander(options))),
		];

		for (const error of refusals) {
			expect(reasonOf(error)).toBe('request_refused');
			expect(error.message).toMatch(reason);
		}
		expect(bystander.log).toEqual([]);
		expect(rig.acceptedApiCalls()).toBe(0);
	});

	it('signs a request whose Host header is its own host', async () => {
		const rig = await CredentialRig.start(credential);
		await rig.get(undefined, { headers: { Host: new URL(rig.url).host } });
		expect(rig.acceptedApiCalls()).toBe(1);
	});

	it('refuses a plain-http URL on another host before any request, and takes one on 127.0.0.1', async () => {
		const rig = await CredentialRig.start(credential);
		const fields = rig.fields();

		for (const name of urlFieldsOf(fields, rig.url)) {
			rig.save({ [name]: String(fields[name]).replace(rig.url, 'http://api.example.com') });
			const errors = [
				await errorOf(rig.pressTest()),
				await errorOf(rig.runNode(nodeFor(rig.type), apiRequest(credential.apiPath))),
			];
			for (const error of errors) {
				expect(reasonOf(error)).toBe('configuration');
				expect(error.message).toContain('must use https:// (plain http is only allowed for');
			}
		}
		const loopback = Object.fromEntries(
			urlFieldsOf(fields, rig.url).map((name) => [
				name,
				String(fields[name]).replace('localhost', '127.0.0.1'),
			]),
		);
		rig.save(loopback);
		await rig.runNode(nodeFor(rig.type), apiRequest(credential.apiPath));
		expect(rig.fake.log.map((entry) => `${entry.kind} ${entry.status}`)).toEqual([
			'sign-in 200',
			'api 200',
		]);
	});
});

describe('Token Exchange with the token in a header of its own (X-Api-Key)', () => {
	it('follows no redirect, so no other host sees that header', async () => {
		const rig = await CredentialRig.start(tokenExchangeCase);
		rig.save(apiKeyHeader);
		rig.fake.injectFault(
			'api',
			{ type: 'status', status: 302, headers: { Location: `${bystander.url}/collect` } },
			2,
		);

		await errorOf(rig.get());
		await errorOf(rig.legacyGet());

		expect(bystander.carried).toEqual([]);
	});
});
