/**
 * `npm run bench`: token efficiency and signing overhead, per credential, through n8n-core's
 * real request helpers against the local fakes. Prints tables; asserts nothing.
 *
 *  (a) 1000 sequential requests, the token expiring every 100 of them (a virtual clock moves
 *      36 s per request; tokens live 1 hour) → token calls and requests wasted on a 401,
 *      beside the same run with a credential built the way n8n's own are (reactive baseline);
 *  (b) 50 parallel requests on a cold credential → token calls;
 *  (c) median time of a request signed by our `authenticate` vs a bare httpRequest with the
 *      same header to the same server, as a ratio; and of the same request through n8n's
 *      httpRequestWithAuthentication, ours vs the reactive baseline; and of the call this
 *      package's nodes make (callApi: the same request, its answer checked for the
 *      credential's tokens and secrets) vs httpRequestWithAuthentication alone;
 *  (d) 200 items through the provider's node (API Request), the API answering in 50 ms:
 *      several items at once (the default Batching) vs one after another, on a cold and on an
 *      expired credential → seconds, token calls, requests that carried an expired token.
 *  `npm run bench -- --real-n8n` adds (e), the same in a real n8n (test/bench/realN8n.ts);
 *  `npm run bench -- --only=c` prints (c) alone.
 *  (f) the time answers built to cost time or memory take (test/bench/hostileAnswers.ts).
 */
import type { ExecuteContext } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IHttpRequestOptions,
} from 'n8n-workflow';
import type { TokenProvider } from '../package/credentials/common/types';
import { tokenExchange } from '../package/credentials/providers/tokenExchange';
import { TokenExchangeApi } from '../package/credentials/TokenExchangeApi.credentials';
import { reactiveBaseline } from '../test/bench/reactiveBaseline';
import { demoProviders } from '../test/demo/providers';
import type { FakeProvider } from '../test/fakes/fakeProvider';
import { declaringNode } from '../test/harness/credentialRig';
import { recipes } from '../test/harness/tokenExchangeRecipes';
import { executeContext, StoredCredentials } from '../test/harness/n8nCore';
import { credentialTypeNamed, nodeFor } from '../test/harness/packageManifest';
import { DEFAULT_BATCH_SIZE } from '../package/nodes/common/batching';
import { realN8nBatching } from '../test/bench/realN8n';
import { callApi } from '../package/nodes/common/request';
import { hostileAnswers } from '../test/bench/hostileAnswers';

const LIFETIME_SECONDS = 3600;
const SEQUENTIAL = 1000;
const REQUESTS_PER_LIFETIME = 100;
const PARALLEL = 50;
const OVERHEAD_SAMPLES = 2000;
const NODE_ITEMS = 200;
const API_LATENCY_MS = 50;

/** What is benchmarked: each provider's own credential, and the Token Exchange credential's recipe for it. */
interface Subject {
	name: string;
	type: ICredentialType;
	/** What the reactive baseline signs in with. */
	provider: TokenProvider;
	createFake(): FakeProvider;
	fields(url: string): object;
	apiPath: string;
}

const subjects: Subject[] = [
	...demoProviders.map((demo) => {
		const { provider } = demo;
		return {
			name: demo.name,
			type: credentialTypeNamed(provider.credentialType),
			provider,
			createFake: demo.createFake,
			fields: demo.credentialData,
			apiPath: demo.apiPath,
		};
	}),
	...recipes.map((recipe) => ({
		name: `Token Exchange (${recipe.provider})`,
		type: new TokenExchangeApi(),
		provider: tokenExchange,
		createFake: () => recipe.createFake(LIFETIME_SECONDS),
		fields: recipe.fields,
		apiPath: recipe.apiPath,
	})),
];

/** The fakes and the lifecycle read time through Date.now: moving it simulates hours in seconds. */
const realNow = Date.now.bind(Date);
let clockOffset = 0;
Date.now = () => realNow() + clockOffset;

interface Setup {
	fake: FakeProvider;
	store: StoredCredentials;
	context: ExecuteContext;
	get(): Promise<unknown>;
	tokenCalls(): number;
	wasted(): number;
}

async function setUp(subject: Subject, type: ICredentialType): Promise<Setup> {
	const { apiPath } = subject;
	const fake = subject.createFake();
	fake.tokenLifetimeSeconds = LIFETIME_SECONDS;
	const url = await fake.start();
	const store = new StoredCredentials({ [type.name]: type });
	store.save(type.name, subject.fields(url) as ICredentialDataDecryptedObject);
	const { context } = executeContext(store, {
		nodeType: declaringNode(type.name),
		credentialType: type.name,
		parameters: {},
	});
	return {
		fake,
		store,
		context,
		get: async () =>
			await context.helpers.httpRequestWithAuthentication.call(context, type.name, {
				url: `${url}${apiPath}`,
				method: 'GET',
				json: true,
			}),
		tokenCalls: () => fake.count('sign-in') + fake.count('refresh'),
		wasted: () => fake.log.filter((entry) => entry.kind === 'api' && entry.status === 401).length,
	};
}

async function sequential(setup: Setup): Promise<string[]> {
	clockOffset = 0;
	for (let i = 0; i < SEQUENTIAL; i++) {
		await setup.get();
		clockOffset += (LIFETIME_SECONDS * 1000) / REQUESTS_PER_LIFETIME;
	}
	clockOffset = 0;
	return [
		String(setup.fake.count('sign-in')),
		String(setup.fake.count('refresh')),
		String(setup.wasted()),
	];
}

async function parallel(setup: Setup): Promise<string> {
	await Promise.all(Array.from({ length: PARALLEL }, async () => await setup.get()));
	return String(setup.tokenCalls());
}

/**
 * (d) `NODE_ITEMS` items through the provider's node, `batchSize` at once, the API answering in
 * `API_LATENCY_MS`; on an expired credential the token has expired at the provider too.
 */
async function nodeItems(subject: Subject, batchSize: number, expired: boolean): Promise<string[]> {
	const setup = await setUp(subject, subject.type);
	setup.fake.apiLatencyMs = () => API_LATENCY_MS;
	if (expired) {
		await setup.get();
		clockOffset += (LIFETIME_SECONDS + 60) * 1000;
		setup.fake.clearLog();
	}
	const nodeType = nodeFor(subject.type.name);
	const items = Array.from({ length: NODE_ITEMS }, (_, index) => ({ json: { index } }));
	const { context } = executeContext(setup.store, {
		nodeType,
		credentialType: subject.type.name,
		parameters: {
			resource: 'request',
			operation: 'send',
			method: 'GET',
			path: subject.apiPath,
			options: { batching: { batch: { batchSize } } },
		},
		items,
	});
	const start = process.hrtime.bigint();
	await nodeType.execute!.call(context);
	const seconds = Number(process.hrtime.bigint() - start) / 1e9;
	clockOffset = 0;
	await setup.fake.stop();
	return [
		subject.name,
		batchSize === 1 ? 'one after another' : `${batchSize} at once (default)`,
		expired ? 'expired' : 'cold',
		seconds.toFixed(2),
		String(setup.tokenCalls()),
		String(setup.fake.expiredTokenRequests()),
	];
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)];
}

function table(title: string, head: string[], rows: string[][]): void {
	const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
	const line = (cells: string[]) =>
		`| ${cells.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`;
	console.log(`\n${title}\n${line(head)}\n${line(widths.map((w) => '-'.repeat(w)))}`);
	for (const row of rows) console.log(line(row));
}

/** `--only=c`: the tables to print; all of them without it. */
const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length);
const wanted = (name: string) => only === undefined || only.split(',').includes(name);

async function main(): Promise<void> {
	const efficiency: string[][] = [];
	const cold: string[][] = [];
	const timing: string[][] = [];
	for (const subject of subjects) {
		const { name, type, provider } = subject;
		process.stderr.write(`benchmarking ${name}...\n`);
		const variants: Array<[string, ICredentialType]> = [
			['n8n-nodes-token-auth', type],
			['reactive baseline', reactiveBaseline(type, provider)],
		];
		for (const [variant, credentialType] of variants) {
			if (!wanted('a') && !wanted('b')) break;
			let setup = await setUp(subject, credentialType);
			efficiency.push([name, variant, ...(await sequential(setup))]);
			await setup.fake.stop();
			setup = await setUp(subject, credentialType);
			cold.push([name, variant, await parallel(setup)]);
			await setup.fake.stop();
		}
		if (!wanted('c')) continue;
		const setup = await setUp(subject, type);
		const baseline = await setUp(subject, reactiveBaseline(type, provider));
		timing.push([
			name,
			...(await overheadFor(
				setup,
				baseline,
				type,
				provider,
				`${setup.fake.url}${subject.apiPath}`,
			)),
		]);
		await Promise.all([setup.fake.stop(), baseline.fake.stop()]);
	}
	const nodes: string[][] = [];
	const nodeSubjects = wanted('d') ? subjects : [];
	for (const subject of nodeSubjects.filter((entry) => !entry.name.startsWith('Token Exchange'))) {
		process.stderr.write(`${NODE_ITEMS} items through the ${subject.name} node...\n`);
		for (const expired of [false, true])
			for (const batchSize of [DEFAULT_BATCH_SIZE, 1])
				nodes.push(await nodeItems(subject, batchSize, expired));
	}
	if (wanted('a'))
		table(
			`(a) ${SEQUENTIAL} sequential requests, token expiring every ${REQUESTS_PER_LIFETIME} (target: ≤ ${(SEQUENTIAL / REQUESTS_PER_LIFETIME) * 1.1} token calls, 10 % over the limit, as renewal starts early; 0 wasted)`,
			['Provider', 'Credential', 'Sign-ins', 'Refreshes', 'Wasted (401) requests'],
			efficiency,
		);
	if (wanted('b'))
		table(
			`(b) ${PARALLEL} parallel requests on a cold credential (target: 1 token call)`,
			['Provider', 'Credential', 'Token calls'],
			cold,
		);
	if (wanted('c'))
		table(
			`(c) median request time, ${OVERHEAD_SAMPLES} samples each, loopback (target ratio ≤ 1.05)`,
			[
				'Provider',
				'Bare (µs)',
				'Our authenticate (µs)',
				'Ratio',
				'Through n8n (µs)',
				'Reactive baseline through n8n (µs)',
				'Ratio',
				"Our node's call (µs)",
				'Ratio to through n8n',
			],
			timing,
		);
	if (wanted('d'))
		table(
			`(d) ${NODE_ITEMS} items through the node (API Request), API latency ${API_LATENCY_MS} ms, n8n-core`,
			['Provider', 'Items', 'Credential', 'Seconds', 'Token calls', 'Expired tokens sent'],
			nodes,
		);
	if (process.argv.includes('--real-n8n')) {
		const { title, head, rows } = await realN8nBatching(NODE_ITEMS, API_LATENCY_MS);
		table(title, head, rows);
	}
	if (wanted('f')) {
		const { title, head, rows } = await hostileAnswers();
		table(title, head, rows);
	}
}

/**
 * Alternates four ways of sending the same GET so all see the same machine noise: bare (the
 * header set by hand), signed by our `authenticate` hook, and n8n's whole
 * httpRequestWithAuthentication path (credential lookup, preAuthentication check, the hook)
 * with our credential and with the reactive baseline's.
 */
async function overheadFor(
	setup: Setup,
	baseline: Setup,
	type: ICredentialType,
	provider: TokenProvider,
	url: string,
): Promise<string[]> {
	await Promise.all([setup.get(), baseline.get()]);
	const credentials = await setup.context.getCredentials(type.name, 0);
	const authenticate = type.authenticate as (
		c: typeof credentials,
		o: IHttpRequestOptions,
	) => Promise<IHttpRequestOptions>;
	const options: IHttpRequestOptions = { url, method: 'GET', json: true };
	const signedOnce = await authenticate(credentials, options);
	const samples = {
		bare: [] as number[],
		hook: [] as number[],
		n8n: [] as number[],
		n8nBaseline: [] as number[],
		node: [] as number[],
	};
	const time = async (into: number[], call: () => Promise<unknown>) => {
		const start = process.hrtime.bigint();
		await call();
		into.push(Number(process.hrtime.bigint() - start) / 1000);
	};
	const runs: Array<() => Promise<void>> = [
		async () =>
			await time(
				samples.bare,
				async () =>
					await setup.context.helpers.httpRequest({
						...signedOnce,
						headers: { ...signedOnce.headers },
					}),
			),
		async () => {
			// n8n decrypts and parses the credential for every request: the hook gets new strings.
			const handedOver = JSON.parse(JSON.stringify(credentials)) as typeof credentials;
			await time(
				samples.hook,
				async () =>
					await setup.context.helpers.httpRequest(await authenticate(handedOver, options)),
			);
		},
		async () => await time(samples.n8n, setup.get),
		async () => await time(samples.n8nBaseline, baseline.get),
		async () =>
			await time(
				samples.node,
				async () => await callApi(setup.context, provider, { method: 'GET', path: url }, 0),
			),
	];
	for (let i = 0; i < OVERHEAD_SAMPLES; i++) {
		// Rotate the order so no variant always follows the same one.
		for (let j = 0; j < runs.length; j++) await runs[(i + j) % runs.length]();
	}
	const [bare, hook, n8n, n8nBaseline, node] = [
		samples.bare,
		samples.hook,
		samples.n8n,
		samples.n8nBaseline,
		samples.node,
	].map(median);
	return [bare, hook]
		.map((t) => t.toFixed(0))
		.concat(
			(hook / bare).toFixed(3),
			n8n.toFixed(0),
			n8nBaseline.toFixed(0),
			(n8n / n8nBaseline).toFixed(3),
			node.toFixed(0),
			(node / n8n).toFixed(3),
		);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
