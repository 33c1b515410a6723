import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';
import type {
	IDataObject,
	INodeExecutionData,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { withReason } from '../../credentials/common/errors';
import { isJsonObject } from '../../credentials/common/fields';
import type { TokenProvider } from '../../credentials/common/types';
import { collectPages, MAX_PAGES, MAX_RECORDS } from './operations';
import type { ListBounds, Paging } from './operations';
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
	/** The records of the last listing that were skipped (and reported), by id. */
	skipped?: string[];
};

interface Entry {
	record: IDataObject;
	id: string;
	key?: Key;
}

/** A record the trigger cannot place: no id, or a key not comparable with the others. */
interface Unusable {
	/** Its id, or where it is in the listing when it has none. */
	label: string;
	problem: string;
}

const CURSOR = 'cursor';
/** Records named in one skip report; the rest are counted. */
const NAMED_SKIPS = 10;

/**
 * One poll of `source`. Not in manual mode: the first poll stores where the list stands and
 * emits nothing; each later one emits the records that are new since, oldest first, and only
 * then stores the new state (n8n saves static data with the emitted execution), so a poll that
 * fails part of the way changes nothing. Manual mode emits the latest record and stores nothing.
 * A record the trigger cannot place is skipped, never emitted, and reported once as an error
 * execution while the poll goes on (see `reportSkipped`).
 */
export async function pollNewRecords(
	ctx: IPollFunctions,
	source: TriggerSource,
): Promise<INodeExecutionData[][] | null> {
	if (ctx.getMode() === 'manual') return await pollOnce(ctx, source);
	// n8n's default engine starts a poll on schedule even while the last one still runs (a long
	// list, a Retry-After): both would read one stored state and emit the same records.
	const key = `${ctx.getWorkflow().id}:${ctx.getNode().id}`;
	if (running.has(key)) return null;
	running.add(key);
	try {
		return await firstPollOrNot(ctx, source);
	} finally {
		running.delete(key);
	}
}

/** The polls running now, by workflow and node. */
const running = new Set<string>();

async function firstPollOrNot(
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

/** Used when n8n gives no poll budget (before 2.41): three quarters of its scheduler's 45 s default. */
const POLL_TIME_WITHOUT_BUDGET_MS = 30_000;

/**
 * A poll reads its list within three quarters of the time n8n gives one poll (2.41:
 * `getPollBudgetMs`, 36 s under the durable scheduler's default N8N_SCHEDULER_POLL_TIMEOUT
 * of 45 s, 5 min otherwise), and within the pages and records of any list.
 */
function pollBounds(ctx: IPollFunctions, source: TriggerSource): ListBounds {
	const budget = typeof ctx.getPollBudgetMs === 'function' ? ctx.getPollBudgetMs() : NaN;
	const ms = budget > 0 ? Math.floor(budget * 0.75) : POLL_TIME_WITHOUT_BUDGET_MS;
	return {
		pages: MAX_PAGES,
		records: MAX_RECORDS,
		ms,
		fix: `Nothing was emitted or marked as seen: the next poll reads ${source.call.path} again. If this repeats, narrow the list the trigger reads, or raise N8N_SCHEDULER_POLL_TIMEOUT where n8n runs polls with it.`,
	};
}

async function pollOnce(
	ctx: IPollFunctions,
	source: TriggerSource,
): Promise<INodeExecutionData[][] | null> {
	const data = ctx.getWorkflowStaticData('node');
	const manual = ctx.getMode() === 'manual';
	const stored = manual ? undefined : storedCursor(ctx, data, source.name);
	const call =
		stored?.mark !== undefined && source.from ? source.from(source.call, stored.mark) : source.call;
	const answer = await collectPages(ctx, source.provider, call, 0, {
		paging: source.paging,
		records: source.records,
		bounds: pollBounds(ctx, source),
	});
	const { listing, unusable } = ordered(source, answer.filter(isJsonObject), stored?.mark);

	if (manual) {
		const latest = listing.at(-1);
		return latest ? [[{ json: latest.record }]] : null;
	}
	reportSkipped(ctx, source, unusable, stored?.skipped ?? []);
	const skipped = unusable.map((entry) => entry.label);
	if (!stored) {
		data[CURSOR] = withSkipped(
			advanced(source, { source: source.name, ids: [] }, listing),
			skipped,
		);
		keepBaseline(ctx, data[CURSOR] as Cursor);
		return null;
	}
	// Sets: a list of 100,000 ids looked up one by one would block n8n for seconds.
	const known = new Set(stored.ids);
	const fresh = listing.filter((entry) => isNew(source, stored, known, entry));
	if (fresh.length === 0) {
		if (!sameIds(stored.skipped ?? [], skipped)) data[CURSOR] = withSkipped(stored, skipped);
		return null;
	}
	data[CURSOR] = withSkipped(advanced(source, stored, listing), skipped);
	return [fresh.map(({ record }) => ({ json: record }))];
}

/**
 * The state the last poll left, from the node's static data. Under n8n's durable scheduler
 * (2.41.1, N8N_POLLER_DURABLE_CURSORS_ENABLED) that static data is the poll's copy of the
 * node's durable cursor, which n8n saves when the poll emits, and after a scheduled poll that
 * emits nothing, but not after a poll on activation that emits nothing: the baseline. So a
 * baseline is also kept in the workflow's static data, which n8n saves after every activation
 * (`keepBaseline`), and a poll that finds no state of the node's own takes it up. Once the node
 * has a state of its own, the copy goes.
 */
function storedCursor(ctx: IPollFunctions, data: IDataObject, name: string): Cursor | undefined {
	const workflowData = ctx.getWorkflowStaticData('global');
	const key = baselineKey(ctx);
	if (data[CURSOR] !== undefined) {
		if (key in workflowData) delete workflowData[key];
		return cursorIn(data[CURSOR], name);
	}
	const baseline = cursorIn(workflowData[key], name);
	if (baseline) data[CURSOR] = baseline;
	return baseline;
}

function keepBaseline(ctx: IPollFunctions, cursor: Cursor): void {
	ctx.getWorkflowStaticData('global')[baselineKey(ctx)] = cursor;
}

/** Where a node's baseline is kept in the workflow's static data, shared by all its nodes. */
function baselineKey(ctx: IPollFunctions): string {
	const node = ctx.getNode();
	return `tokenAuthBaseline:${node.id || node.name}`;
}

function cursorIn(value: unknown, name: string): Cursor | undefined {
	if (!isJsonObject(value) || value.source !== name || !Array.isArray(value.ids)) return undefined;
	const mark =
		typeof value.mark === 'number' || typeof value.mark === 'string' ? value.mark : undefined;
	const skipped = Array.isArray(value.skipped) ? value.skipped.map(String) : undefined;
	return { source: name, mark, ids: value.ids.map(String), skipped };
}

function withSkipped(cursor: Cursor, skipped: string[]): Cursor {
	const next: Cursor = { ...cursor, skipped };
	if (skipped.length === 0) delete next.skipped;
	return next;
}

function sameIds(a: string[], b: string[]): boolean {
	return a.length === b.length && a.every((id, index) => id === b[index]);
}

/** Ids as text; anything else (missing, null, an object) is no id. */
function idOf(value: unknown): string | undefined {
	if (typeof value === 'string') return value.trim() === '' ? undefined : value;
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return undefined;
}

/**
 * The records with their id and key, oldest first (for `id`: in the order of the answer), each
 * id once, and the records that cannot be placed. For `increasing`, the keys compare as the
 * stored mark does (a number or text); before there is one, as most keys of the listing do,
 * numbers when as many are text. A record listed twice (offset paging while the list changes)
 * counts once: its newest key, or for `id` its first place.
 */
function ordered(
	source: TriggerSource,
	records: IDataObject[],
	mark: Key | undefined,
): { listing: Entry[]; unusable: Unusable[] } {
	const { newness } = source;
	const unusable: Unusable[] = [];
	const entries: Entry[] = [];
	const keys = records.map((record) =>
		newness.by === 'increasing' ? keyOf(newness.key(record)) : undefined,
	);
	const kind = mark !== undefined ? typeof mark : mostKeysAre(keys);
	records.forEach((record, index) => {
		const id = idOf(source.id(record));
		if (id === undefined) {
			unusable.push({ label: `#${index + 1} of the list`, problem: 'no ID' });
			return;
		}
		if (newness.by === 'id') {
			entries.push({ record, id });
			return;
		}
		const key = keys[index];
		if (key === undefined || typeof key !== kind) {
			const wanted = kind === 'number' ? 'a number or a date' : 'text';
			unusable.push({ label: shortId(id), problem: `"${newness.keyName}" is not ${wanted}` });
			return;
		}
		entries.push({ record, id, key });
	});
	if (newness.by === 'increasing') entries.sort((a, b) => compareKeys(a.key!, b.key!));
	const once = new Map<string, Entry>();
	for (const entry of entries) {
		if (newness.by === 'id' && once.has(entry.id)) continue;
		// Sorted by key: deleting first puts the newest copy last, where it belongs.
		once.delete(entry.id);
		once.set(entry.id, entry);
	}
	return { listing: [...once.values()], unusable };
}

function mostKeysAre(keys: Array<Key | undefined>): 'number' | 'string' {
	const numbers = keys.filter((key) => typeof key === 'number').length;
	const texts = keys.filter((key) => typeof key === 'string').length;
	return texts > numbers ? 'string' : 'number';
}

function shortId(id: string): string {
	return id.length > 60 ? `${id.slice(0, 57)}...` : id;
}

/**
 * Skipped records are reported as an error execution (n8n's `__emitError`: the workflow stays
 * on, the Error Workflow runs) the first poll they are in the list, naming them by id and the
 * key; the poll itself goes on. The ids of the last listing's skipped records are kept to
 * report each once, not every poll.
 */
function reportSkipped(
	ctx: IPollFunctions,
	source: TriggerSource,
	unusable: Unusable[],
	reported: string[],
): void {
	const before = new Set(reported);
	const fresh = unusable.filter((entry) => !before.has(entry.label));
	if (fresh.length === 0) return;
	const named = fresh
		.slice(0, NAMED_SKIPS)
		.map((entry) => `${entry.label} (${entry.problem})`)
		.join(', ');
	const more = fresh.length > NAMED_SKIPS ? ` and ${fresh.length - NAMED_SKIPS} more` : '';
	const needs =
		source.newness.by === 'increasing'
			? `an ID and a "${source.newness.keyName}" of the kind the others have`
			: 'an ID';
	const fix = `Correct them at ${source.provider.name} (each needs ${needs}), or point the trigger at another key; a corrected record newer than the last one emitted is emitted by a later poll.`;
	const skipped = new NodeOperationError(
		ctx.getNode(),
		`${source.provider.name} trigger skipped ${fresh.length} record${fresh.length === 1 ? '' : 's'} of ${source.call.path} it cannot order: ${named}${more}. ${fix}`,
		{ description: fix, level: 'warning' },
	);
	ctx.__emitError(withReason(skipped, 'record_skipped'));
}

/** `known`: the cursor's ids. */
function isNew(source: TriggerSource, cursor: Cursor, known: Set<string>, entry: Entry): boolean {
	if (source.newness.by === 'id') return !known.has(entry.id);
	if (cursor.mark === undefined) return true;
	const order = compareKeys(entry.key!, cursor.mark);
	return order > 0 || (order === 0 && !known.has(entry.id));
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

/**
 * Numbers and numeric text as numbers, ISO dates as epoch ms, other text as is; nothing for
 * anything else, and for text that starts like a date but is none ("2026-13-45").
 */
export function keyOf(value: unknown): Key | undefined {
	if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
	if (typeof value !== 'string' || value.trim() === '') return undefined;
	const text = value.trim();
	if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
	if (!/^\d{4}-\d{2}-\d{2}/.test(text)) return text;
	const time = Date.parse(text);
	return Number.isFinite(time) ? time : undefined;
}

/** Keys of one kind: numbers by value, text with its numbers as numbers ("u-9" before "u-10"). */
export function compareKeys(a: Key, b: Key): number {
	if (typeof a === 'number' && typeof b === 'number') return a - b;
	return String(a).localeCompare(String(b), 'en', { numeric: true });
}
