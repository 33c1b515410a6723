import { randomBytes } from 'crypto';
import type { Fault } from '../../fakes/fakeProvider';
import { credentialCases, secretFieldsOf } from '../../harness/credentialCases';
import type { CredentialCase } from '../../harness/credentialCases';
import { CredentialRig, stopRigs } from '../../harness/credentialRig';
import { formsOf, leaksIn, secretsOf } from '../../harness/leaks';
import { errorOf } from '../helpers';
import { apiRequest, nodeFor } from './nodeTypes';

/**
 * Providers that echo what they were sent (error pages, proxies, debug output): no secret, password
 * or token, in any encoding, reaches an error message, description, thrown object or node output.
 */
afterAll(stopRigs);

/** Characters that URL- and form-encoding change, so each encoded form is a different string. */
const AWKWARD_SECRET = 'Wrong "secret"+plus/slash&amp=eq%pct<x>';

type Step = 'sign-in' | 'refresh' | 'api';

/**
 * Each secret of `rig`, the Authorization values its token requests carried (this one's too)
 * and every token its fake issued, in every form; made when the request arrives.
 */
function echoOf(rig: CredentialRig): () => string {
	return () => secretsOf(rig).flatMap(formsOf).join(' ');
}

const echoingFaults: Array<{ name: string; steps: Step[]; fault(rig: CredentialRig): Fault }> = [
	{
		name: 'an HTTP 500 echoing the request',
		steps: ['sign-in', 'refresh', 'api'],
		fault: (rig) => ({
			type: 'status',
			status: 500,
			body: () => ({ error: 'server_error', error_description: echoOf(rig)() }),
		}),
	},
	{
		name: 'an HTTP 400 echoing the request',
		steps: ['sign-in', 'refresh', 'api'],
		fault: (rig) => ({ type: 'status', status: 400, body: () => ({ message: echoOf(rig)() }) }),
	},
	{
		name: 'a token answer without a token, echoing the request',
		steps: ['sign-in', 'refresh'],
		fault: (rig) => ({ type: 'status', status: 200, body: () => ({ debug: echoOf(rig)() }) }),
	},
	{
		// Some token endpoints answer with the new token alone, as text: it is a token all the same.
		name: 'a token answer that is a new token in plain text',
		steps: ['sign-in', 'refresh'],
		fault: (rig) => {
			const token = `plain-${randomBytes(24).toString('hex')}`;
			rig.fake.issuedTokens.push(token);
			return { type: 'status', status: 200, body: token };
		},
	},
];

async function rigFailingAt(
	credential: CredentialCase,
	step: Step,
	fault: (rig: CredentialRig) => Fault,
): Promise<CredentialRig> {
	const rig = await CredentialRig.start(credential);
	if (step === 'sign-in') {
		rig.save(
			Object.fromEntries(secretFieldsOf(rig.fields()).map((name) => [name, AWKWARD_SECRET])),
		);
		rig.failTokenEndpoint(fault(rig));
		return rig;
	}
	await rig.get();
	if (step === 'refresh') rig.expireStoredToken();
	rig.fake.injectFault(step, fault(rig), 100);
	if (step === 'refresh') rig.fake.injectFault('sign-in', fault(rig), 100);
	return rig;
}

const cells = credentialCases.flatMap((credential) =>
	echoingFaults.flatMap(({ name, steps, fault }) =>
		steps
			.filter((step) => step !== 'refresh' || credential.rotatesRefreshTokens)
			.map((step) => ({ credential, title: `${credential.name}, ${step}: ${name}`, step, fault })),
	),
);

it.each(cells)('$title shows no secret', async ({ credential, step, fault }) => {
	const rig = await rigFailingAt(credential, step, fault);

	const output = await rig.runNode(nodeFor(rig.type), apiRequest(credential.apiPath), {
		items: 2,
		continueOnFail: true,
	});
	// An API error through n8n's HTTP Request node is n8n's own, body and all: only token steps are ours there.
	const legacy = step === 'api' ? [] : [await errorOf(rig.legacyGet())];
	const testButton = step === 'sign-in' ? [await errorOf(rig.pressTest())] : [];

	expect(output.map((item) => typeof item.json.error)).toEqual(['string', 'string']);
	expect(leaksIn(rig, output)).toEqual([]);
	expect(leaksIn(rig, ...legacy)).toEqual([]);
	expect(leaksIn(rig, ...testButton)).toEqual([]);
});

it.each(credentialCases)(
	'$name: User Info shows no token even when the API answers with it',
	async (credential) => {
		const rig = await CredentialRig.start(credential);
		await rig.get();
		rig.fake.injectFault(
			'api',
			{ type: 'status', status: 200, body: () => ({ id: 'me', debug: echoOf(rig)() }) },
			5,
		);

		const output = await rig.runNode(nodeFor(rig.type), { resource: 'userInfo', operation: 'get' });

		expect(output).toHaveLength(1);
		expect(leaksIn(rig, output)).toEqual([]);
	},
);

it.each(credentialCases)(
	'$name: an API echo of what the editor sent confirms no guess of the secret',
	async (credential) => {
		const rig = await CredentialRig.start(credential);
		const [secretField] = secretFieldsOf(rig.fields());
		const secret = String(rig.fields()[secretField]);
		const quoted = async (guess: string) => {
			rig.fake.injectFault('api', {
				type: 'status',
				status: 404,
				body: () => ({ message: `No resource at /lookup/${guess}` }),
			});
			const [item] = await rig.runNode(nodeFor(rig.type), apiRequest(`/lookup/${guess}`), {
				continueOnFail: true,
			});
			return String(item.json.error).replace(guess, '<guess>');
		};

		expect(await quoted(secret)).toBe(await quoted(`${secret}-wrong`));
	},
);
