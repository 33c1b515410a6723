import type { ICredentialDataDecryptedObject, ICredentialType } from 'n8n-workflow';
import { BlynkApi } from '../../package/credentials/BlynkApi.credentials';
import { Comm100Api } from '../../package/credentials/Comm100Api.credentials';
import type { TokenProvider } from '../../package/credentials/common/types';
import { CultureAmpApi } from '../../package/credentials/CultureAmpApi.credentials';
import { OurPeopleApi } from '../../package/credentials/OurPeopleApi.credentials';
import { blynk } from '../../package/credentials/providers/blynk';
import { comm100 } from '../../package/credentials/providers/comm100';
import { cultureAmp } from '../../package/credentials/providers/cultureAmp';
import { ourPeople } from '../../package/credentials/providers/ourPeople';
import { tokenExchange } from '../../package/credentials/providers/tokenExchange';
import { TokenExchangeApi } from '../../package/credentials/TokenExchangeApi.credentials';
import { demoProviders } from '../demo/providers';
import type { FakeProvider } from '../fakes/fakeProvider';
import { recipes } from './tokenExchangeRecipes';

/**
 * One entry per credential of the package, for the suites that must hold for every one of them
 * (faults, concurrency, security, bad input). The data comes from the demo providers and the
 * Token Exchange recipes; adding a credential there and one line here covers it everywhere.
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
}

const SECRET_FIELDS = ['clientSecret', 'password'];

function providerCase(
	provider: TokenProvider,
	createType: () => ICredentialType,
	recipeName: string,
): CredentialCase {
	const demo = demoProviders.find((entry) => entry.credential.type === provider.credentialType)!;
	const recipe = recipes.find((entry) => entry.provider === recipeName)!;
	return {
		name: provider.name,
		credentialType: provider.credentialType,
		createType,
		createFake: (lifetime) => demo.createFake(lifetime),
		fields: (url) => demo.credentialData(url) as ICredentialDataDecryptedObject,
		apiPath: recipe.apiPath,
		rotatesRefreshTokens: recipe.refreshes,
	};
}

/** The generic credential, filled in as the OurPeople recipe says (JSON sign-in, rotating refresh). */
const tokenExchangeRecipe = recipes.find((entry) => entry.provider === 'OurPeople')!;

export const credentialCases: CredentialCase[] = [
	providerCase(ourPeople, () => new OurPeopleApi(), 'OurPeople'),
	providerCase(cultureAmp, () => new CultureAmpApi(), 'Culture Amp'),
	providerCase(comm100, () => new Comm100Api(), 'Comm100'),
	providerCase(blynk, () => new BlynkApi(), 'Blynk'),
	{
		name: tokenExchange.name,
		credentialType: tokenExchange.credentialType,
		createType: () => new TokenExchangeApi(),
		createFake: (lifetime) => tokenExchangeRecipe.createFake(lifetime),
		fields: (url) => tokenExchangeRecipe.fields(url) as ICredentialDataDecryptedObject,
		apiPath: tokenExchangeRecipe.apiPath,
		rotatesRefreshTokens: tokenExchangeRecipe.refreshes,
	},
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
