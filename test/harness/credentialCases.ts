import type { ICredentialDataDecryptedObject, ICredentialType } from 'n8n-workflow';
import { tokenExchange } from '../../package/credentials/providers/tokenExchange';
import type { FakeProvider } from '../fakes/fakeProvider';
import { providerFixtures } from '../providers';
import type { FieldMistake, ListPaging, ProviderFixture } from '../providers';
import { credentialTypeNamed } from './packageManifest';
import { recipes } from './tokenExchangeRecipes';
import type { Recipe as TokenExchangeRecipe } from './tokenExchangeRecipes';

/**
 * One entry per credential of the package, for the suites that must hold for every one of them
 * (faults, concurrency, security, bad input). The data comes from the provider fixtures
 * (test/providers/), the credential types from package/package.json: a provider with a fixture
 * is covered everywhere.
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
	/** A list operation of the credential's node, where it has one, and how its list pages. */
	listOperation?: { resource: string; operation: string };
	listPaging?: ListPaging;
	/** Mistakes only this credential's fields allow. */
	badInput: FieldMistake[];
}

const SECRET_FIELDS = ['clientSecret', 'password'];

function providerCase({ demo, recipe, badInput, listPaging }: ProviderFixture): CredentialCase {
	const { provider } = demo;
	return {
		name: provider.name,
		credentialType: provider.credentialType,
		createType: () => credentialTypeNamed(provider.credentialType),
		createFake: (lifetime) => demo.createFake(lifetime),
		fields: (url) => demo.credentialData(url) as ICredentialDataDecryptedObject,
		apiPath: recipe.apiPath,
		rotatesRefreshTokens: recipe.refreshes,
		listOperation: demo.listOperation,
		listPaging,
		badInput,
	};
}

/** The generic credential filled in as `recipe` says, with the mistakes its form allows. */
export function tokenExchangeCase(
	recipe: TokenExchangeRecipe,
	badInput: CredentialCase['badInput'] = [],
): CredentialCase {
	return {
		name: tokenExchange.name,
		credentialType: tokenExchange.credentialType,
		createType: () => credentialTypeNamed(tokenExchange.credentialType),
		createFake: (lifetime) => recipe.createFake(lifetime),
		fields: (url) => recipe.fields(url) as ICredentialDataDecryptedObject,
		apiPath: recipe.apiPath,
		rotatesRefreshTokens: recipe.refreshes,
		badInput,
	};
}

/** The generic credential, filled in as the first recipe with a (rotating) refresh says. */
const tokenExchangeRecipe = recipes.find((entry) => entry.refreshes)!;

/** Every provider (test/providers/), and the generic credential. */
export const credentialCases: CredentialCase[] = [
	...providerFixtures.map(providerCase),
	tokenExchangeCase(tokenExchangeRecipe, [
		[
			'signInParameters',
			'{"grant_type": client_credentials}',
			/Sign-In Parameters must be a JSON object, e\.g\. \{"grant_type"/,
		],
		['signInQuery', '["partnerId", 1]', /Sign-In Query Parameters must be a JSON object/],
		['refreshParameters', '"refresh_token"', /Refresh Parameters must be a JSON object/],
		[
			'defaultLifetimeSeconds',
			'2030-01-31T00:00:00Z',
			/Default Lifetime is in seconds, e\.g\. 3600, not a date .*read from the Expiry Path/,
		],
		[
			'defaultLifetimeSeconds',
			'1893456000',
			/Default Lifetime is in seconds, e\.g\. 3600, not a date/,
		],
		['signInMethod', 'secret', /enter the Secret \(the API key or refresh token/],
		['sendAs', 'cookie', /enter the Cookie Name the API reads the token from/],
		['clientIdField', 'auth..id', /Client ID Field "auth\.\.id" has an empty name between dots/],
		['signInMethod', 'privateKeyJwt', /enter the Private Key \(PEM\)/],
	]),
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

/** Characters that URL- and form-encoding change, so every encoded form is a different string. */
const WRONG_SECRET = 'Wrong secret+42/&=%';

/** The secret fields of a credential (client secret, password), each set to WRONG_SECRET. */
export function wrongSecrets(rig: {
	fields(): ICredentialDataDecryptedObject;
}): Record<string, string> {
	return Object.fromEntries(secretFieldsOf(rig.fields()).map((name) => [name, WRONG_SECRET]));
}
