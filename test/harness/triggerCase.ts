import type { IDataObject } from 'n8n-workflow';
import type { ProviderRig } from './credentialRig';

/**
 * One event of a polling trigger against its provider's fake: how to start it, how to add the
 * n-th new record while it runs, and which field tells the records apart in what it emits.
 * Record n is newer than record n - 1; `atStart` puts it first in the list (for keys, not list
 * order). Each provider's fixture lists its cases (`triggers` in test/providers/<provider>.ts);
 * the trigger suites (test/integration/triggerCases.ts) run them all.
 */
export interface TriggerCase {
	name: string;
	/**
	 * The trigger node's name as package/package.json registers it (e.g. `acmeTrigger`); the
	 * suites load it from there. A fixture imports no node: `npm start` (tsx) loads the fixtures.
	 */
	node: string;
	parameters: IDataObject;
	/**
	 * A rig of its own (URL at least) for one test. The fixture loads the rig's module when a
	 * test calls this (`await import(...)`, as `demoRig` does): the rigs' harness reads the fixtures.
	 */
	start(): Promise<ProviderRig>;
	/** Adds record n; returns its label. */
	add(rig: ProviderRig, n: number, atStart?: boolean): unknown;
	/** The field of an emitted record that `add` returned. */
	label: string;
	/** Whether the list after two additions spans several pages (so page 2 can fail). */
	paged: boolean;
	/** The fake's list that `add` adds to. */
	list(rig: ProviderRig): Array<Record<string, unknown>>;
	/** The field of a record the trigger orders by (none: new by id alone), and its id field. */
	keyField?: string;
	idField: string;
	/** How the list says there is a next page: a link in each answer, or a full numbered page. */
	paging?: 'links' | 'numbered';
	/**
	 * The most ids the trigger's stored state may hold after five new records: with a `keyField`,
	 * the ids at the newest key (1); without, the ids of the whole list.
	 */
	storedIds: number;
}

/** Puts `record` at the end of `list` (or first, `atStart`) and returns its `label`. */
export function place<R extends object>(
	list: unknown[],
	record: R,
	label: keyof R,
	atStart = false,
): unknown {
	if (atStart) list.unshift(record);
	else list.push(record);
	return record[label];
}

/** The credential as its demo fills it in, against a fake of its own (CredentialRig). */
export async function demoRig(credentialType: string): Promise<ProviderRig> {
	const { caseFor } = await import('./credentialCases');
	const { CredentialRig } = await import('./credentialRig');
	return await CredentialRig.start(caseFor(credentialType));
}
