import type { FakeProvider } from '../fakes/fakeProvider';
import { providerFixtures } from '../providers';
import { styleRecipes } from './tokenExchangeStyles';

/**
 * The generic Token Exchange credential filled in for each provider fixture, and for one
 * real API of each other sign-in style (the recipes in package/README.md), used to prove the
 * lifecycle holds nothing provider-specific.
 */
export interface Recipe {
	provider: string;
	createFake(lifetimeSeconds: number): FakeProvider;
	/**
	 * The credential's fields, for a fake listening at `url`; `lifetimeSeconds` is what its
	 * tokens live, for an API whose answer names no expiry (the Default Lifetime a user enters).
	 */
	fields(url: string, lifetimeSeconds?: number): Record<string, string | number | boolean>;
	/** A read-only API path that needs the token. */
	apiPath: string;
	/** Whether the provider hands out refresh tokens (rotated on every use). */
	refreshes: boolean;
}

/** One recipe per file in test/providers/, then one per sign-in style (tokenExchangeStyles.ts). */
export const recipes: Recipe[] = [
	...providerFixtures.map((fixture) => fixture.recipe),
	...styleRecipes,
];
