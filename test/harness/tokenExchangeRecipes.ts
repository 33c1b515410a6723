import type { FakeProvider } from '../fakes/fakeProvider';
import { providerFixtures } from '../providers';

/**
 * The generic Token Exchange credential filled in for each of the four providers (the recipes
 * in package/README.md), used to prove the lifecycle holds nothing provider-specific.
 */
export interface Recipe {
	provider: string;
	createFake(lifetimeSeconds: number): FakeProvider;
	/** The credential's fields, for a fake listening at `url`. */
	fields(url: string): Record<string, string | boolean>;
	/** A read-only API path that needs the token. */
	apiPath: string;
	/** Whether the provider hands out refresh tokens (rotated on every use). */
	refreshes: boolean;
}

/** One recipe per file in test/providers/. */
export const recipes: Recipe[] = providerFixtures.map((fixture) => fixture.recipe);
