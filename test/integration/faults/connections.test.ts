import { createServer } from 'net';
import type { AddressInfo } from 'net';
import type { Reason } from '../../../package/credentials/common/errors';
import { reasonOf } from '../../../package/credentials/common/errors';
import { FakeProvider } from '../../fakes/fakeProvider';
import type { Reply } from '../../fakes/fakeProvider';
import { credentialCases, urlFieldsOf } from '../../harness/credentialCases';
import { CredentialRig, stopRigs } from '../../harness/credentialRig';
import { headlineOf } from '../../harness/headline';
import { errorOf } from '../helpers';
import { apiRequest, nodeFor } from './nodeTypes';

/**
 * A connection mistake gets words that name the host and the likely fix, at the Test button
 * and in the node's error: TLS spoken to a plain-http server, a host that does not resolve, a
 * refused connection, a port that answers as another service, a typo in "localhost".
 */

/** Another service: answers every request with its own "no such route". */
class OtherService extends FakeProvider {
	protected kindOf(): string {
		return 'api';
	}

	protected handle(): Reply {
		return { kind: 'api', status: 404, body: { message: 'No route' } };
	}
}

async function closedPort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
	const { port } = server.address() as AddressInfo;
	await new Promise((done) => server.close(done));
	return port;
}

const other = new OtherService();
let otherUrl: string;

beforeAll(async () => {
	otherUrl = await other.start();
});

afterAll(async () => {
	await Promise.all([stopRigs(), other.stop()]);
});

interface Mistake {
	name: string;
	/** The URL typed instead of the fake's, from the fake's. */
	url(fake: URL): Promise<string> | string;
	headline: RegExp;
	fix: RegExp;
	reason: Reason;
}

const mistakes: Mistake[] = [
	{
		name: 'https:// to a server that speaks plain http',
		url: (fake) => `https://localhost:${fake.port}`,
		headline: /failed: localhost:\d+ does not answer https:\/\/ there/,
		fix: /^Check the port of the URL: it reaches a server without TLS/,
		reason: 'token_endpoint_unavailable',
	},
	{
		name: 'a port where nothing listens',
		url: async () => `http://localhost:${await closedPort()}`,
		headline: /failed: nothing accepts connections at localhost:\d+$/,
		fix: /^Check the port of the URL and that the server at localhost is running/,
		reason: 'token_endpoint_unavailable',
	},
	{
		name: 'a host that does not exist',
		url: () => 'https://no-such-host.invalid',
		headline: /failed: the host no-such-host\.invalid does not exist/,
		fix: /^Check the host name in the URL for a typo/,
		reason: 'token_endpoint_unavailable',
	},
	{
		name: 'a port that answers as another service',
		url: () => otherUrl,
		headline: /\(HTTP 404\)/,
		fix: /^Nothing at this address takes a sign-in: check the API URL and its port/,
		reason: 'sign_in_rejected',
	},
];

describe.each(credentialCases)('$name', (credential) => {
	it.each(mistakes)(
		'$name: the Test button and the node name the host and the fix',
		async (mistake) => {
			const rig = await CredentialRig.start(credential);
			const fields = rig.fields();
			const typed = await mistake.url(new URL(rig.url));
			rig.save(
				Object.fromEntries(
					urlFieldsOf(fields, rig.url).map((name) => [
						name,
						String(fields[name]).replace(rig.url, typed),
					]),
				),
			);

			const errors = [
				await errorOf(rig.pressTest()),
				await errorOf(rig.runNode(nodeFor(rig.type), apiRequest(credential.apiPath))),
			];

			for (const error of errors) {
				expect(headlineOf(error)).toMatch(mistake.headline);
				expect(error.description).toMatch(mistake.fix);
				expect(reasonOf(error)).toBe(mistake.reason);
			}
		},
	);

	it('a typo in localhost is named as one', async () => {
		const rig = await CredentialRig.start(credential);
		const fields = rig.fields();
		const [name] = urlFieldsOf(fields, rig.url);
		rig.save({ [name]: String(fields[name]).replace('localhost', 'locahost') });

		const error = await errorOf(rig.pressTest());

		expect(reasonOf(error)).toBe('configuration');
		expect(error.message).toContain('"locahost" is not localhost');
	});

	it('an API that stops answering after the sign-in: the node names the host', async () => {
		const rig = await CredentialRig.start(credential);
		await rig.get();
		await rig.fake.stop();

		const error = await errorOf(rig.runNode(nodeFor(rig.type), apiRequest(credential.apiPath)));

		expect(headlineOf(error)).toMatch(/nothing accepts connections at localhost:\d+$/);
		expect(reasonOf(error)).toBe('api_unavailable');
	});
});
