import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import type { ICredentialType, INodeType } from 'n8n-workflow';

/**
 * The links n8n shows (a credential's documentation link, a node's codex) lead to a README
 * section that exists, and the example workflows name what the package registers.
 */
const ROOT = join(__dirname, '..', '..');
const PACKAGE = join(ROOT, 'package');
const read = (path: string) => readFileSync(join(PACKAGE, path), 'utf8');
const pkg = JSON.parse(read('package.json')) as {
	name: string;
	n8n: { credentials: string[]; nodes: string[] };
};

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

/** The class a built entry of package.json's `n8n` section comes from, instantiated. */
function load<T>(distPath: string): T {
	const module = require(
		join(PACKAGE, distPath.replace(/^dist\//, '').replace(/\.js$/, '.ts')),
	) as Record<string, new () => T>;
	return new (Object.values(module)[0])();
}

const credentials = pkg.n8n.credentials.map((path) => load<ICredentialType>(path));
const nodes = pkg.n8n.nodes.map((path) => ({ path, node: load<INodeType>(path) }));

describe('documentation links', () => {
	test.each(credentials.map((c) => [c.name, c] as const))(
		'%s: documentationUrl is a README section',
		(_, credential) => {
			const anchor = README_URL.exec(String(credential.documentationUrl))?.[1];
			expect(readmeAnchors).toContain(anchor);
		},
	);

	test.each(nodes.map(({ path, node }) => [node.description.name, path] as const))(
		'%s: a codex beside the node names it and links README sections',
		(name, path) => {
			const codex = JSON.parse(read(path.replace(/^dist\//, '').replace(/\.js$/, '.json')));
			expect(codex).toMatchObject({
				node: `${pkg.name}.${name}`,
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

	test('one example per node', () => {
		expect(files.sort()).toEqual(nodes.map(({ node }) => `${node.description.name}.json`).sort());
	});

	test.each(files)(
		"%s uses installed node names and each credential under n8n's default name",
		(file) => {
			const workflow = JSON.parse(readFileSync(join(ROOT, 'examples', file), 'utf8')) as {
				nodes: Array<{ type: string; credentials?: Record<string, { id: null; name: string }> }>;
			};
			for (const node of workflow.nodes) {
				if (!node.type.startsWith('n8n-nodes-base.')) {
					expect(nodes.map(({ node: ours }) => `${pkg.name}.${ours.description.name}`)).toContain(
						node.type,
					);
				}
				for (const [type, reference] of Object.entries(node.credentials ?? {})) {
					const credential = credentials.find((c) => c.name === type);
					// A credential created in n8n is called "<display name> account" until renamed; import matches by name.
					expect(reference).toEqual({ id: null, name: `${credential?.displayName} account` });
				}
			}
		},
	);
});
