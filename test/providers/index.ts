import { readdirSync } from 'fs';
import { join } from 'path';
import type { DemoProvider } from '../demo/providers';
import type { Recipe } from '../harness/tokenExchangeRecipes';

/**
 * Every provider the tests, the demo and the benchmark know: one file each in this folder,
 * `test/providers/<provider>.ts`, exporting its `demo` entry and its Token Exchange `recipe`.
 * A new file here is picked up everywhere; nothing else lists providers.
 */
export interface ProviderFixture {
	demo: DemoProvider;
	recipe: Recipe;
}

export const providerFixtures: ProviderFixture[] = readdirSync(__dirname)
	.filter((file) => /\.ts$/.test(file) && file !== 'index.ts')
	.map((file) => {
		const fixture = require(join(__dirname, file)) as Partial<ProviderFixture>;
		if (!fixture.demo || !fixture.recipe) {
			throw new Error(
				`test/providers/${file} must export a \`demo\` entry and a Token Exchange \`recipe\``,
			);
		}
		return fixture as ProviderFixture;
	})
	// The demo's ports give the order: OurPeople (5801) first.
	.sort((a, b) => a.demo.port - b.demo.port);
