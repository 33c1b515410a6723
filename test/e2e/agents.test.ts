import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { FakeChatModel } from '../fakes/chatModel';
import type { FakeProvider } from '../fakes/fakeProvider';
import { credentialCases, secretFieldsOf } from '../harness/credentialCases';
import type { CredentialCase } from '../harness/credentialCases';
import { launchBrowser, lineShowing } from '../harness/browser';
import { credentialTypeOf, readExample, withCredentials } from '../harness/examples';
import { formsOf } from '../harness/leaks';
import { nodeFor } from '../harness/packageManifest';
import { outputOf, RealN8n } from '../harness/realN8n';
import type { ExecutionResult } from '../harness/realN8n';
import { agentWorkflow, credentialExport, mcpWorkflow, packageTool } from '../harness/workflows';
import type { CredentialRef } from '../harness/workflows';

/**
 * Every credential's node as a tool of n8n's AI Agent (the editor's default versions: agent
 * 3.1, OpenAI Chat Model 1.3) in a real n8n, with a scripted model (test/fakes/chatModel.ts),
 * then, in the same n8n started as a server, behind n8n's MCP Server Trigger for a client made
 * with the official MCP SDK, the Test button under Allowed HTTP Request Domains, and the
 * credential modal of the editor in a headless browser; and examples/aiAgent.json as shipped.
 * The credentials the agent uses are restricted to the fakes' host with Allowed HTTP Request
 * Domains.
 */
jest.setTimeout(15 * 60_000);

const LIFETIME_SECONDS = 20;
const WRONG_SECRET = 'Wrong-Secret-For-Agents-42';
const MCP_PATH = 'token-auth-tools';
const example = readExample('aiAgent').workflow;
/** The example's tools (this package's nodes), each with the credential type it takes. */
const exampleTools = example.nodes.flatMap((node) => {
	const type = credentialTypeOf(node);
	return type && node.type.endsWith('Tool') ? [{ node, type }] : [];
});

interface Subject {
	case: CredentialCase;
	fake: FakeProvider;
	url: string;
	/** The tool's node name; n8n offers it to the model with "_" for spaces. */
	tool: string;
	badTool: string;
	/** The node's list operation as a tool, where it has one (no arguments for the model). */
	listTool?: string;
	secrets: string[];
}

const model = new FakeChatModel();
const modelCredential: CredentialRef = { id: 'AgentsModel00001', name: 'Model', type: 'openAiApi' };
let subjects: Subject[] = [];
let n8n: RealN8n;

const slug = (name: string) => name.replace(/[^A-Za-z0-9]+/g, '');
const toolName = (node: string) => node.replace(/ /g, '_');

/** The names under which the agent workflow offers `of`'s tools (good credentials). */
const toolsOf = (of: Subject[]) =>
	of.flatMap((s) => [s.tool, ...(s.listTool ? [s.listTool] : [])]).map(toolName);

/** The state of the token each API request the subject's fake saw carried. */
const apiTokens = (subject: Subject) =>
	subject.fake.log.filter((e) => e.kind === 'api').map((e) => e.token);

/** At least `calls` API requests (a list may read several pages), each with a valid token. */
function expectOnlyValidTokens(subject: Subject, calls: number) {
	const tokens = apiTokens(subject);
	expect(tokens.length).toBeGreaterThanOrEqual(calls);
	expect(new Set(tokens)).toEqual(new Set(['valid']));
}

const nodeNameOf = (subject: Subject) => nodeFor(subject.case.credentialType).description.name;

/** The node as a tool: API Request, the path filled in by the model through $fromAI. */
function toolNode(subject: Subject, name: string, credential: CredentialRef) {
	return packageTool(name, nodeNameOf(subject), credential, {
		resource: 'request',
		operation: 'send',
		method: 'GET',
		path: "={{ $fromAI('path', 'The API path to read, e.g. /v1/users', 'string') }}",
	});
}

function credentialsOf(subject: Subject, index: number) {
	const fields = subject.case.fields(subject.url);
	const restricted = {
		...fields,
		allowedHttpRequestDomains: 'domains',
		allowedDomains: 'localhost',
	};
	const wrong: Record<string, unknown> = { ...restricted };
	for (const name of secretFieldsOf(fields)) wrong[name] = WRONG_SECRET;
	const ref = (kind: string): CredentialRef => ({
		id: `Agents${kind}${String(index).padStart(6, '0')}`.slice(0, 16).padEnd(16, '0'),
		name: `${subject.case.name} ${kind}`,
		type: subject.case.credentialType,
	});
	return { good: ref('Good'), bad: ref('Bad'), restricted, wrong };
}

async function runAgent(workflowId: string): Promise<ExecutionResult> {
	model.clear();
	for (const subject of subjects) subject.fake.clearLog();
	return await n8n.execute(workflowId);
}

/** Everything that reached the model, and everything n8n printed. */
const seen = () => model.requests.map((request) => request.raw).join('\n') + n8n.output;

beforeAll(async () => {
	const modelUrl = await model.start();
	subjects = await Promise.all(
		credentialCases.map(async (credentialCase) => {
			const fake = credentialCase.createFake(LIFETIME_SECONDS);
			const url = await fake.start();
			const fields = credentialCase.fields(url);
			return {
				case: credentialCase,
				fake,
				url,
				tool: `${slug(credentialCase.name)} Tool`,
				badTool: `${slug(credentialCase.name)} Bad Tool`,
				listTool: credentialCase.listOperation && `${slug(credentialCase.name)} List`,
				secrets: secretFieldsOf(fields).map((name) => String(fields[name])),
			};
		}),
	);
	model.arguments = (name) => {
		const subject = subjects.find((s) => name === toolName(s.tool) || name === toolName(s.badTool));
		if (subject) return { path: subject.case.apiPath };
		// A list tool, or an example's: the path wherever the tool asks the model for one.
		const tool = exampleTools.find(({ node }) => toolName(node.name) === name);
		const asksPath = tool && JSON.stringify(tool.node.parameters).includes("$fromAI('path'");
		return asksPath
			? { path: subjects.find((s) => s.case.credentialType === tool.type)!.case.apiPath }
			: {};
	};

	n8n = await RealN8n.create({ port: 5780 });
	const modelData = { apiKey: 'sk-scripted-model', url: modelUrl, header: false };
	const credentials: object[] = [credentialExport(modelCredential, modelData)];
	const good = subjects.map((subject, index) => {
		const made = credentialsOf(subject, index);
		credentials.push(credentialExport(made.good, made.restricted));
		credentials.push(credentialExport(made.bad, made.wrong));
		return made;
	});
	// The user's credentials, which n8n's editor puts into the example's nodes on import.
	const exampleCredentials: CredentialRef[] = [
		{ id: 'ExampleAgentModl', name: 'OpenAi account', type: 'openAiApi' },
	];
	credentials.push(credentialExport(exampleCredentials[0], modelData));
	for (const [index, type] of [...new Set(exampleTools.map((tool) => tool.type))].entries()) {
		const subject = subjects.find((s) => s.case.credentialType === type)!;
		const ref = { id: `ExampleAgentCrd${index}`, name: `${subject.case.name} account`, type };
		exampleCredentials.push(ref);
		credentials.push(credentialExport(ref, subject.case.fields(subject.url)));
	}
	await n8n.importCredentials(credentials);
	await n8n.importWorkflow({
		...withCredentials(example, exampleCredentials),
		id: 'ExampleAiAgent01',
	});
	const tools = subjects.flatMap((subject, index) => [
		toolNode(subject, subject.tool, good[index].good),
		...(subject.listTool
			? [
					packageTool(subject.listTool, nodeNameOf(subject), good[index].good, {
						...subject.case.listOperation,
						limit: 5,
					}),
				]
			: []),
	]);
	const badTools = subjects.map((subject, index) =>
		toolNode(subject, subject.badTool, good[index].bad),
	);
	await n8n.importWorkflow(
		agentWorkflow('AgentsAllTools01', 'Agent, every tool', modelCredential, tools),
	);
	await n8n.importWorkflow(
		agentWorkflow('AgentsBadTools01', 'Agent, wrong secrets', modelCredential, badTools),
	);
	await n8n.importWorkflow(
		mcpWorkflow('AgentsMcpTools01', 'MCP tools', MCP_PATH, [...tools, ...badTools]),
	);
});

afterAll(async () => {
	await n8n?.stop();
	await model.stop();
	await Promise.all(subjects.map(async (subject) => await subject.fake.stop()));
	n8n?.removeUserFolder();
});

describe('AI agents in a real n8n', () => {
	let firstRunAt = 0;

	test('every tool is offered, called with the path the model chose, and its API data reaches the model and the answer', async () => {
		firstRunAt = Date.now();
		const result = await runAgent('AgentsAllTools01');

		expect(model.offeredTools().sort()).toEqual(toolsOf(subjects).sort());
		const results = model.toolResults();
		const [answer] = outputOf(result, 'AI Agent');
		for (const subject of subjects) {
			for (const tool of toolsOf([subject])) {
				const given = results[tool];
				expect(given).toBeDefined();
				expect(given).not.toMatch(/"error"/);
				expect(JSON.parse(given)).toEqual(expect.arrayContaining([expect.any(Object)]));
				expect(String(answer.output)).toContain(given);
			}
			expectOnlyValidTokens(subject, toolsOf([subject]).length);
		}
		for (const subject of subjects) {
			for (const value of [...subject.secrets, ...subject.fake.issuedTokens])
				for (const form of formsOf(value)) expect(seen()).not.toContain(form);
		}
	});

	test('after the tokens expired, the next run renews inside the tool calls and sends no expired token', async () => {
		const wait = firstRunAt + (LIFETIME_SECONDS + 1) * 1000 - Date.now();
		if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
		await runAgent('AgentsAllTools01');

		const results = model.toolResults();
		for (const subject of subjects) {
			for (const tool of toolsOf([subject])) expect(results[tool]).not.toMatch(/"error"/);
			const renewals = subject.fake.log.filter((e) => e.kind !== 'api').map((e) => e.kind);
			expect(renewals).toEqual([subject.case.rotatesRefreshTokens ? 'refresh' : 'sign-in']);
			expectOnlyValidTokens(subject, toolsOf([subject]).length);
		}
	});

	test('a rejected secret: the model gets the message and what to fix, and the tool run is an error', async () => {
		const result = await runAgent('AgentsBadTools01');

		const results = model.toolResults();
		for (const subject of subjects) {
			const [item] = JSON.parse(results[toolName(subject.badTool)]) as Array<{ error: string }>;
			expect(item.error).toMatch(
				new RegExp(`^${subject.case.name} sign-in failed \\(HTTP 40\\d\\): .*\\. Check `),
			);
			const run = result.data.resultData.runData[subject.badTool][0];
			expect(run.executionStatus).toBe('error');
			expect(subject.fake.count('api')).toBe(0);
		}
		for (const form of formsOf(WRONG_SECRET)) expect(seen()).not.toContain(form);
	});
	test('a refused, rate-limited or failing API call: the model gets what happened and what to do', async () => {
		const faults = [
			{ status: 403, fix: /lacks permission|permission/ },
			{
				status: 429,
				fix: /rate limiting requests: retry after/,
				headers: { 'Retry-After': '120' },
			},
			{ status: 503, fix: /try again later/ },
		];
		const planned = subjects.map((subject, index) => {
			const fault = faults[index % faults.length];
			subject.fake.injectFault('api', { type: 'status', ...fault }, toolsOf([subject]).length);
			return fault;
		});
		const result = await runAgent('AgentsAllTools01');

		const results = model.toolResults();
		for (const [index, subject] of subjects.entries()) {
			const { status, fix } = planned[index];
			const [item] = JSON.parse(results[toolName(subject.tool)]) as Array<{ error: string }>;
			expect(item.error).toMatch(
				new RegExp(`^${subject.case.name} request failed \\(HTTP ${status}\\): `),
			);
			expect(item.error).toMatch(fix);
			expect(result.data.resultData.runData[subject.tool][0].executionStatus).toBe('error');
		}
	});
});

test('examples/aiAgent.json, imported as shipped: each tool reaches the API and the answer carries what it read', async () => {
	const result = await runAgent('ExampleAiAgent01');

	const names = exampleTools.map(({ node }) => toolName(node.name));
	expect(model.offeredTools().sort()).toEqual(names.sort());
	const [answer] = outputOf(result, 'AI Agent');
	const results = model.toolResults();
	for (const name of names) {
		expect(results[name]).not.toMatch(/"error"/);
		expect(JSON.parse(results[name])).toEqual(expect.arrayContaining([expect.any(Object)]));
		expect(String(answer.output)).toContain(results[name]);
	}
});

/** An MCP client on `url`; n8n may answer before it has registered its published workflows' webhooks. */
async function connectMcp(url: URL): Promise<Client> {
	const deadline = Date.now() + 60_000;
	for (;;) {
		const client = new Client({ name: 'token-auth-e2e', version: '1.0.0' });
		try {
			await client.connect(new StreamableHTTPClientTransport(url));
			return client;
		} catch (error) {
			if (!/not registered/.test(String(error)) || Date.now() > deadline) throw error;
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
	}
}

describe('the same tools behind the MCP Server Trigger', () => {
	let client: Client;

	beforeAll(async () => {
		await n8n.cli(['publish:workflow', '--id=AgentsMcpTools01']);
		await n8n.start();
		await n8n.signInAsOwner();
		client = await connectMcp(new URL(`http://localhost:${n8n.port}/mcp/${MCP_PATH}`));
	});

	afterAll(async () => {
		await client?.close();
	});

	test('lists every tool and calls it: API data with a valid token, a clear error for a rejected secret', async () => {
		const { tools } = await client.listTools();
		expect(tools.map((tool) => tool.name).sort()).toEqual(
			[...toolsOf(subjects), ...subjects.map((s) => toolName(s.badTool))].sort(),
		);
		for (const subject of subjects) {
			subject.fake.clearLog();
			const ok = await client.callTool({
				name: toolName(subject.tool),
				arguments: { path: subject.case.apiPath },
			});
			expect(ok.isError).toBeFalsy();
			const bad = await client.callTool({
				name: toolName(subject.badTool),
				arguments: { path: subject.case.apiPath },
			});
			expect(bad.isError).toBe(true);
			expect(JSON.stringify(bad.content)).toMatch(
				new RegExp(`${subject.case.name} sign-in failed \\(HTTP 40\\d\\): .*\\. Check `),
			);
			expect(subject.fake.log.filter((e) => e.kind === 'api').map((e) => e.token)).toEqual([
				'valid',
			]);
			const text = JSON.stringify([ok, bad]);
			for (const value of [...subject.secrets, WRONG_SECRET, ...subject.fake.issuedTokens])
				for (const form of formsOf(value)) expect(text).not.toContain(form);
		}
	});
});

describe("n8n's Allowed HTTP Request Domains, behind the Test button", () => {
	async function pressTest(subject: Subject, index: number, data: Record<string, unknown>) {
		subject.fake.clearLog();
		const { good } = credentialsOf(subject, index);
		return (await n8n.rest('POST', '/credentials/test', {
			credentials: { ...good, data },
		})) as { status: string; message: string };
	}

	test('every credential passes with the API host on the list, and fails naming the host to add without it', async () => {
		for (const [index, subject] of subjects.entries()) {
			const fields = subject.case.fields(subject.url);
			const listed = await pressTest(subject, index, {
				...fields,
				allowedHttpRequestDomains: 'domains',
				allowedDomains: 'example.org, localhost',
			});
			expect(listed).toEqual({ status: 'OK', message: expect.any(String) });

			const unlisted = await pressTest(subject, index, {
				...fields,
				allowedHttpRequestDomains: 'domains',
				allowedDomains: 'example.org',
			});
			expect(unlisted.status).toBe('Error');
			expect(unlisted.message).toBe(
				`${subject.case.name} credential: its Allowed Domains (example.org) leave out localhost, the host of its API: add localhost to Allowed Domains, or set Allowed HTTP Request Domains to All`,
			);
			expect(subject.fake.log).toEqual([]);
		}
	});

	test('a token endpoint on another host than the API must be on the list too', async () => {
		const index = subjects.findIndex((s) => s.case.credentialType === 'tokenExchangeApi');
		const subject = subjects[index];
		const fields = subject.case.fields(subject.url);
		const elsewhere = String(fields.signInUrl).replace('//localhost:', '//127.0.0.1:');
		const data = { ...fields, signInUrl: elsewhere, allowedHttpRequestDomains: 'domains' };

		const unlisted = await pressTest(subject, index, { ...data, allowedDomains: 'localhost' });
		expect(unlisted.message).toBe(
			'Token Exchange credential: its Allowed Domains (localhost) leave out 127.0.0.1, where it signs in: add 127.0.0.1 to Allowed Domains, or set Allowed HTTP Request Domains to All',
		);
		expect(subject.fake.log).toEqual([]);

		const listed = await pressTest(subject, index, {
			...data,
			allowedDomains: 'localhost, 127.0.0.1',
		});
		expect(listed.status).toBe('OK');
	});
});

describe("the credential modal of n8n's editor, in headless Chromium", () => {
	test('a rejected secret: the modal shows the package message ending with what to fix, for every credential', async () => {
		const browser = await launchBrowser();
		try {
			const page = await browser.newPage();
			await page.setCookie({ ...n8n.sessionCookie, domain: 'localhost', path: '/' });
			for (const [index, subject] of subjects.entries()) {
				const { bad } = credentialsOf(subject, index);
				// Opening a saved credential tests it; the banner's "More details" shows the message.
				await page.goto(`http://localhost:${n8n.port}/home/credentials/${bad.id}`);
				await lineShowing(page, 'Couldn’t connect with these settings');
				const [details] = await page.$$('xpath/.//*[text()="More details"]');
				await details.click();
				const shown = await lineShowing(page, `${subject.case.name} sign-in failed`);
				expect(shown).toMatch(
					new RegExp(`^${subject.case.name} sign-in failed \\(HTTP 40\\d\\): .+\\. Check .+`),
				);
				expect(shown).not.toContain(WRONG_SECRET);
			}
		} finally {
			await browser.close();
		}
	});
});
