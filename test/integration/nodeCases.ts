import type { IDataObject } from 'n8n-workflow';
import type { Reason } from '../../package/credentials/common/errors';
import type { FakeProvider } from '../fakes/fakeProvider';
import type { RunOptions } from '../harness/credentialRig';

/**
 * What a provider's node does through n8n-core against its fake, beyond what
 * test/integration/nodes.test.ts checks of every node (API Request, items, hosts, the token
 * kept between executions, a list's renewal): the fixture's `nodeCases`. Each case runs the
 * demo credential on a fake of its own.
 */
export interface NodeCases {
	/** What User Info puts out beyond provider, API URL and expiry; whether it calls the API when the stored token is fresh; what it never shows. */
	whoAmI: { json: IDataObject; callsApi: boolean; hides?: string[] };
	/** The node's own operations, each run once. */
	operations: NodeCase[];
	/** The editor's lists (the node's listSearch methods); the first is the one checked after a token's expiry. */
	lists?: ListCase[];
	/**
	 * Each id parameter that node version 1 had as a plain field (a resource locator from 1.1),
	 * with what version 1 shows (test/unit/declarations.test.ts).
	 */
	plainIds?: Array<
		[resource: string, operation: string, path: string, label: string, type: string]
	>;
}

/** How a case's fake and credential differ from the demo's, and what it must show. */
interface Case {
	title: string;
	/** The fake this case needs (not started), when the demo's does not do. */
	fake?: () => FakeProvider;
	/** Changes to the demo credential. */
	fields?: IDataObject;
	/** Readies the started fake. */
	arrange?: (fake: FakeProvider) => void;
	/** API requests the fake answered, in order, as `path?query`; or how many. */
	calls?: string[] | number;
	/** It fails with this reason, and a message that matches. */
	fails?: { reason: Reason; says: RegExp };
}

export interface NodeCase extends Case {
	parameters: IDataObject;
	run?: RunOptions;
	/** `json.name` of every output item. */
	names?: unknown[];
	count?: number;
	/** The first item's json matches this (a RegExp matches a string). */
	json?: IDataObject;
	/** The first item's json has these (dot) paths. */
	has?: string[];
	/** The keys of every item's json, in order. */
	keys?: string[];
	/** A field whose value differs on every item. */
	distinct?: string;
}

export interface ListCase extends Case {
	method: string;
	filter?: string;
	/** The pagination token handed back by the editor. */
	token?: string;
	/** Pages read, following the pagination token (default 1). */
	pages?: number;
	/** Every entry listed over those pages, as `name = value`, with ` (description)` where there is one. */
	listed?: string[];
	count?: number;
	/** What the last page's pagination token matches; none when absent. */
	more?: RegExp;
}
