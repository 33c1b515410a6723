import { readdirSync } from 'fs';
import { join } from 'path';
import type { Credentials } from '../../package/credentials/common/types';
import type { DemoProvider } from '../demo/providers';
import type { Recipe } from '../harness/tokenExchangeRecipes';
import type { ProviderE2e } from '../harness/providerE2e';
import type { TriggerCase } from '../harness/triggerCase';

/**
 * Every provider the tests, the demo, CI's front door and the benchmark know: one file each in
 * this folder, `test/providers/<provider>.ts`, exporting its `demo` entry, its Token Exchange
 * `recipe` and its `badInput`, and where they apply the other fields of ProviderFixture below.
 * A new file here is picked up everywhere; nothing else lists providers.
 */
export interface ProviderFixture {
	demo: DemoProvider;
	recipe: Recipe;
	/** Mistakes only this provider's fields allow (test/integration/faults/badInput.test.ts adds the URL ones). */
	badInput: FieldMistake[];
	/** How `demo.listOperation` pages (test/integration/faults/endlessLists.test.ts); required with it. */
	listPaging?: ListPaging;
	/**
	 * Each event of its trigger (and of the Token Exchange Trigger on its API, if any) against
	 * its fake: test/integration/triggers.test.ts and the fault suites run each on both of n8n's
	 * poll engines. The first watches the list `demo.newRecord` grows.
	 */
	triggers?: TriggerCase[];
	/**
	 * The trigger examples (examples/<example>.json) test/e2e/triggers.test.ts publishes in a real
	 * n8n, each fed records by `demo.newRecord`; they need it.
	 */
	triggerExamples?: TriggerExample[];
	/** Where users paste the address of the provider's web console for its API's (test/unit/consoleUrls.test.ts). */
	consoleUrls?: ConsoleUrls;
	/** What the real-n8n suite checks beyond the demo and recipe (test/e2e/providers.test.ts). */
	e2e?: ProviderE2e;
	/** An example test/e2e/editor.test.ts imports in n8n's editor and runs from its nodes' panels. */
	editorExample?: EditorExample;
	/** Its node as an earlier version of the package saved it, opened in the editor (test/e2e/editor.test.ts). */
	savedNodes?: SavedNodes;
	/** What its node does beyond what every node does (test/integration/nodes.test.ts). */
	nodeCases?: import('../integration/nodeCases').NodeCases;
}

/** How a list says there is a next page: a link in each answer, a full numbered page, or never. */
export type ListPaging = 'links' | 'numbered' | 'one page';

/**
 * A trigger example and the credential n8n's editor would put in: the demo's (`demo`) or the
 * Token Exchange credential filled in as the fixture's `recipe` (`recipe`).
 */
export interface TriggerExample {
	/** The file name in examples/, without `.json`. */
	example: string;
	credential: 'demo' | 'recipe';
}

/** An example imported with the editor's Import from File, the demo credential made before. */
export interface EditorExample {
	/** The file name in examples/, without `.json`. */
	example: string;
	/** What the canvas shows once imported: the nodes' subtitles. */
	canvas?: string[];
	/** Nodes run from their panels (Execute step, or a trigger's Fetch Test Event), and what each panel then shows. */
	runs: Array<[node: string, shows?: string]>;
}

/**
 * The provider's node saved at each of `versions`, side by side in one workflow: the panel of
 * each must show `field` as `shown`, and Execute step in the first must call `run.apiPath`.
 */
export interface SavedNodes {
	field: string;
	versions: Array<{
		typeVersion: number;
		parameters: Record<string, unknown>;
		shown: { label: string; mode?: string; value: string };
	}>;
	/** What the panel then shows, and what else the line showing it holds. */
	run: { apiPath: string; shows: string; sameLine: string };
}

/** A field filled in wrongly, and what the message must say: [field, value, says]. */
export type FieldMistake = [string, string, RegExp];

export interface ConsoleUrls {
	/** The field holding the API's address, and the other fields, filled in. */
	field: string;
	otherFields: Credentials;
	/** The API's own addresses: taken as they are. */
	api: string[];
	/** A console's addresses, each with what the message tells the user to enter instead. */
	consoles: Array<[url: string, says: string]>;
}

export const providerFixtures: ProviderFixture[] = readdirSync(__dirname)
	.filter((file) => /\.ts$/.test(file) && file !== 'index.ts')
	.map((file) => {
		const fixture = require(join(__dirname, file)) as Partial<ProviderFixture>;
		const missing = [
			!fixture.demo && 'a `demo` entry',
			!fixture.recipe && 'a Token Exchange `recipe`',
			!fixture.badInput && 'its `badInput` cases',
			fixture.demo?.listOperation && !fixture.listPaging && '`listPaging` (its node lists)',
			!fixture.demo?.newRecord !== !fixture.demo?.growingList &&
				'`demo.newRecord` and `demo.growingList` together',
			fixture.triggerExamples &&
				!fixture.demo?.newRecord &&
				'`demo.newRecord` (its `triggerExamples` need records added)',
			fixture.demo?.newRecord &&
				!fixture.triggers?.length &&
				'`triggers` (the first watches the list `demo.newRecord` grows)',
		].filter(Boolean);
		if (missing.length) {
			throw new Error(
				`test/providers/${file} lacks ${missing.join(', ')}. A fixture exports \`demo\`, \`recipe\` and \`badInput\`; \`listPaging\` when \`demo.listOperation\` is set; \`demo.newRecord\` and \`demo.growingList\` together, both with \`triggerExamples\`, and \`triggers\` with them; where they apply, the other fields of ProviderFixture (test/providers/index.ts).`,
			);
		}
		return fixture as ProviderFixture;
	})
	// The demo's ports give the order: OurPeople (5801) first.
	.sort((a, b) => a.demo.port - b.demo.port);
