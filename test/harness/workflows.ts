/** Credentials and workflows imported into a real n8n by the e2e suite and `npm start`. */

export interface CredentialRef {
	id: string;
	name: string;
	type: string;
}

export function credentialExport(ref: CredentialRef, data: Record<string, unknown>): object {
	return { ...ref, data };
}

export interface NodeSpec {
	name: string;
	type: string;
	typeVersion: number;
	parameters: Record<string, unknown>;
	credential?: CredentialRef;
	executeOnce?: boolean;
	webhookId?: string;
}

/** A linear workflow: each node feeds the next. */
export function chain(id: string, name: string, nodes: NodeSpec[]): object {
	const connections: Record<string, unknown> = {};
	nodes.slice(1).forEach((node, index) => {
		connections[nodes[index].name] = { main: [[{ node: node.name, type: 'main', index: 0 }]] };
	});
	return {
		id,
		name,
		active: false,
		settings: { executionOrder: 'v1' },
		connections,
		nodes: nodes.map(({ credential, ...node }, index) => ({
			id: `${id}-${index}`,
			position: [index * 220, 0],
			...node,
			...(credential
				? { credentials: { [credential.type]: { id: credential.id, name: credential.name } } }
				: {}),
		})),
	};
}

export const start: NodeSpec = {
	name: 'Start',
	type: 'n8n-nodes-base.manualTrigger',
	typeVersion: 1,
	parameters: {},
};

/**
 * A production webhook at `/webhook/<path>` that answers with the last node's first item once
 * the run has finished. Unlike `n8n execute`, a webhook call runs on a worker in queue mode.
 */
export function webhook(path: string): NodeSpec {
	return {
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		webhookId: path,
		parameters: { httpMethod: 'GET', path, responseMode: 'lastNode', options: {} },
	};
}

/** `count` items, made without a Code node (task runners are off in these runs). */
export function items(count: number): NodeSpec[] {
	return [
		{
			name: 'Make List',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			parameters: {
				mode: 'raw',
				jsonOutput: JSON.stringify({ item: Array.from({ length: count }, (_, i) => i + 1) }),
			},
		},
		{
			name: 'Items',
			type: 'n8n-nodes-base.splitOut',
			typeVersion: 1,
			parameters: { fieldToSplitOut: 'item' },
		},
	];
}

/** n8n's own HTTP Request node using one of our credentials as a predefined credential type. */
export function httpRequest(name: string, credential: CredentialRef, url: string): NodeSpec {
	return {
		name,
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		credential,
		parameters: {
			method: 'GET',
			url,
			authentication: 'predefinedCredentialType',
			nodeCredentialType: credential.type,
			options: {},
		},
	};
}

/** One of this package's nodes, under the name n8n gives it once the package is installed. */
export function packageNode(
	name: string,
	nodeName: string,
	credential: CredentialRef,
	parameters: Record<string, unknown>,
): NodeSpec {
	return {
		name,
		type: `n8n-nodes-token-auth.${nodeName}`,
		typeVersion: 1,
		credential,
		parameters,
		executeOnce: true,
	};
}
