import { readFileSync } from 'fs';
import {
	packageName,
	registeredNodeFiles,
	registeredCredentials,
} from '../harness/packageManifest';
import { N8N_1X, RealN8n } from '../harness/realN8n';
import type { N8nOptions } from '../harness/realN8n';

/**
 * The `npm pack` tarball installed where n8n installs community packages, asked what n8n
 * loaded: the node and credential types the editor gets (/types/*.json), their icons, codex
 * and the AI-tool variants n8n makes of nodes that are usable as tools.
 */
jest.setTimeout(10 * 60_000);

// What n8n must have loaded: everything package/package.json registers.
const PACKAGE = packageName;
const NODE_FILES = registeredNodeFiles();
const CREDENTIALS = registeredCredentials().map((type) => type.name);

interface TypeDescription {
	name: string;
	iconUrl?: { light: string; dark: string };
	documentationUrl?: string;
	codex?: { categories?: string[]; resources?: unknown };
	outputs?: unknown;
	credentials?: Array<{ name: string }>;
	properties: Array<{
		name: string;
		options?: Array<{ name: string; value: string; action?: string; description?: string }>;
	}>;
}

const ours = (types: TypeDescription[]) =>
	types.filter((type) => type.name.startsWith(`${PACKAGE}.`) || CREDENTIALS.includes(type.name));

function describeInstalled(label: string, options: N8nOptions): void {
	describe(`the package as installed from its tarball into n8n ${label}`, () => {
		let n8n: RealN8n;
		let nodeTypes: TypeDescription[];
		let credentialTypes: TypeDescription[];

		async function typesOf(file: string): Promise<TypeDescription[]> {
			const response = await n8n.get(`/types/${file}`);
			if (!response.ok) throw new Error(`GET /types/${file}: HTTP ${response.status}`);
			return (await response.json()) as TypeDescription[];
		}

		const nodeType = (name: string) => nodeTypes.find((type) => type.name === `${PACKAGE}.${name}`);

		async function expectSvg(iconUrl: string): Promise<void> {
			const response = await n8n.get(`/${iconUrl}`);
			expect({ iconUrl, status: response.status }).toEqual({ iconUrl, status: 200 });
			expect(await response.text()).toMatch(/^\s*(<\?xml[^>]*>\s*)?<svg[\s>]/);
		}

		beforeAll(async () => {
			n8n = await RealN8n.create(options);
			await n8n.start();
			await n8n.signInAsOwner();
			[nodeTypes, credentialTypes] = await Promise.all([
				typesOf('nodes.json'),
				typesOf('credentials.json'),
			]);
		});

		afterAll(async () => {
			await n8n?.stop();
			n8n?.removeUserFolder();
		});

		test('n8n loaded every registered node, an AI-tool variant of each but the triggers, and nothing else of ours', () => {
			const names = NODE_FILES.flatMap(({ name, tool }) =>
				tool ? [`${PACKAGE}.${name}`, `${PACKAGE}.${name}Tool`] : [`${PACKAGE}.${name}`],
			);
			expect(
				ours(nodeTypes)
					.map((type) => type.name)
					.sort(),
			).toEqual(names.sort());
		});

		test('n8n loaded every registered credential, each with its documentation link', () => {
			expect(
				ours(credentialTypes)
					.map((type) => type.name)
					.sort(),
			).toEqual([...CREDENTIALS].sort());
			for (const credential of ours(credentialTypes)) {
				expect(credential.documentationUrl).toMatch(
					/^https:\/\/github\.com\/.+\/README\.md#[a-z0-9-]+$/,
				);
			}
		});

		test('every node and credential has a light and a dark SVG icon that n8n serves', async () => {
			for (const type of [...ours(nodeTypes), ...ours(credentialTypes)]) {
				expect({ name: type.name, light: type.iconUrl?.light, dark: type.iconUrl?.dark }).toEqual({
					name: type.name,
					light: expect.stringMatching(new RegExp(`^icons/${PACKAGE}/dist/icons/\\w+\\.svg$`)),
					dark: expect.stringMatching(
						new RegExp(`^icons/${PACKAGE}/dist/icons/\\w+\\.dark\\.svg$`),
					),
				});
				await expectSvg(type.iconUrl!.light);
				await expectSvg(type.iconUrl!.dark);
			}
		});

		test('each node carries its codex: categories and documentation links, as in nodes/<Node>/<Node>.node.json', () => {
			for (const { name, codexFile } of NODE_FILES) {
				const codex = JSON.parse(readFileSync(codexFile, 'utf8'));
				expect(codex.node).toBe(`${PACKAGE}.${name}`);
				expect(nodeType(name)?.codex).toMatchObject({
					categories: codex.categories,
					resources: codex.resources,
				});
			}
		});

		test('AI agents: each tool variant is an ai_tool with its credential, and every operation names an action', () => {
			for (const { name, credentials } of NODE_FILES.filter((node) => node.tool)) {
				const tool = nodeType(`${name}Tool`)!;
				expect(tool.outputs).toEqual(['ai_tool']);
				expect(tool.credentials?.map((c) => c.name)).toEqual(credentials);
				const operations = tool.properties
					.filter((p) => p.name === 'operation')
					.flatMap((p) => p.options ?? [])
					// n8n adds this to every node whose credential signs requests; it points at the HTTP Request node.
					.filter((option) => option.value !== '__CUSTOM_API_CALL__');
				expect(operations.length).toBeGreaterThanOrEqual(2);
				for (const { name: operation, action, description } of operations) {
					expect({ tool: tool.name, operation, action, description }).toEqual({
						tool: tool.name,
						operation,
						action: expect.stringMatching(/\w/),
						description: expect.stringMatching(/\w/),
					});
				}
			}
		});
	});
}

describeInstalled('2.41.1', { port: 5790 });
describeInstalled('1.123.81', { port: 5792, ...N8N_1X });
