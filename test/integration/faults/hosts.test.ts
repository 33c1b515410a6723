import { NodeOperationError } from 'n8n-workflow';
import { FakeProvider } from '../../fakes/fakeProvider';
import type { FakeRequest, Reply } from '../../fakes/fakeProvider';
import { credentialCases, urlFieldsOf } from '../../harness/credentialCases';
import { CredentialRig, stopRigs } from '../../harness/credentialRig';
import { errorOf } from '../helpers';
import { apiRequest, nodeFor } from './nodeTypes';

/** The token goes to the credential's own API host and nowhere else; plain http only to this machine. */

/** Another server on this machine, which logs whatever reaches it and what it carried. */
class Bystander extends FakeProvider {
	readonly carried: string[] = [];

	protected kindOf(): string {
		return 'api';
	}

	protected handle(request: FakeRequest): Reply {
		this.carried.push(
			`${request.path}?${request.query.toString()} ${request.headers.authorization ?? ''} ${request.rawBody}`,
		);
		return { kind: 'api', status: 200, body: { ok: true } };
	}
}

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

		for (const error of refusals) expect(error.message).toMatch(/refused/);
		expect(bystander.log).toEqual([]);
	});

	it('does not carry the token along when its API redirects to another host', async () => {
		const rig = await CredentialRig.start(credential);
		rig.fake.injectFault(
			'api',
			{ type: 'status', status: 302, headers: { Location: `${bystander.url}/collect` } },
			3,
		);

		await rig.get();
		await rig.legacyGet();
		await rig.runNode(nodeFor(rig.type), apiRequest(credential.apiPath));

		expect(bystander.carried).toHaveLength(3);
		for (const seen of bystander.carried) {
			expect(seen).not.toMatch(/Bearer/);
			for (const token of rig.fake.issuedTokens) expect(seen).not.toContain(token);
		}
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
				expect(error).toBeInstanceOf(NodeOperationError);
				expect(error.message).toMatch(
					/must use https:\/\/ \(plain http is only allowed for localhost\)/,
				);
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
