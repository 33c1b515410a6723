import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import type {
	IDataObject,
	INodeExecutionData,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { isJsonObject } from '../../credentials/common/fields';
import type { TokenProvider } from '../../credentials/common/types';
import { collectPages } from './operations';
import type { Paging } from './operations';
import type { ApiCall } from './request';

/** What every trigger node's description shares: a polling trigger, no input, one output. */
export const triggerNodeFields: Pick<
	INodeTypeDescription,
	'group' | 'version' | 'inputs' | 'outputs' | 'polling'
> = {
	group: ['trigger'],
	version: 1,
	polling: true,
	inputs: [],
	outputs: [NodeConnectionTypes.Main],
};

/** A record's place in the order new records come in: a number (ids, epoch times, ISO times as ms) or text. */
export type Key = number | string;

/**
 * What makes a record new.
 * - `increasing`: a key that grows with every new (or changed) record, e.g. `processedAt` or an
 *   auto-incremented id. The state is the highest key seen and the ids of the records at it.
 * - `id`: an id in no particular order. The state is the ids of the last listing, so it is as
 *   large as the list and forgets records the list no longer has.
 */
export type Newness =
	| { by: 'increasing'; key: (record: IDataObject) => unknown; keyName: string }
	| { by: 'id' };

/** A trigger's declaration: which list to read, how it pages, what makes a record new. */
export interface TriggerSource {
	provider: TokenProvider;
	/** Names the list and its key; a state stored for another name (the user changed the event) is not used. */
	name: string;
	call: ApiCall;
	paging?: Paging;
	/** The records of one answer; the shared envelopes (`data`, `content`, ...) unless told. */
	records?: (page: unknown) => unknown[];
	id: (record: IDataObject) => unknown;
	newness: Newness;
	/** The first call asking only for records from `mark` on (e.g. a "processed after" filter). */
	from?: (call: ApiCall, mark: Key) => ApiCall;
}

/** What a trigger keeps in the node's static data between polls. */
type Cursor = {
	source: string;
	/** The highest key emitted or seen at the baseline (`increasing` only). */
	mark?: Key;
	/** `increasing`: the ids at `mark`; `id`: the ids of the last listing. */
	ids: string[];
};

interface Entry {
	record: IDataObject;
	id: string;
	key?: Key;
}

const CURSOR = 'cursor';

/**
 * One poll of `source`. Not in manual mode: the first poll stores where the list stands and
 * emits nothing; each later one emits the records that are new since, oldest first, and only
 * then stores the new state (n8n saves static data with the emitted execution), so a poll that
 * fails part of the way changes nothing. Manual mode emits the latest record and stores nothing.
 */
export async function pollNewRecords(
	ctx: IPollFunctions,
	source: TriggerSource,
): Promise<INodeExecutionData[][] | null> {
	const activationPoll = !polled.has(ctx);
	polled.add(ctx);
	if (!activationPoll || !startedUnattended(ctx)) return await pollOnce(ctx, source);
	try {
		return await pollOnce(ctx, source);
	} catch (error) {
		ctx.__emitError(error as Error);
		return null;
	}
}

/** The poll contexts that have polled: n8n makes one per activation, and polls it first then. */
const polled = new WeakSet<IPollFunctions>();

/**
 * n8n activates a workflow with a poll, and a poll that throws fails the activation: what a
 * user publishing the workflow should see. When n8n starts (or another main instance takes
 * over) nobody does, and the workflow would stay off: n8n 2.x tries 5 times within 15 s and
 * then leaves the trigger off until the workflow is published again (n8n 1.x retries at
 * doubling intervals, never when the message mentions "Authorization"). There a failed first
 * poll is the error execution any failed poll is, and the workflow stays on.
 */
function startedUnattended(ctx: IPollFunctions): boolean {
	const activation = ctx.getActivationMode();
	return (
		ctx.getMode() === 'trigger' && (activation === 'init' || activation === 'leadershipChange')
	);
}

async function pollOnce(
	ctx: IPollFunctions,
	source: TriggerSource,
): Promise<INodeExecutionData[][] | null> {
	const data = ctx.getWorkflowStaticData('node');
	const manual = ctx.getMode() === 'manual';
	const stored = manual ? undefined : cursorIn(data[CURSOR], source.name);
	const call =
		stored?.mark !== undefined && source.from ? source.from(source.call, stored.mark) : source.call;
	const answer = await collectPages(ctx, source.provider, call, 0, {
		paging: source.paging,
		records: source.records,
	});
	const listing = ordered(ctx, source, answer.filter(isJsonObject));

	if (manual) {
		const latest = listing.at(-1);
		return latest ? [[{ json: latest.record }]] : null;
	}
	if (!stored) {
		data[CURSOR] = advanced(source, { source: source.name, ids: [] }, listing);
		return null;
	}
	const fresh = listing.filter((entry) => isNew(source, stored, entry));
	if (fresh.length === 0) return null;
	data[CURSOR] = advanced(source, stored, listing);
	return [fresh.map(({ record }) => ({ json: record }))];
}

function cursorIn(value: unknown, name: string): Cursor | undefined {
	if (!isJsonObject(value) || value.source !== name || !Array.isArray(value.ids)) return undefined;
	const mark =
		typeof value.mark === 'number' || typeof value.mark === 'string' ? value.mark : undefined;
	return { source: name, mark, ids: value.ids.map(String) };
}

/** The records with their id and key, oldest first (for `id`: in the order of the answer). */
function ordered(ctx: IPollFunctions, source: TriggerSource, records: IDataObject[]): Entry[] {
	const { newness } = source;
	const entries = records.map((record): Entry => {
		const rawId = source.id(record);
		const id = rawId === undefined || rawId === null ? JSON.stringify(record) : String(rawId);
		if (newness.by === 'id') return { record, id };
		const key = keyOf(newness.key(record));
		if (key === undefined) throw missingKey(ctx, source, newness.keyName);
		return { record, id, key };
	});
	if (newness.by === 'id') return entries;
	return entries.sort((a, b) => compareKeys(a.key!, b.key!));
}

function isNew(source: TriggerSource, cursor: Cursor, entry: Entry): boolean {
	if (source.newness.by === 'id') return !cursor.ids.includes(entry.id);
	if (cursor.mark === undefined) return true;
	const order = compareKeys(entry.key!, cursor.mark);
	return order > 0 || (order === 0 && !cursor.ids.includes(entry.id));
}

/** The state once every record of `listing` has been seen. */
function advanced(source: TriggerSource, cursor: Cursor, listing: Entry[]): Cursor {
	if (source.newness.by === 'id') return { source: cursor.source, ids: listing.map((e) => e.id) };
	const newest = listing.at(-1)?.key;
	if (newest === undefined || (cursor.mark !== undefined && compareKeys(newest, cursor.mark) < 0))
		return cursor;
	const kept =
		cursor.mark !== undefined && compareKeys(newest, cursor.mark) === 0 ? cursor.ids : [];
	const atNewest = listing.filter((e) => compareKeys(e.key!, newest) === 0).map((e) => e.id);
	return { source: cursor.source, mark: newest, ids: [...new Set([...kept, ...atNewest])] };
}

/** Numbers and numeric text as numbers, ISO dates as epoch ms, other text as is. */
export function keyOf(value: unknown): Key | undefined {
	if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
	if (typeof value !== 'string' || value.trim() === '') return undefined;
	const text = value.trim();
	if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
	const time = /^\d{4}-\d{2}-\d{2}/.test(text) ? Date.parse(text) : NaN;
	return Number.isFinite(time) ? time : text;
}

/** Text compares with its numbers as numbers ("u-9" before "u-10"). */
export function compareKeys(a: Key, b: Key): number {
	if (typeof a === 'number' && typeof b === 'number') return a - b;
	return String(a).localeCompare(String(b), 'en', { numeric: true });
}

function missingKey(ctx: IPollFunctions, source: TriggerSource, keyName: string) {
	const fix = `Check that every record of ${source.call.path} has "${keyName}" (a number, a date or text), or name another key.`;
	return new NodeOperationError(
		ctx.getNode(),
		`${source.provider.name} trigger: a record has no usable "${keyName}". ${fix}`,
		{ description: fix },
	);
}
