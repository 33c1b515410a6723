import { sleep } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

/** Input items a node runs at once unless its Options → Batching says otherwise. */
export const DEFAULT_BATCH_SIZE = 10;

/** Named and described as in n8n's HTTP Request node (V3): Options → Batching. */
export const batchingOption: INodeProperties = {
	displayName: 'Batching',
	name: 'batching',
	placeholder: 'Add Batching',
	type: 'fixedCollection',
	typeOptions: { multipleValues: false },
	default: { batch: {} },
	options: [
		{
			displayName: 'Batching',
			name: 'batch',
			values: [
				{
					displayName: 'Items per Batch',
					name: 'batchSize',
					type: 'number',
					typeOptions: { minValue: 1 },
					default: DEFAULT_BATCH_SIZE,
					description: 'How many input items run at once. 1 runs them one after another.',
				},
				{
					displayName: 'Batch Interval (Ms)',
					name: 'batchInterval',
					type: 'number',
					typeOptions: { minValue: 0 },
					default: 0,
					description:
						'Time (in milliseconds) between starting one batch of items and the next. 0 for disabled.',
				},
			],
		},
	],
};

interface Batching {
	size: number;
	intervalMs: number;
}

/** The node's Batching option, read once per run (for the first item). */
function batchingOf(ctx: IExecuteFunctions): Batching {
	const options = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	const batch = ((options.batching as IDataObject | undefined)?.batch ?? {}) as IDataObject;
	const size = Math.floor(Number(batch.batchSize ?? DEFAULT_BATCH_SIZE));
	const intervalMs = Number(batch.batchInterval ?? 0);
	return {
		size: size >= 1 ? size : 1,
		intervalMs: intervalMs > 0 ? intervalMs : 0,
	};
}

/**
 * Runs `run` for item 0, 1, … with at most Items per Batch running at once; with a Batch
 * Interval, each batch starts that long after the one before (as the HTTP Request node does).
 * Items start in order and none starts once `stop()` says so; the ones running are awaited.
 * `run` must not reject.
 */
export async function inBatches(
	ctx: IExecuteFunctions,
	count: number,
	run: (itemIndex: number) => Promise<void>,
	stop: () => boolean,
): Promise<void> {
	const { size, intervalMs } = batchingOf(ctx);
	const running = new Set<Promise<void>>();
	for (let itemIndex = 0; itemIndex < count && !stop(); itemIndex++) {
		if (itemIndex > 0 && itemIndex % size === 0 && intervalMs > 0) await sleep(intervalMs);
		while (running.size >= size) await Promise.race(running);
		if (stop()) break;
		const task: Promise<void> = run(itemIndex).finally(() => running.delete(task));
		running.add(task);
	}
	await Promise.all(running);
}
