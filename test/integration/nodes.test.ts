import type { IDataObject, INodeExecutionData, INodeListSearchResult } from 'n8n-workflow';
import { reasonOf } from '../../package/credentials/common/errors';
import type { FakeProvider } from '../fakes/fakeProvider';
import { caseFor } from '../harness/credentialCases';
import type { CredentialCase } from '../harness/credentialCases';
import { ProviderRig } from '../harness/credentialRig';
import { leaksIn } from '../harness/leaks';
import { providerFixtures } from '../providers';
import { apiRequest, nodeFor } from './faults/nodeTypes';
import { errorOf } from './helpers';
import type { ListCase, NodeCase, NodeCases } from './nodeCases';

/**
 * Every provider's node run by n8n-core against its fake: what the user gets out. What every
 * node does is checked here for each fixture of test/providers/; what only one node has is its
 * fixture's `nodeCases` (test/integration/nodeCases.ts).
 */

const rigs: NodeRig[] = [];

/** The demo credential and the provider's node against a fake of its own, which logs `path?query` of each API call. */
class NodeRig extends ProviderRig {
	readonly calls: string[] = [];

	static async start(credential: CredentialCase, fake?: FakeProvider): Promise<NodeRig> {
		const rig = new NodeRig(credential, fake ?? credential.createFake(3600));
		rigs.push(rig);
		await rig.started();
		rig.fake.apiReply = (request, reply) => {
			const query = request.query.toString();
			rig.calls.push(query ? `${request.path}?${query}` : request.path);
			return reply;
		};
		return rig;
	}

	protected override node() {
		return nodeFor(this.type);
	}
}

// Fakes stay up to the end: a port freed early could go to the next fake, whose credential
// the lifecycle would take for the old one.
afterAll(async () => {
	await Promise.all(rigs.map(async (rig) => await rig.fake.stop()));
});

const providers = providerFixtures
	.filter((fixture) => fixture.nodeCases)
	.map((fixture) => ({
		name: fixture.demo.name,
		credential: caseFor(fixture.demo.provider.credentialType),
		...(fixture.nodeCases as NodeCases),
	}));

const jsonOf = (output: INodeExecutionData[]) => output.map((item) => item.json);

/** `expected` with each RegExp made a matcher, for toMatchObject. */
function matching(expected: unknown): unknown {
	if (expected instanceof RegExp) return expect.stringMatching(expected);
	if (Array.isArray(expected)) return expected.map(matching);
	if (expected && typeof expected === 'object')
		return Object.fromEntries(
			Object.entries(expected).map(([key, value]) => [key, matching(value)]),
		);
	return expected;
}

async function rigFor(credential: CredentialCase, entry: NodeCase | ListCase): Promise<NodeRig> {
	const rig = await NodeRig.start(credential, entry.fake?.());
	if (entry.fields) rig.save(entry.fields);
	entry.arrange?.(rig.fake);
	return rig;
}

/** A failing case: its reason and words, and no token or secret in what the user sees. */
async function expectFailure(rig: NodeRig, work: Promise<unknown>, entry: NodeCase | ListCase) {
	const error = await errorOf(work);
	expect(reasonOf(error)).toBe(entry.fails!.reason);
	expect(error.message).toMatch(entry.fails!.says);
	expect(leaksIn(rig, error)).toEqual([]);
}

function expectCalls(rig: NodeRig, calls: string[] | number | undefined) {
	if (typeof calls === 'number') expect(rig.calls).toHaveLength(calls);
	else if (calls) expect(rig.calls).toEqual(calls);
}

describe.each(providers)('$name node', ({ credential, whoAmI, operations, lists }) => {
	it('User Info: who the token belongs to and when it expires, never the token; a fresh stored token is read, not fetched again', async () => {
		const rig = await NodeRig.start(credential);

		const [info] = jsonOf(await rig.run({ resource: 'userInfo', operation: 'get' }));
		const callsFirst = rig.calls.length;
		const [again] = jsonOf(await rig.run({ resource: 'userInfo', operation: 'get' }));

		expect(info).toMatchObject({
			provider: credential.name,
			apiUrl: rig.url,
			hasRefreshToken: credential.rotatesRefreshTokens,
			...(matching(whoAmI.json) as IDataObject),
		});
		expect(info.warning).toBeUndefined();
		expect(info.expiresInSeconds).toBeGreaterThan(rig.fake.tokenLifetimeSeconds - 10);
		expect(info.expiresInSeconds).toBeLessThanOrEqual(rig.fake.tokenLifetimeSeconds);
		expect(Date.parse(String(info.expiresAt))).toBeGreaterThan(Date.now());
		expect(leaksIn(rig, info, again)).toEqual([]);
		for (const text of whoAmI.hides ?? []) expect(JSON.stringify(info)).not.toContain(text);
		expect(again).toMatchObject(matching(whoAmI.json) as IDataObject);
		expect(rig.fake.count('sign-in')).toBe(1);
		expect(rig.calls.length - callsFirst).toBe(whoAmI.callsApi ? 1 : 0);
	});

	it('API Request: items share one sign-in, each gets the answer paired with it; the next execution keeps the token', async () => {
		const rig = await NodeRig.start(credential);
		const answer = await rig.get();

		const output = await rig.run(apiRequest(credential.apiPath), { items: 3 });
		const next = await rig.run(apiRequest(credential.apiPath));

		const records = Array.isArray(answer) ? (answer as IDataObject[]) : [answer];
		expect(jsonOf(output)).toEqual([...records, ...records, ...records]);
		expect(output.map((item) => item.pairedItem)).toEqual(
			[0, 1, 2].flatMap((item) => records.map(() => ({ item }))),
		);
		expect(jsonOf(next)).toEqual(records);
		expect(rig.tokenRequests()).toBe(1);
		expect(rig.acceptedApiCalls()).toBe(5);
	});

	it('API Request: a path it does not have fails with what the API said; //host/path stays on the API host', async () => {
		const rig = await NodeRig.start(credential);
		const elsewhere = await NodeRig.start(credential);
		const otherHost = elsewhere.url.replace(/^http:/, '');

		const error = await errorOf(rig.run(apiRequest(`${otherHost}/nothing`)));

		expect(reasonOf(error)).toBe('api_error');
		expect(error.message).toMatch(new RegExp(`^${credential.name} request failed \\(HTTP 404\\)`));
		expect(error.description).toMatch(/^Check the path/);
		const sent = rig.fake.log.filter((entry) => !['sign-in', 'refresh'].includes(entry.kind));
		expect(sent.map((entry) => entry.path)).toEqual([`/${otherHost.replace(/^\/\//, '')}/nothing`]);
		expect(elsewhere.fake.log).toEqual([]);
	});

	it('API Request: refuses another host before anything is sent, naming the host it signs', async () => {
		const rig = await NodeRig.start(credential);
		const elsewhere = await NodeRig.start(credential);

		const error = await errorOf(rig.run(apiRequest(`${elsewhere.url}${credential.apiPath}`)));

		expect(reasonOf(error)).toBe('request_refused');
		expect(error.message).toMatch(
			new RegExp(
				`^${credential.name} request failed: refused to send the access token to ${elsewhere.url}`,
			),
		);
		expect(error.description).toContain(`only signs requests to ${rig.url}`);
		expect(rig.fake.log).toEqual([]);
		expect(elsewhere.fake.log).toEqual([]);
	});

	it.each(operations)('$title', async (entry) => {
		const rig = await rigFor(credential, entry);
		const run = rig.run(entry.parameters, entry.run);

		if (entry.fails) await expectFailure(rig, run, entry);
		else {
			const output = jsonOf(await run);
			if (entry.names) expect(output.map((item) => item.name)).toEqual(entry.names);
			if (entry.count !== undefined) expect(output).toHaveLength(entry.count);
			if (entry.json) expect(output[0]).toMatchObject(matching(entry.json) as IDataObject);
			for (const path of entry.has ?? []) expect(output[0]).toHaveProperty(path);
			if (entry.keys) for (const item of output) expect(Object.keys(item)).toEqual(entry.keys);
			if (entry.distinct)
				expect(new Set(output.map((item) => item[entry.distinct!])).size).toBe(output.length);
			expect(output.length).toBeGreaterThan(0);
			expect(leaksIn(rig, output)).toEqual([]);
		}
		expectCalls(rig, entry.calls);
	});

	const listCases = lists ?? [];
	if (listCases.length === 0) return;

	it.each(listCases)('list: $title', async (entry) => {
		const rig = await rigFor(credential, entry);
		let token = entry.token;
		const results: INodeListSearchResult[] = [];

		if (entry.fails) {
			await expectFailure(rig, rig.listSearch(entry.method, entry.filter, token), entry);
		} else {
			for (let page = 0; page < (entry.pages ?? 1); page++) {
				results.push(await rig.listSearch(entry.method, entry.filter, token));
				token = results.at(-1)!.paginationToken as string | undefined;
			}
			const listed = results
				.flatMap((result) => result.results)
				.map(
					(item) =>
						`${item.name} = ${item.value}${item.description ? ` (${item.description})` : ''}`,
				);
			if (entry.listed) expect(listed).toEqual(entry.listed);
			if (entry.count !== undefined) expect(listed).toHaveLength(entry.count);
			if (entry.more) expect(token).toMatch(entry.more);
			else expect(token).toBeUndefined();
			expect(leaksIn(rig, results)).toEqual([]);
		}
		expectCalls(rig, entry.calls);
	});

	it('list: a token past its expiry is renewed before listing, and no request carries it', async () => {
		const rig = await NodeRig.start(credential);
		await rig.signInAndWaitForExpiry(2);
		rig.fake.clearLog();

		const result = await rig.listSearch(listCases[0].method);

		expect(result.results.length).toBeGreaterThan(0);
		expect(rig.tokenRequests()).toBe(1);
		expect(rig.fake.expiredTokenRequests()).toBe(0);
		expect(rig.fake.log.filter((entry) => entry.status === 401)).toEqual([]);
	});
});
