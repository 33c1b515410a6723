import type { IDataObject, INodeListSearchResult } from 'n8n-workflow';
import { reasonOf } from '../../../package/credentials/common/errors';
import { caseFor, credentialCases } from '../../harness/credentialCases';
import { CredentialRig, stopRigs } from '../../harness/credentialRig';
import type { ProviderRig } from '../../harness/credentialRig';
import { echoRequests, leaksIn } from '../../harness/leaks';
import { loadOptionsContext } from '../../harness/n8nCore';
import { registeredNodes } from '../../harness/packageManifest';
import { PollRunner } from '../../harness/pollRig';
import { errorOf } from '../helpers';
import { triggerCases } from '../triggerCases';
import { apiRequest, nodeFor } from './nodeTypes';

/**
 * An API that echoes each request into its answers (headers with the token, query, URL), puts
 * the token into its records' ids and its paging links, and the secrets in every form: none of
 * it reaches a node's output (what an AI agent's model gets from the node as a tool), a
 * trigger's records or stored state, a list search's results, or an error.
 */
const rigs: ProviderRig[] = [];
afterAll(async () => {
	await Promise.all(rigs.map(async (rig) => await rig.fake.stop()));
	await stopRigs();
});

async function echoing(start: () => Promise<ProviderRig>): Promise<ProviderRig> {
	const rig = await start();
	rigs.push(rig);
	echoRequests(rig);
	return rig;
}

describe.each(credentialCases)('$name', (credential) => {
	it('API Request: the answer shows no token or secret', async () => {
		const rig = await echoing(async () => await CredentialRig.start(credential));

		const output = await rig.runNode(nodeFor(rig.type), apiRequest(credential.apiPath));

		expect(output.length).toBeGreaterThan(0);
		expect(JSON.stringify(output)).toContain('[redacted]');
		expect(leaksIn(rig, output)).toEqual([]);
	});

	it('API Request: nor the token renewed during the call, after the API answered 401', async () => {
		const rig = await echoing(async () => await CredentialRig.start(credential));
		await rig.get();
		rig.fake.injectFault('api', { type: 'status', status: 401, body: { message: 'revoked' } });

		const output = await rig.runNode(nodeFor(rig.type), apiRequest(credential.apiPath));

		expect(rig.fake.issuedTokens.length).toBeGreaterThan(1);
		expect(leaksIn(rig, output)).toEqual([]);
	});

	const list = credential.listOperation;
	if (list)
		it('a list (Return All) shows no token or secret in its records', async () => {
			const rig = await echoing(async () => await CredentialRig.start(credential));

			const output = await rig.runNode(nodeFor(rig.type), { ...list, returnAll: true });

			expect(output.length).toBeGreaterThan(1);
			expect(leaksIn(rig, output)).toEqual([]);
		});

	if (list && credential.listPaging === 'links')
		it.each([
			['an error', false],
			['a Continue On Fail item', true],
		])(
			'the page after a link that carried the token and the secret fails: %s shows neither',
			async (_, continueOnFail) => {
				const rig = await echoing(async () => await CredentialRig.start(credential));
				rig.fake.apiFault = (request) =>
					request.query.has('access_token')
						? { type: 'status', status: 500, body: { message: `failed: ${request.query}` } }
						: undefined;
				const run = rig.runNode(
					nodeFor(rig.type),
					{ ...list, returnAll: true },
					{ continueOnFail },
				);

				const shown = continueOnFail ? await run : await errorOf(run);

				expect(JSON.stringify(shown)).toContain('"reason":"api_unavailable"');
				expect(leaksIn(rig, shown)).toEqual([]);
			},
		);
});

describe.each(triggerCases)('$name', (trigger) => {
	it('emits records and stores a state with no token or secret', async () => {
		const rig = await echoing(trigger.start);
		const runner = new PollRunner(rig, trigger.nodeType, trigger.parameters);

		await runner.poll();
		trigger.add(rig, 1);
		const emitted = await runner.poll();
		const manual = await runner.test();

		expect(emitted).toHaveLength(1);
		expect(manual).toHaveLength(1);
		expect(leaksIn(rig, emitted, manual, runner.saved, runner.errorExecutions)).toEqual([]);
	});

	if (trigger.paged)
		it('a poll failing on the page after a link that carried the token and the secret shows neither', async () => {
			const rig = await echoing(trigger.start);
			const runner = new PollRunner(rig, trigger.nodeType, trigger.parameters);
			await runner.poll();
			trigger.add(rig, 1);
			trigger.add(rig, 2, true);
			rig.fake.apiFault = (request) =>
				request.query.has('access_token')
					? { type: 'status', status: 500, body: { message: `failed: ${request.query}` } }
					: undefined;

			const error = await errorOf(runner.poll());

			expect(reasonOf(error)).toBe('api_unavailable');
			expect(leaksIn(rig, error, runner.saved)).toEqual([]);
		});
});

const listSearches = registeredNodes().flatMap((nodeType) =>
	Object.keys(nodeType.methods?.listSearch ?? {}).map((method) => ({
		title: `${nodeType.description.displayName}: list search ${method}`,
		nodeType,
		method,
		credentialType: nodeType.description.credentials![0].name,
	})),
);

it.each(listSearches)(
	'$title shows no token or secret, in its results or its next page',
	async ({ nodeType, method, credentialType }) => {
		const rig = await echoing(async () => await CredentialRig.start(caseFor(credentialType)));
		const search = async (paginationToken?: string) => {
			const context = loadOptionsContext(
				rig.store,
				{ nodeType, credentialType, parameters: {} as IDataObject },
				`parameters.${method}`,
			);
			return (await nodeType.methods!.listSearch![method].call(
				context,
				undefined,
				paginationToken,
			)) as INodeListSearchResult;
		};

		const first = await search();
		const next = first.paginationToken ? [await search(String(first.paginationToken))] : [];

		expect(first.results.length).toBeGreaterThan(0);
		expect(leaksIn(rig, first, ...next)).toEqual([]);
	},
);
