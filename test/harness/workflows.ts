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
	/** `continueRegularOutput`: a failed item goes on as `{ error, description, reason }`. */
	onError?: string;
	/** Where the editor draws it (default: in a row). */
	position?: [number, number];
}

/** A linear workflow: each node feeds the next. */
export function chain(id: string, name: string, nodes: NodeSpec[]): object {
	const connections: Record<string, unknown> = {};
	nodes.slice(1).forEach((node, index) => {
		connections[nodes[index].name] = { main: [[{ node: node.name, type: 'main', index: 0 }]] };
	});
	return workflowFile(id, name, nodes, connections);
}

/**
 * `head` in a row, then each of `branches` in a row of its own below, fed by the last node of
 * `head`. n8n (execution order v1) runs the branches one after another, top to bottom.
 */
export function branches(id: string, name: string, head: NodeSpec[], rows: NodeSpec[][]): object {
	const connections: Record<string, unknown> = {};
	const link = (from: NodeSpec, to: NodeSpec[]) =>
		(connections[from.name] = {
			main: [to.map((node) => ({ node: node.name, type: 'main', index: 0 }))],
		});
	head.slice(1).forEach((node, index) => link(head[index], [node]));
	link(
		head[head.length - 1],
		rows.map(([first]) => first),
	);
	rows.forEach((row) => row.slice(1).forEach((node, index) => link(row[index], [node])));
	const placed = rows.flatMap((row, y) =>
		row.map((node, x): NodeSpec => ({ ...node, position: [(head.length + x) * 220, y * 200] })),
	);
	return workflowFile(id, name, [...head, ...placed], connections);
}

/**
 * A workflow as n8n exports it: `nodes` in a row, `tools` (AI tools) in a row below them, each
 * node's credential by reference.
 */
function workflowFile(
	id: string,
	name: string,
	nodes: NodeSpec[],
	connections: Record<string, unknown>,
	tools: NodeSpec[] = [],
): object {
	return {
		id,
		name,
		active: false,
		settings: { executionOrder: 'v1' },
		connections,
		nodes: [...nodes, ...tools].map(({ credential, ...node }, index) => ({
			id: `${id}-${index}`,
			position: [index * 220, index < nodes.length ? 0 : 300],
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

/** A node of this package, under the type name n8n gives it once the package is installed. */
export function installedNode(
	name: string,
	nodeName: string,
	credential: CredentialRef,
	parameters: Record<string, unknown>,
): NodeSpec {
	return { name, type: `n8n-nodes-token-auth.${nodeName}`, typeVersion: 1, credential, parameters };
}

/** One of this package's nodes, run once for all its input items. */
export function packageNode(
	name: string,
	nodeName: string,
	credential: CredentialRef,
	parameters: Record<string, unknown>,
): NodeSpec {
	return { ...installedNode(name, nodeName, credential, parameters), executeOnce: true };
}

/** One of this package's nodes as an AI tool (the `…Tool` variant n8n makes of `usableAsTool`). */
export function packageTool(
	name: string,
	nodeName: string,
	credential: CredentialRef,
	parameters: Record<string, unknown>,
): NodeSpec {
	return installedNode(name, `${nodeName}Tool`, credential, parameters);
}

/** `nodes` and their connections, with `tools` connected to `toolUser` as its AI tools. */
function withTools(
	id: string,
	name: string,
	nodes: NodeSpec[],
	connections: Record<string, unknown>,
	toolUser: string,
	tools: NodeSpec[],
): object {
	for (const tool of tools) {
		connections[tool.name] = { ai_tool: [[{ node: toolUser, type: 'ai_tool', index: 0 }]] };
	}
	return workflowFile(id, name, nodes, connections, tools);
}

/**
 * A manual trigger, n8n's AI Agent (the version the editor adds, 3.1) with an OpenAI Chat Model
 * node (version 1.3: the Responses API) on `model`, and `tools` as its tools.
 */
export function agentWorkflow(
	id: string,
	name: string,
	model: CredentialRef,
	tools: NodeSpec[],
): object {
	const agent: NodeSpec = {
		name: 'AI Agent',
		type: '@n8n/n8n-nodes-langchain.agent',
		typeVersion: 3.1,
		parameters: { promptType: 'define', text: 'Use every tool once and report.', options: {} },
	};
	const chatModel: NodeSpec = {
		name: 'Chat Model',
		type: '@n8n/n8n-nodes-langchain.lmChatOpenAi',
		typeVersion: 1.3,
		credential: model,
		parameters: { model: { __rl: true, mode: 'id', value: 'scripted-model' }, options: {} },
	};
	return withTools(
		id,
		name,
		[start, agent, chatModel],
		{
			[start.name]: { main: [[{ node: agent.name, type: 'main', index: 0 }]] },
			[chatModel.name]: {
				ai_languageModel: [[{ node: agent.name, type: 'ai_languageModel', index: 0 }]],
			},
		},
		agent.name,
		tools,
	);
}

/** n8n's MCP Server Trigger at /mcp/<path> (no authentication: local tests only) serving `tools`. */
export function mcpWorkflow(id: string, name: string, path: string, tools: NodeSpec[]): object {
	const trigger: NodeSpec = {
		name: 'MCP Server Trigger',
		type: '@n8n/n8n-nodes-langchain.mcpTrigger',
		typeVersion: 2.1,
		webhookId: path,
		parameters: { path, authentication: 'none' },
	};
	return withTools(id, name, [trigger], {}, trigger.name, tools);
}
