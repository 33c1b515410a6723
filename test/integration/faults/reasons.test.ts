import { readFileSync } from 'fs';
import { join } from 'path';
import type { IDataObject } from 'n8n-workflow';
import type { Reason } from '../../../package/credentials/common/errors';
import { REASONS, reasonOf } from '../../../package/credentials/common/errors';
import { credentialCases } from '../../harness/credentialCases';
import { CredentialRig, stopRigs } from '../../harness/credentialRig';
import type { ProviderRig } from '../../harness/credentialRig';
import { headlineOf } from '../../harness/headline';
import { PollRunner } from '../../harness/pollRig';
import { errorOf } from '../helpers';
import { triggerCases } from '../triggerCases';
import { apiRequest, nodeFor } from './nodeTypes';

/**
 * Every failure carries a stable reason a workflow can branch on: `error.context.reason` (an
 * error workflow's `execution.error`) and `reason` in a Continue On Fail item. Each reason is
 * made the way a user meets it, for every credential; the wording of each is pinned once, below.
 */
interface ReasonCase {
	reason: Reason;
	/** Breaks the rig the way a user meets this reason; returns the API Request path to run. */
	arrange(rig: CredentialRig): string;
}

const reasonCases: ReasonCase[] = [
	{
		reason: 'configuration',
		arrange: (rig) => {
			rig.save({ allowedHttpRequestDomains: 'domains', allowedDomains: 'other.example.com' });
			return rig.credential.apiPath;
		},
	},
	{
		reason: 'sign_in_rejected',
		arrange: (rig) => {
			rig.failTokenEndpoint({ type: 'status', status: 401, body: { error: 'invalid_client' } });
			return rig.credential.apiPath;
		},
	},
	{
		reason: 'token_endpoint_unavailable',
		arrange: (rig) => {
			rig.failTokenEndpoint({ type: 'status', status: 503 });
			return rig.credential.apiPath;
		},
	},
	{
		reason: 'rate_limited',
		arrange: (rig) => {
			rig.failTokenEndpoint({ type: 'status', status: 429 });
			return rig.credential.apiPath;
		},
	},
	{
		reason: 'request_refused',
		arrange: () => 'http://127.0.0.1:9/elsewhere',
	},
	{
		reason: 'api_rejected',
		arrange: (rig) => {
			rig.fake.injectFault('api', { type: 'status', status: 403 }, 5);
			return rig.credential.apiPath;
		},
	},
	{
		reason: 'api_error',
		arrange: (rig) => {
			rig.fake.injectFault('api', { type: 'status', status: 404 }, 5);
			return rig.credential.apiPath;
		},
	},
	{
		reason: 'api_unavailable',
		arrange: (rig) => {
			rig.fake.injectFault('api', { type: 'status', status: 503 }, 5);
			return rig.credential.apiPath;
		},
	},
];

const triggerRigs: ProviderRig[] = [];
afterAll(async () => {
	await Promise.all(triggerRigs.map(async (rig) => await rig.fake.stop()));
	await stopRigs();
});

describe.each(credentialCases)('$name', (credential) => {
	it.each(reasonCases)(
		'$reason: in the thrown error and in a Continue On Fail item',
		async (entry) => {
			const rig = await CredentialRig.start(credential);
			const path = entry.arrange(rig);
			const node = nodeFor(rig.type);

			const thrown = await errorOf(rig.runNode(node, apiRequest(path)));
			const [item] = await rig.runNode(node, apiRequest(path), { continueOnFail: true });

			expect(reasonOf(thrown)).toBe(entry.reason);
			expect(JSON.parse(JSON.stringify(thrown)).context.reason).toBe(entry.reason);
			expect(item.json).toEqual({
				error: thrown.message,
				description: thrown.description ?? null,
				reason: entry.reason,
			} as IDataObject);
		},
	);
});

/** The words a user reads for each reason, for one credential (OurPeople): changing them is a decision. */
const ourPeople = credentialCases.find((entry) => entry.credentialType === 'ourPeopleApi')!;
const wording: Record<Reason, RegExp> = {
	configuration:
		/^OurPeople credential: its Allowed Domains \(other\.example\.com\) leave out localhost, the host of its API/,
	sign_in_rejected: /^OurPeople sign-in failed \(HTTP 401\): invalid_client$/,
	token_endpoint_unavailable: /^OurPeople sign-in failed \(HTTP 503\)/,
	rate_limited: /^OurPeople sign-in failed \(HTTP 429\)/,
	request_refused:
		/^OurPeople request failed: refused to send the access token to http:\/\/127\.0\.0\.1:9$/,
	api_rejected: /^OurPeople request failed \(HTTP 403\)/,
	api_error: /^OurPeople request failed \(HTTP 404\)/,
	api_unavailable: /^OurPeople request failed \(HTTP 503\)/,
	list_too_long: /^OurPeople: the list has more than 100000 records, the most one run holds$/,
	record_skipped:
		/^OurPeople trigger skipped 1 record of \/v1\/users it cannot order: #\d+ of the list \(no ID\)$/,
};

/** The OurPeople trigger's error after a first poll, then `change` to its users, then a poll. */
async function polledError(change: (users: Array<Record<string, unknown>>) => void) {
	const trigger = triggerCases.find((entry) => entry.name === 'OurPeople: user added')!;
	const rig = await trigger.start();
	triggerRigs.push(rig);
	const runner = new PollRunner(rig, trigger.nodeType, trigger.parameters);
	await runner.poll();
	change(trigger.list(rig));
	const thrown = await runner.poll().then(
		() => undefined,
		(error: Error) => error,
	);
	return thrown ?? runner.errorExecutions[0];
}

/** The error a user of OurPeople meets for `reason`: through API Request, or its trigger. */
async function met(reason: Reason): Promise<Error> {
	if (reason === 'list_too_long')
		return await polledError((users) => {
			for (let n = 0; n <= 100_000; n++) users.push({ id: `many-${n}` });
		});
	if (reason === 'record_skipped')
		return await polledError((users) => users.push({ name: 'No ID' }));
	const rig = await CredentialRig.start(ourPeople);
	const path = reasonCases.find((entry) => entry.reason === reason)!.arrange(rig);
	return await errorOf(rig.runNode(nodeFor(rig.type), apiRequest(path)));
}

describe('the wording of each reason (OurPeople)', () => {
	it.each([...REASONS])('%s', async (reason) => {
		const error = await met(reason);

		expect(reasonOf(error)).toBe(reason);
		const words = reason === 'configuration' ? error.message : headlineOf(error);
		expect(words).toMatch(wording[reason]);
	});

	it("the README's table of reasons lists every reason and no other", () => {
		const readme = readFileSync(join(__dirname, '../../../package/README.md'), 'utf8');
		const table = readme.split('#### Error reasons')[1].split('\n#')[0];

		expect([...table.matchAll(/^\| `(\w+)` /gm)].map(([, reason]) => reason)).toEqual(REASONS);
	});
});
