import { PollContext } from 'n8n-core';
import type {
	IDataObject,
	INode,
	INodeType,
	Workflow,
	WorkflowActivateMode,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import type { ProviderRig } from './credentialRig';
import { additionalDataFor, oneNodeWorkflow, workflowNode } from './n8nCore';

/**
 * A polling trigger run by n8n-core's own PollContext as n8n 2.41.1 runs it in an active
 * workflow (without durable poll cursors): one Workflow object per n8n process, whose node
 * static data every poll reads and changes in memory. n8n saves it to its database after the
 * activation poll (the first one) and when a poll emits; a restart loads what was saved. As
 * in n8n, one poll context serves an activation's polls, the first of them the activation's.
 */
export class PollRunner {
	/** The workflow's static data as n8n's database holds it. */
	saved: IDataObject = {};
	/** The errors a poll handed n8n to record as an error execution (`__emitError`). */
	readonly errorExecutions: Error[] = [];
	/**
	 * What `getPollBudgetMs` answers: n8n's durable scheduler gives its poll timeout less a
	 * margin; unset, PollContext's default (5 min) as in n8n without it.
	 */
	pollBudgetMs?: number;
	/** How n8n activated the workflow: published by a user (2.x: 'update'), or when n8n started. */
	private activation: WorkflowActivateMode = 'update';
	private context: PollContext | undefined;
	private workflow: Workflow;
	private readonly node: INode;
	private activated = false;

	constructor(
		private readonly rig: ProviderRig,
		private readonly nodeType: INodeType,
		parameters: IDataObject = {},
	) {
		this.node = workflowNode({ nodeType, credentialType: rig.type, parameters });
		this.workflow = this.loaded();
	}

	private loaded(): Workflow {
		return oneNodeWorkflow(this.node, this.nodeType, JSON.parse(JSON.stringify(this.saved)));
	}

	/** n8n stopped and started again: the workflow comes from the database and is activated anew. */
	restart(): void {
		this.workflow = this.loaded();
		this.activated = false;
		this.activation = 'init';
		this.context = undefined;
	}

	/** One scheduled poll; the items it emitted, or null. */
	async poll(): Promise<IDataObject[] | null> {
		const output = await this.run('trigger');
		const first = !this.activated;
		this.activated = true;
		if (output !== null || first) {
			const { __dataChanged, ...data } = JSON.parse(JSON.stringify(this.workflow.staticData));
			this.saved = data;
		}
		return output;
	}

	/** The editor's "Fetch Test Event" (manual mode), on the same workflow object. */
	async test(): Promise<IDataObject[] | null> {
		return await this.run('manual');
	}

	private async run(mode: WorkflowExecuteMode): Promise<IDataObject[] | null> {
		const context =
			mode === 'manual'
				? this.newContext('manual', 'manual')
				: (this.context ??= this.newContext('trigger', this.activation));
		const output = await this.nodeType.poll!.call(context);
		return output === null ? null : output[0].map((item) => item.json);
	}

	private newContext(mode: WorkflowExecuteMode, activation: WorkflowActivateMode): PollContext {
		return new PollContext(
			this.workflow,
			this.node,
			additionalDataFor(this.rig.store),
			mode,
			activation,
			undefined,
			(error) => this.errorExecutions.push(error),
			undefined,
			undefined,
			undefined,
			this.pollBudgetMs === undefined ? undefined : () => this.pollBudgetMs!,
		);
	}
}
