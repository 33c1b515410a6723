import { isDeepStrictEqual } from 'util';
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
 * How n8n 2.41.1 runs a published workflow's poll trigger.
 * - `default`: n8n's in-memory engine, as n8n runs by default.
 * - `durable`: its durable scheduler with durable poll cursors (N8N_SCHEDULER_ENABLED,
 *   N8N_SCHEDULER_POLL_TRIGGERS_ENABLED, N8N_USE_WORKFLOW_PUBLICATION_SERVICE and
 *   N8N_POLLER_DURABLE_CURSORS_ENABLED all true).
 */
export type PollEngine = 'default' | 'durable';

const plain = (value: object): IDataObject => {
	const { __dataChanged, ...data } = JSON.parse(JSON.stringify(value)) as IDataObject;
	return data;
};

/**
 * A polling trigger run by n8n-core's own PollContext as n8n 2.41.1 runs it in a published
 * workflow.
 *
 * `default` engine: one Workflow object per n8n process, whose node static data every poll
 * reads and changes in memory. n8n saves it to its database after the activation poll (the
 * first one) and when a poll emits; a restart loads what was saved. As in n8n, one poll context
 * serves an activation's polls, the first of them the activation's.
 *
 * `durable` engine (n8n's trigger-execution-context.factory, poll-trigger-task-handler,
 * active-workflow-triggers): publishing provisions the scheduler's jobs and runs the poll on
 * activation; every later poll is a scheduler tick with a new Workflow loaded from the database
 * and a new poll context. Inside a poll the node's static data is a copy of its cursor (the
 * poller_state row, created from the node's static data by the first poll); the engine commits
 * that copy with the execution when the poll emits, and after a tick that emits nothing — not
 * after an activation poll that emits nothing. The workflow's static data is saved when a poll
 * emits and after the activation. A restart finds the jobs in place: no poll on activation.
 */
export class PollRunner {
	/** The workflow's static data as n8n's database holds it. */
	saved: IDataObject = {};
	/** `durable`: the node's poll cursor as n8n's database (poller_state) holds it, once created. */
	cursor?: IDataObject;
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
		readonly engine: PollEngine = 'default',
	) {
		this.node = workflowNode({ nodeType, credentialType: rig.type, parameters });
		this.workflow = this.loaded();
	}

	private loaded(): Workflow {
		return oneNodeWorkflow(this.node, this.nodeType, JSON.parse(JSON.stringify(this.saved)));
	}

	/** The trigger's own state as n8n stores it: the node's static data, or its durable cursor. */
	nodeState(): IDataObject | undefined {
		return this.engine === 'durable'
			? this.cursor
			: (this.saved[`node:${this.node.name}`] as IDataObject | undefined);
	}

	/** n8n stopped and started again: the workflow comes from the database and is activated anew. */
	restart(): void {
		this.workflow = this.loaded();
		this.activation = 'init';
		this.context = undefined;
		// The durable scheduler's jobs outlive the process: no poll on activation.
		if (this.engine === 'default') this.activated = false;
	}

	/** One scheduled poll (the first: the poll on activation); the items it emitted, or null. */
	async poll(): Promise<IDataObject[] | null> {
		if (this.engine === 'durable') return await this.durablePoll();
		const output = await this.run('trigger');
		const first = !this.activated;
		this.activated = true;
		if (output !== null || first) this.saved = plain(this.workflow.staticData);
		return output;
	}

	/** The editor's "Fetch Test Event" (manual mode), on the same workflow object. */
	async test(): Promise<IDataObject[] | null> {
		return await this.run('manual');
	}

	private async run(mode: WorkflowExecuteMode): Promise<IDataObject[] | null> {
		const context =
			mode === 'manual'
				? this.newContext(this.workflow, 'manual', 'manual')
				: (this.context ??= this.newContext(this.workflow, 'trigger', this.activation));
		return itemsOf(await this.nodeType.poll!.call(context));
	}

	private async durablePoll(): Promise<IDataObject[] | null> {
		const onActivation = !this.activated;
		const workflow = this.loaded();
		// The poll's staging scope (__runPoll): a copy of the cursor, the node's static data.
		this.cursor ??= plain(workflow.getStaticData('node', this.node));
		const seed = structuredClone(this.cursor);
		const staged = structuredClone(this.cursor);
		const context = this.newContext(
			workflow,
			'trigger',
			onActivation ? this.activation : 'update',
			() => staged,
			!onActivation,
		);
		// A poll on activation that fails fails the activation: the jobs are removed again.
		const output = itemsOf(await this.nodeType.poll!.call(context));
		const commit = () => {
			if (!isDeepStrictEqual(plain(staged), seed)) this.cursor = plain(staged);
		};
		if (output !== null) {
			commit();
			this.saved = plain(workflow.staticData);
		} else if (!onActivation) {
			commit();
		}
		if (onActivation) this.saved = plain(workflow.staticData);
		this.activated = true;
		return output;
	}

	private newContext(
		workflow: Workflow,
		mode: WorkflowExecuteMode,
		activation: WorkflowActivateMode,
		nodeStaticData?: () => IDataObject,
		tick = false,
	): PollContext {
		const budget = this.pollBudgetMs ?? (tick ? 36_000 : undefined);
		return new PollContext(
			workflow,
			this.node,
			additionalDataFor(this.rig.store),
			mode,
			activation,
			undefined,
			(error) => this.errorExecutions.push(error),
			undefined,
			undefined,
			nodeStaticData,
			budget === undefined ? undefined : () => budget,
		);
	}
}

function itemsOf(output: Array<Array<{ json: IDataObject }>> | null): IDataObject[] | null {
	return output === null ? null : output[0].map((item) => item.json);
}
