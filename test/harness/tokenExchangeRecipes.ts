import { CULTURE_AMP_ENTITY_ID, FakeCultureAmp } from '../fakes/cultureAmp';
import { DEMO_AGENT, FakeComm100 } from '../fakes/comm100';
import { DEMO_CLIENT, FakeBlynk } from '../fakes/blynk';
import type { FakeProvider } from '../fakes/fakeProvider';
import { FakeOurPeople } from '../fakes/ourPeople';

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

export const recipes: Recipe[] = [
	{
		provider: 'OurPeople',
		createFake: (lifetime) => new FakeOurPeople({ tokenLifetimeSeconds: lifetime }),
		fields: (url) => ({
			apiUrl: url,
			testPath: '/v1/users',
			signInUrl: `${url}/v1/auth`,
			signInFormat: 'json',
			clientAuthentication: 'body',
			clientId: 'demo-client',
			clientSecret: 'demo-secret-0123456789',
			clientIdField: 'id',
			clientSecretField: 'secret',
			signInParameters: '{}',
			tokenPath: 'token',
			refreshUrl: `${url}/v1/auth/refresh`,
			refreshFormat: 'json',
			refreshParameters: '{}',
		}),
		apiPath: '/v1/users',
		refreshes: true,
	},
	{
		provider: 'Culture Amp',
		createFake: (lifetime) => new FakeCultureAmp({ tokenLifetimeSeconds: lifetime }),
		fields: (url) => ({
			apiUrl: url,
			testPath: '/v1/employees',
			signInUrl: `${url}/v1/oauth2/token`,
			signInFormat: 'form',
			clientAuthentication: 'basic',
			clientId: 'demo-client',
			clientSecret: 'demo-secret-0123456789',
			signInParameters: JSON.stringify({
				grant_type: 'client_credentials',
				scope: `target-entity:${CULTURE_AMP_ENTITY_ID}:employees-read`,
			}),
		}),
		apiPath: '/v1/employees',
		refreshes: false,
	},
	{
		provider: 'Comm100',
		createFake: (lifetime) => new FakeComm100({ tokenLifetimeSeconds: lifetime }),
		fields: (url) => ({
			apiUrl: url,
			testPath: '/oauth/userinfo',
			signInUrl: `${url}/oauth/token`,
			signInFormat: 'form',
			clientAuthentication: 'body',
			clientId: DEMO_AGENT.clientIds[0],
			username: DEMO_AGENT.email,
			password: DEMO_AGENT.password,
			usernameField: 'email',
			signInParameters: '{"grant_type": "password"}',
			signInQuery: JSON.stringify({ partnerId: DEMO_AGENT.partnerId }),
		}),
		apiPath: '/oauth/userinfo',
		refreshes: false,
	},
	{
		provider: 'Blynk',
		createFake: (lifetime) => new FakeBlynk({ tokenLifetimeSeconds: lifetime }),
		fields: (url) => ({
			apiUrl: url,
			testPath: '/api/v1/organization/profile',
			signInUrl: `${url}/oauth2/token`,
			clientAuthentication: 'basic',
			clientId: DEMO_CLIENT.id,
			clientSecret: DEMO_CLIENT.secret,
			signInParameters: '{}',
			signInQuery: '{"grant_type": "client_credentials"}',
			refreshUrl: `${url}/oauth2/token`,
			refreshLocation: 'query',
			refreshParameters: '{"grant_type": "refresh_token"}',
		}),
		apiPath: '/api/v1/organization/profile',
		refreshes: true,
	},
];
