import type { Credentials, TokenProvider } from '../../package/credentials/common/types';
import { comm100 } from '../../package/credentials/providers/comm100';
import { cultureAmp, PRODUCTION_ENTITY_ID } from '../../package/credentials/providers/cultureAmp';
import { ourPeople } from '../../package/credentials/providers/ourPeople';

/** A web console's address where the API's belongs is caught; the API's own addresses are not. */
const filledIn: Record<string, [TokenProvider, string, Credentials]> = {
	OurPeople: [ourPeople, 'apiUrl', { clientId: 'id', clientSecret: 'secret' }],
	'Culture Amp': [
		cultureAmp,
		'baseUrl',
		{
			clientId: 'id',
			clientSecret: 'secret',
			entityId: PRODUCTION_ENTITY_ID,
			permissions: ['employees-read'],
		},
	],
	Comm100: [
		comm100,
		'baseUrl',
		{ partnerId: '10000', clientId: 'id', email: 'a@b.co', password: 'pw' },
	],
};

function problemWith(providerName: string, url: string): string | undefined {
	const [provider, field, rest] = filledIn[providerName];
	return provider.validate({ ...rest, [field]: url });
}

it.each([
	['OurPeople', 'https://example-api.ourpeople.co'],
	['OurPeople', 'https://api.example.com'],
	['Culture Amp', 'https://api.cultureamp.com/v1'],
	['Culture Amp', 'https://sandbox.public-api.development.cultureamp.net'],
	['Comm100', 'https://partner.comm100.io'],
	['Comm100', 'https://api11.comm100.io'],
])('%s takes its API at %s', (provider, url) => {
	expect(problemWith(provider, url)).toBeUndefined();
});

it.each([
	[
		'OurPeople',
		'https://Example.ourpeople.co/login',
		'enter https://example-api.ourpeople.co as the API URL',
	],
	['Culture Amp', 'https://app.cultureamp.com', 'enter https://api.cultureamp.com as the API URL'],
	['Culture Amp', 'https://cultureamp.com', 'enter https://api.cultureamp.com as the API URL'],
	['Comm100', 'https://dash12.comm100.io', 'enter https://partner.comm100.io as the API Host'],
	['Comm100', 'https://www.comm100.com', 'enter https://partner.comm100.io as the API Host'],
])('%s says what to enter instead of its console at %s', (provider, url, says) => {
	expect(problemWith(provider, url)).toContain(says);
});
