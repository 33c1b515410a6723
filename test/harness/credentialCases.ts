import type { ICredentialDataDecryptedObject, ICredentialType } from 'n8n-workflow';
import type { TokenProvider } from '../../package/credentials/common/types';
import { tokenExchange } from '../../package/credentials/providers/tokenExchange';
import { demoProviders } from '../demo/providers';
import type { DemoProvider } from '../demo/providers';
import type { FakeProvider } from '../fakes/fakeProvider';
import { credentialTypeNamed } from './packageManifest';
import { recipes } from './tokenExchangeRecipes';
import type { Recipe as TokenExchangeRecipe } from './tokenExchangeRecipes';

/**
 * One entry per credential of the package, for the suites that must hold for every one of them
 * (faults, concurrency, security, bad input). The data comes from the demo providers and the
 * Token Exchange recipes, the credential types from package/package.json: a provider with a demo
 * entry and a recipe is covered everywhere.
 */
export interface CredentialCase {
	/** The provider name every message of this credential starts with, e.g. "OurPeople". */
	name: string;
	credentialType: string;
	createType(): ICredentialType;
	/** A fake provider (not started) whose tokens live `lifetimeSeconds`. */
	createFake(lifetimeSeconds: number): FakeProvider;
	/** The credential as a user fills it in, for a fake listening at `url`. */
	fields(url: string): ICredentialDataDecryptedObject;
	/** A read-only API path that needs the token. */
	apiPath: string;
	/** Whether the provider hands out refresh tokens, each spent once. */
	rotatesRefreshTokens: boolean;
	/** A list operation of the credential's node, where it has one. */
	listOperation?: { resource: string; operation: string };
}

const SECRET_FIELDS = ['clientSecret', 'password'];

/** The Token Exchange recipe for `provider`; a missing one says what to add. */
function recipeFor(provider: TokenProvider): TokenExchangeRecipe {
	const recipe = recipes.find((entry) => entry.provider === provider.name);
	if (!recipe) {
		throw new Error(
			`test/harness/tokenExchangeRecipes.ts has no recipe for ${provider.name}: add how the Token Exchange credential signs in to it`,
		);
	}
	return recipe;
}

function providerCase(demo: DemoProvider): CredentialCase {
	const { provider } = demo;
	const recipe = recipeFor(provider);
	return {
		name: provider.name,
		credentialType: provider.credentialType,
		createType: () => credentialTypeNamed(provider.credentialType),
		createFake: (lifetime) => demo.createFake(lifetime),
		fields: (url) => demo.credentialData(url) as ICredentialDataDecryptedObject,
		apiPath: recipe.apiPath,
		rotatesRefreshTokens: recipe.refreshes,
		listOperation: demo.listOperation,
	};
}

/** The generic credential filled in as `recipe` says. */
export function tokenExchangeCase(recipe: TokenExchangeRecipe): CredentialCase {
	return {
		name: tokenExchange.name,
		credentialType: tokenExchange.credentialType,
		createType: () => credentialTypeNamed(tokenExchange.credentialType),
		createFake: (lifetime) => recipe.createFake(lifetime),
		fields: (url) => recipe.fields(url) as ICredentialDataDecryptedObject,
		apiPath: recipe.apiPath,
		rotatesRefreshTokens: recipe.refreshes,
	};
}

/** The generic credential, filled in as the OurPeople recipe says (JSON sign-in, rotating refresh). */
const tokenExchangeRecipe = recipes.find((entry) => entry.provider === 'OurPeople')!;

/** Every provider of the demo (test/demo/providers.ts), and the generic credential. */
export const credentialCases: CredentialCase[] = [
	...demoProviders.map(providerCase),
	tokenExchangeCase(tokenExchangeRecipe),
];

export function caseFor(credentialType: string): CredentialCase {
	const found = credentialCases.find((entry) => entry.credentialType === credentialType);
	if (!found) throw new Error(`no credential case for ${credentialType}`);
	return found;
}

/** The fields holding a secret the user typed (client secret, password). */
export function secretFieldsOf(fields: ICredentialDataDecryptedObject): string[] {
	return SECRET_FIELDS.filter((name) => typeof fields[name] === 'string' && fields[name] !== '');
}

/** The fields holding a URL of the fake at `url` (API URL, sign-in URL...). */
export function urlFieldsOf(fields: ICredentialDataDecryptedObject, url: string): string[] {
	return Object.keys(fields).filter(
		(name) => typeof fields[name] === 'string' && (fields[name] as string).startsWith(url),
	);
}
