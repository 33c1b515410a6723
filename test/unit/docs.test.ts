import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import {
	packageName,
	registeredCredentials,
	registeredNodeFiles,
} from '../harness/packageManifest';

/**
 * The links n8n shows (a credential's documentation link, a node's codex) lead to a README
 * section that exists, and the example workflows name what the package registers.
 */
const ROOT = join(__dirname, '..', '..');
const PACKAGE = join(ROOT, 'package');
const read = (path: string) => readFileSync(join(PACKAGE, path), 'utf8');

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
const anchorOf = (heading: string) =>
	heading
		.trim()
		.toLowerCase()
		.replace(/[^\p{L}\p{N}\s_-]/gu, '')
		.replace(/\s/g, '-');
const readmeAnchors = read('README.md')
	.split('\n')
	.filter((line) => /^#{1,6} /.test(line))
	.map((line) => anchorOf(line.replace(/^#+ /, '')));
const README_URL =
	/^https:\/\/github\.com\/n8n-nodes-token-auth\/n8n-nodes-token-auth\/blob\/main\/package\/README\.md#(.+)$/;

const credentials = registeredCredentials();
const nodes = registeredNodeFiles();

describe('documentation links', () => {
	test.each(credentials.map((c) => [c.name, c] as const))(
		'%s: documentationUrl is a README section',
		(_, credential) => {
			const anchor = README_URL.exec(String(credential.documentationUrl))?.[1];
			expect(readmeAnchors).toContain(anchor);
		},
	);

	test.each(nodes.map(({ name, codexFile }) => [name, codexFile] as const))(
		'%s: a codex beside the node names it and links README sections',
		(name, codexFile) => {
			const codex = JSON.parse(readFileSync(codexFile, 'utf8'));
			expect(codex).toMatchObject({
				node: `${packageName}.${name}`,
				nodeVersion: '1.0',
				codexVersion: '1.0',
			});
			expect(codex.categories.length).toBeGreaterThan(0);
			const urls = [
				...codex.resources.primaryDocumentation,
				...codex.resources.credentialDocumentation,
			].map((r) => r.url);
			for (const url of urls) expect(readmeAnchors).toContain(README_URL.exec(url)?.[1]);
		},
	);
});

describe('examples/', () => {
	const files = readdirSync(join(ROOT, 'examples')).filter((file) => file.endsWith('.json'));

	test('one example per node (others, such as aiAgent.json, may combine nodes)', () => {
		expect(files).toEqual(expect.arrayContaining(nodes.map(({ name }) => `${name}.json`)));
	});

	test.each(files)('%s uses installed node names and refers to no credential', (file) => {
		const workflow = JSON.parse(readFileSync(join(ROOT, 'examples', file), 'utf8')) as {
			nodes: Array<{ type: string; credentials?: object }>;
		};
		for (const node of workflow.nodes) {
			if (!/^(n8n-nodes-base|@n8n\/n8n-nodes-langchain)\./.test(node.type)) {
				// An AI tool is `<node>Tool`, made by n8n of a node that is usable as a tool.
				expect(
					nodes.flatMap(({ name, tool }) =>
						tool
							? [`${packageName}.${name}`, `${packageName}.${name}Tool`]
							: [`${packageName}.${name}`],
					),
				).toContain(node.type);
			}
			// n8n's editor fills in the user's credential on import. A reference to one the user
			// does not have ({ id: null }) makes n8n 2.41 refuse to run the workflow ("uses invalid
			// credential") until it is saved again.
			expect(node.credentials).toBeUndefined();
		}
	});
});

describe("the README's list of deliberate breaks", () => {
	test('names every break in scripts/mutants.ts, in order', () => {
		const script = readFileSync(join(ROOT, 'scripts', 'mutants.ts'), 'utf8');
		const breaks = [...script.matchAll(/what:\s*(['"])(.*?)\1,/g)].map((match) => match[2]);
		const listed = [
			...readFileSync(join(ROOT, 'README.md'), 'utf8').matchAll(/^ {2}\d+\. (.*)$/gm),
		].map((match) => match[1]);
		expect(breaks.length).toBeGreaterThan(10);
		expect(listed).toEqual(breaks);
	});
});
