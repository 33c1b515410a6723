import { readFileSync } from 'fs';
import { join } from 'path';
import { packageName, registeredNodeFiles } from './packageManifest';
import type { CredentialRef } from './workflows';

/** The credential each of n8n's own nodes in examples/ takes (besides HTTP Request). */
const N8N_NODE_CREDENTIALS: Record<string, string> = {
	'@n8n/n8n-nodes-langchain.lmChatOpenAi': 'openAiApi',
};

export interface ExampleNode {
	name: string;
	type: string;
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
}

export interface ExampleWorkflow {
	name: string;
	nodes: ExampleNode[];
	[key: string]: unknown;
}

/** examples/<file>.json as shipped. */
export function readExample(file: string): { text: string; workflow: ExampleWorkflow } {
	const text = readFileSync(join(__dirname, '..', '..', 'examples', `${file}.json`), 'utf8');
	return { text, workflow: JSON.parse(text) as ExampleWorkflow };
}

/** The credential type a node of an example takes, if any. */
export function credentialTypeOf(node: ExampleNode): string | undefined {
	if (node.type === 'n8n-nodes-base.httpRequest')
		return node.parameters.nodeCredentialType as string;
	if (!node.type.startsWith(`${packageName}.`)) return N8N_NODE_CREDENTIALS[node.type];
	const name = node.type.slice(packageName.length + 1).replace(/Tool$/, '');
	return registeredNodeFiles().find((file) => file.name === name)?.credentials[0];
}

/**
 * The examples carry no credentials: n8n's editor gives each node the user's credential of the
 * type it takes when the file is imported (HTTP Request: when its panel is opened). This is that
 * step for a workflow imported through the CLI.
 */
export function withCredentials(workflow: ExampleWorkflow, credentials: CredentialRef[]): object {
	return {
		...workflow,
		nodes: workflow.nodes.map((node) => {
			const credential = credentials.find(({ type }) => type === credentialTypeOf(node));
			return credential
				? {
						...node,
						credentials: { [credential.type]: { id: credential.id, name: credential.name } },
					}
				: node;
		}),
	};
}
