import { createServer } from 'http';
import type { Server } from 'http';
import type { AddressInfo } from 'net';

/**
 * A scripted OpenAI-compatible model for n8n's OpenAI Chat Model node (no real LLM): asked with
 * tools and no tool result yet, it calls, in one turn, every offered tool `arguments` gives
 * arguments for; handed the results, it answers "The tools answered: <results>", so the agent's
 * answer carries exactly what the tools gave the model. Speaks the Responses API (the node's
 * default from version 1.3) and Chat Completions. Every request is kept, to check what reached
 * the model.
 */
export type ToolArguments = (toolName: string) => Record<string, unknown> | undefined;

export interface ModelRequest {
	path: string;
	body: Record<string, unknown>;
	raw: string;
}

export class FakeChatModel {
	readonly requests: ModelRequest[] = [];
	/** The arguments of each tool to call, by the tool's name as n8n offers it (node name, "_" for spaces). */
	arguments: ToolArguments = () => undefined;
	private server?: Server;

	async start(): Promise<string> {
		this.server = createServer((req, res) => {
			let raw = '';
			req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
			req.on('end', () => {
				const body = (raw ? JSON.parse(raw) : {}) as Record<string, unknown>;
				const path = req.url ?? '';
				this.requests.push({ path, body, raw });
				res.setHeader('Content-Type', 'application/json');
				if (path.endsWith('/responses')) res.end(JSON.stringify(this.responses(body)));
				else if (path.endsWith('/chat/completions')) res.end(JSON.stringify(this.chat(body)));
				else {
					res.statusCode = 404;
					res.end(JSON.stringify({ error: { message: `no ${path} here` } }));
				}
			});
		});
		await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
		return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
	}

	async stop(): Promise<void> {
		await new Promise((resolve) => this.server?.close(resolve));
	}

	/** What each tool call handed back to the model, by tool name, over every request kept. */
	toolResults(): Record<string, string> {
		const names = new Map<string, string>();
		const results: Record<string, string> = {};
		for (const { body } of this.requests) {
			for (const entry of asList(body.input)) {
				if (entry.type === 'function_call') names.set(String(entry.call_id), String(entry.name));
				if (entry.type === 'function_call_output')
					results[names.get(String(entry.call_id)) ?? '?'] = String(entry.output);
			}
			for (const entry of asList(body.messages)) {
				for (const call of asList(entry.tool_calls)) {
					const fn = call.function as Record<string, unknown>;
					names.set(String(call.id), String(fn.name));
				}
				if (entry.role === 'tool')
					results[names.get(String(entry.tool_call_id)) ?? '?'] = String(entry.content);
			}
		}
		return results;
	}

	clear(): void {
		this.requests.length = 0;
	}

	/** The names of the tools the model was offered in its first request. */
	offeredTools(): string[] {
		const first = this.requests[0]?.body.tools;
		return asList(first).map((tool) =>
			String(tool.name ?? (tool.function as Record<string, unknown> | undefined)?.name),
		);
	}

	private callsFor(offered: unknown, nameOf: (tool: Record<string, unknown>) => unknown) {
		return asList(offered).flatMap((tool, index) => {
			const name = String(nameOf(tool));
			const args = this.arguments(name);
			return args ? [{ id: `call_${index}`, name, arguments: JSON.stringify(args) }] : [];
		});
	}

	private responses(body: Record<string, unknown>) {
		const results = asList(body.input).filter((entry) => entry.type === 'function_call_output');
		const calls = results.length ? [] : this.callsFor(body.tools, (tool) => tool.name);
		const output = calls.length
			? calls.map(({ id, ...call }) => ({
					type: 'function_call',
					id: `fc_${id}`,
					call_id: id,
					status: 'completed',
					...call,
				}))
			: [
					{
						type: 'message',
						id: 'msg_1',
						role: 'assistant',
						status: 'completed',
						content: [{ type: 'output_text', annotations: [], text: answer(results, 'output') }],
					},
				];
		return {
			id: `resp_${this.requests.length}`,
			object: 'response',
			created_at: 1,
			status: 'completed',
			model: body.model,
			output,
			usage: { input_tokens: 1, output_tokens: 1, total_tokens: 2 },
		};
	}

	private chat(body: Record<string, unknown>) {
		const results = asList(body.messages).filter((entry) => entry.role === 'tool');
		const calls = results.length
			? []
			: this.callsFor(body.tools, (tool) => (tool.function as Record<string, unknown>)?.name);
		const message = calls.length
			? {
					role: 'assistant',
					content: null,
					tool_calls: calls.map(({ id, ...call }) => ({ id, type: 'function', function: call })),
				}
			: { role: 'assistant', content: answer(results, 'content') };
		return {
			id: `chat_${this.requests.length}`,
			object: 'chat.completion',
			created: 1,
			model: body.model,
			choices: [{ index: 0, finish_reason: calls.length ? 'tool_calls' : 'stop', message }],
			usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
		};
	}
}

function asList(value: unknown): Array<Record<string, unknown>> {
	return Array.isArray(value) ? (value as Array<Record<string, unknown>>) : [];
}

function answer(results: Array<Record<string, unknown>>, field: string): string {
	if (results.length === 0) return 'No tool was called.';
	return `The tools answered: ${results.map((result) => String(result[field])).join(' | ')}`;
}
