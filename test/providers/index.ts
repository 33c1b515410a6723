import { readdirSync } from 'fs';
import { join } from 'path';
import type { Credentials } from '../../package/credentials/common/types';
import type { DemoProvider } from '../demo/providers';
import type { Recipe } from '../harness/tokenExchangeRecipes';
import type { ProviderE2e } from '../harness/providerE2e';

/**
 * Every provider the tests, the demo, CI's front door and the benchmark know: one file each in
 * this folder, `test/providers/<provider>.ts`, exporting its `demo` entry, its Token Exchange
 * `recipe` and its `badInput`, and `consoleUrls` where it has a console of its own. A new file
 * here is picked up everywhere; nothing else lists providers.
 */
export interface ProviderFixture {
	demo: DemoProvider;
	recipe: Recipe;
	/** Mistakes only this provider's fields allow (test/integration/faults/badInput.test.ts adds the URL ones). */
	badInput: FieldMistake[];
	/** Where users paste the address of the provider's web console for its API's (test/unit/consoleUrls.test.ts). */
	consoleUrls?: ConsoleUrls;
	/** What the real-n8n suite checks beyond the demo and recipe (test/e2e/providers.test.ts). */
	e2e?: ProviderE2e;
	/** What its node does beyond what every node does (test/integration/nodes.test.ts). */
	nodeCases?: import('../integration/nodeCases').NodeCases;
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
		if (!fixture.demo || !fixture.recipe || !fixture.badInput) {
			throw new Error(
				`test/providers/${file} must export a \`demo\` entry, a Token Exchange \`recipe\` and its \`badInput\` cases`,
			);
		}
		return fixture as ProviderFixture;
	})
	// The demo's ports give the order: OurPeople (5801) first.
	.sort((a, b) => a.demo.port - b.demo.port);
