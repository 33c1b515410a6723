import { readFileSync } from 'fs';
import { basename, join } from 'path';
import type { ICredentialType, INodeType } from 'n8n-workflow';

/**
 * What package/package.json registers (its `n8n` section), loaded from the TypeScript sources:
 * the suites that must cover every credential and node take them from here, so a new one is
 * covered once it is registered there.
 */
const PACKAGE = join(__dirname, '..', '..', 'package');
const manifest = JSON.parse(readFileSync(join(PACKAGE, 'package.json'), 'utf8')) as {
	name: string;
	n8n: { credentials: string[]; nodes: string[] };
};

/** The class a built entry (`dist/....js`) comes from, instantiated: named like the file, as n8n loads it. */
function load<T>(distPath: string): T {
	const source = join(PACKAGE, distPath.replace(/^dist\//, '').replace(/\.js$/, '.ts'));
	const module = require(source) as Record<string, new () => T>;
	return new module[basename(source).split('.')[0]]();
}

export const packageName = manifest.name;

export const registeredCredentials = (): ICredentialType[] =>
	manifest.n8n.credentials.map((path) => load<ICredentialType>(path));

export const registeredNodes = (): INodeType[] =>
	manifest.n8n.nodes.map((path) => load<INodeType>(path));

/** Each registered node: its type name, the credentials it declares, the codex beside it, whether n8n makes an AI tool of it. */
export const registeredNodeFiles = (): Array<{
	name: string;
	credentials: string[];
	codexFile: string;
	tool: boolean;
}> =>
	manifest.n8n.nodes.map((path) => {
		const { description } = load<INodeType>(path);
		return {
			name: description.name,
			credentials: (description.credentials ?? []).map((credential) => credential.name),
			codexFile: join(PACKAGE, path.replace(/^dist\//, '').replace(/\.js$/, '.json')),
			tool: description.usableAsTool === true,
		};
	});

/** The registered credential type named `name`. */
export function credentialTypeNamed(name: string): ICredentialType {
	const found = registeredCredentials().find((type) => type.name === name);
	if (!found) {
		throw new Error(
			`package/package.json registers no credential "${name}": add it to n8n.credentials`,
		);
	}
	return found;
}

/** This package's node for a credential: the registered node that declares it. */
export function nodeFor(credentialType: string): INodeType {
	const found = registeredNodes().find((node) =>
		node.description.credentials?.some((credential) => credential.name === credentialType),
	);
	if (!found) {
		throw new Error(
			`no node in package/package.json's n8n.nodes declares the credential "${credentialType}": register its node`,
		);
	}
	return found;
}
