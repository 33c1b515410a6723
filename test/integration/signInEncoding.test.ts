import type { FakeRequest } from '../fakes/fakeProvider';
import { credentialCases } from '../harness/credentialCases';
import { CredentialRig, stopRigs } from '../harness/credentialRig';

/**
 * The fakes take a sign-in only as their provider's docs give it, so every suite that signs in
 * against one proves the package (or a Token Exchange recipe) sends it that way: the package's
 * own sign-in, replayed as sent, is taken; its body in the other encoding (JSON for a form, a
 * form for JSON), or without a body its Authorization header and query, is refused.
 */
afterAll(stopRigs);

/** The sign-in as the fake received it. */
async function packageSignIn(rig: CredentialRig): Promise<FakeRequest> {
	const fake = rig.fake as unknown as { handle(request: FakeRequest): unknown };
	const received: FakeRequest[] = [];
	const handle = fake.handle.bind(fake);
	fake.handle = (request) => {
		received.push(request);
		return handle(request);
	};
	await rig.get();
	return received[rig.fake.log.findIndex((entry) => entry.kind === 'sign-in')];
}

/** The sign-in against its provider's docs: re-encoded, or without its credentials. */
function altered(request: FakeRequest): { url: string; init: RequestInit } {
	if (!request.rawBody) return { url: request.path, init: { method: 'POST' } };
	const asJson = request.contentType !== 'application/json';
	return {
		url: `${request.path}?${request.query}`,
		init: {
			method: 'POST',
			headers: {
				authorization: request.headers.authorization ?? '',
				'Content-Type': asJson ? 'application/json' : 'application/x-www-form-urlencoded',
			},
			body: asJson
				? JSON.stringify(request.body)
				: new URLSearchParams(request.body as Record<string, string>).toString(),
		},
	};
}

it.each(credentialCases)(
	'$name: the fake takes the sign-in as sent, and refuses it encoded otherwise',
	async (credential) => {
		const rig = await CredentialRig.start(credential);
		const signIn = await packageSignIn(rig);
		const send = async ({ url, init }: { url: string; init: RequestInit }) =>
			(await fetch(`${rig.url}${url}`, init)).status;

		const asSent = await send({
			url: `${signIn.path}?${signIn.query}`,
			init: {
				method: 'POST',
				headers: {
					authorization: signIn.headers.authorization ?? '',
					'Content-Type': signIn.headers['content-type'] ?? '',
				},
				body: signIn.rawBody || undefined,
			},
		});
		const otherwise = await send(altered(signIn));

		expect({ asSent, otherwise: otherwise >= 400 && otherwise < 500 }).toEqual({
			asSent: 200,
			otherwise: true,
		});
	},
);
