import type { INodeExecutionData } from 'n8n-workflow';
import { reasonOf } from '../../../package/credentials/common/errors';
import { credentialCases } from '../../harness/credentialCases';
import type { CredentialCase } from '../../harness/credentialCases';
import { CredentialRig, stopRigs } from '../../harness/credentialRig';
import { advanceClock, until } from '../../harness/clock';
import { leaksIn } from '../../harness/leaks';
import { errorOf } from '../helpers';
import { apiRequest, nodeFor } from './nodeTypes';

/**
 * A token endpoint that never answers, or never finishes its answer, is given up after the
 * lifecycle's 30 s deadline, once for all items. The test clock jumps the 30 s.
 */
afterAll(stopRigs);

const ITEMS = 10;

interface Outcome {
	rig: CredentialRig;
	step: 'sign-in' | 'refresh';
	/** The reason and the message of each error. */
	said: Array<[unknown, string]>;
	shown: unknown[];
}

async function hangingRig(
	credential: CredentialCase,
	expired = false,
	fault: 'hang' | 'drip' = 'hang',
): Promise<CredentialRig> {
	const rig = await CredentialRig.start(credential);
	if (expired) {
		await rig.get();
		rig.expireStoredToken();
		rig.fake.clearLog();
	}
	rig.failTokenEndpoint({ type: fault });
	return rig;
}

async function nodeItems(rig: CredentialRig, step: Outcome['step']): Promise<Outcome> {
	const output: INodeExecutionData[] = await rig.runNode(
		nodeFor(rig.type),
		apiRequest(rig.credential.apiPath),
		{
			items: ITEMS,
			continueOnFail: true,
		},
	);
	const said = output.map(({ json }): [unknown, string] => [json.reason, String(json.error)]);
	return { rig, step, said, shown: [output] };
}

async function legacyItems(rig: CredentialRig): Promise<Outcome> {
	const errors = await Promise.all(
		Array.from({ length: ITEMS }, async () => await errorOf(rig.legacyGet())),
	);
	const said = errors.map((error): [unknown, string] => [reasonOf(error), error.message]);
	return { rig, step: 'sign-in', said, shown: errors };
}

async function testButton(rig: CredentialRig): Promise<Outcome> {
	const error = await errorOf(rig.pressTest());
	return { rig, step: 'sign-in', said: [[reasonOf(error), error.message]], shown: [error] };
}

/** `flows` once the test clock has passed `ms`: none of them settles a second earlier. */
async function settledAfter<T>(ms: number, flows: Array<Promise<T>>): Promise<T[]> {
	let settled = 0;
	for (const flow of flows) void flow.finally(() => (settled += 1));
	await advanceClock(ms - 1_000);
	expect(settled).toBe(0);
	await advanceClock(1_000);
	return await Promise.all(flows);
}

it('gives up on a token endpoint that never answers after 30 s, once, for every credential', async () => {
	const hanging: CredentialRig[] = [];
	const hangs = async (...args: Parameters<typeof hangingRig>) => {
		const rig = await hangingRig(...args);
		hanging.push(rig);
		return rig;
	};
	const flows = credentialCases.flatMap((credential) => [
		hangs(credential).then(async (rig) => await nodeItems(rig, 'sign-in')),
		hangs(credential).then(legacyItems),
		hangs(credential).then(testButton),
		// Headers at once, then a byte every 2 s: the 30 s are a deadline for the whole answer.
		hangs(credential, false, 'drip').then(async (rig) => await nodeItems(rig, 'sign-in')),
		...(credential.rotatesRefreshTokens
			? [hangs(credential, true).then(async (rig) => await nodeItems(rig, 'refresh'))]
			: []),
	]);
	// Every token request is held open by its fake; then the 30 s pass (test/harness/clock.ts).
	await until(
		() =>
			hanging.length === flows.length &&
			hanging.every((rig) => rig.fake.log.some((entry) => entry.status === 0)),
	);

	const outcomes = await settledAfter(30_000, flows);

	for (const { rig, step, said, shown } of outcomes) {
		for (const [reason, message] of said) {
			expect(reason).toBe('token_endpoint_unavailable');
			expect(message).toContain(`no answer from ${new URL(rig.url).host} within 30 s`);
		}
		expect(rig.fake.log.map((entry) => `${entry.kind} ${entry.status}`)).toEqual([`${step} 0`]);
		expect(leaksIn(rig, ...shown)).toEqual([]);
	}
});

it('gives up on an API request that never finishes its answer after 5 min, for every credential', async () => {
	const rigs = await Promise.all(
		credentialCases.map(async (credential) => {
			const rig = await CredentialRig.start(credential);
			await rig.get();
			rig.fake.clearLog();
			// Headers at once, then a byte every 2 s: n8n's own timeout never fires.
			rig.fake.injectFault('api', { type: 'drip' });
			return rig;
		}),
	);
	const flows = rigs.map(async (rig) =>
		errorOf(rig.runNode(nodeFor(rig.type), apiRequest(rig.credential.apiPath))),
	);
	await until(() => rigs.every((rig) => rig.fake.log.some((entry) => entry.status === 0)));

	const errors = await settledAfter(300_000, flows);

	for (const [index, error] of errors.entries()) {
		const rig = rigs[index];
		expect(reasonOf(error)).toBe('api_unavailable');
		expect(error.message).toContain(
			`no complete answer from ${new URL(rig.url).host} within 5 min`,
		);
	}
});
