import { clientPair, basicAuthorization, field, firstProblem, required } from '../common/fields';
import type { Credentials, TokenProvider } from '../common/types';
import { checkApiUrl, problemOf, urlOf } from '../common/url';
import type { UrlCheck } from '../common/url';

/** Blynk.Cloud's public servers; the region is shown at the bottom right of Blynk.Console. */
export const BLYNK_SERVERS = [
	{ name: 'Global (blynk.cloud)', value: 'blynk.cloud' },
	{ name: 'Frankfurt (fra1.blynk.cloud)', value: 'fra1.blynk.cloud' },
	{ name: 'London (lon1.blynk.cloud)', value: 'lon1.blynk.cloud' },
	{ name: 'New York (ny3.blynk.cloud)', value: 'ny3.blynk.cloud' },
	{ name: 'Singapore (sgp1.blynk.cloud)', value: 'sgp1.blynk.cloud' },
	{ name: 'Bangalore (blr1.blynk.cloud)', value: 'blr1.blynk.cloud' },
];

export const CUSTOM_SERVER = 'custom';
export const CREDENTIAL_LOCATIONS = ['header', 'query'] as const;

const EXAMPLE_URL = 'https://blynk.example.com';

function serverUrl(credentials: Credentials): UrlCheck {
	const server = field(credentials, 'server');
	if (server === CUSTOM_SERVER)
		return checkApiUrl(credentials.customServer, 'Custom Server URL', EXAMPLE_URL);
	if (BLYNK_SERVERS.some((option) => option.value === server))
		return { url: new URL(`https://${server}`) };
	return {
		problem: `choose a Server (one of ${BLYNK_SERVERS.map((o) => o.value).join(', ')}, or Custom)`,
	};
}

function inQuery(credentials: Credentials): boolean {
	return field(credentials, 'credentialLocation') === 'query';
}

/**
 * The token endpoint takes everything in the query string. The URL is built here, form-encoded,
 * rather than through n8n's `qs` (which encodes differently), so the secret travels in exactly
 * a form the lifecycle redacts.
 */
function tokenRequest(credentials: Credentials, grant: Record<string, string>) {
	const query = new URLSearchParams(grant);
	const headers: Record<string, string> = {};
	if (inQuery(credentials)) {
		query.set('client_id', field(credentials, 'clientId'));
		query.set('client_secret', field(credentials, 'clientSecret'));
	} else {
		headers.Authorization = basicAuthorization(credentials);
	}
	return {
		method: 'POST' as const,
		url: `${blynk.apiBaseUrl(credentials)}/oauth2/token?${query.toString()}`,
		headers,
	};
}

/** Spec: "Blynk Organization API, Authentication" (https://docs.blynk.io/en/blynk.cloud/platform-https-api/authentication) */
export const blynk: TokenProvider = {
	name: 'Blynk',
	credentialType: 'blynkApi',

	validate(credentials) {
		const url = serverUrl(credentials);
		const location = field(credentials, 'credentialLocation') || 'header';
		return firstProblem(
			problemOf(url),
			required(
				credentials,
				'clientId',
				'Client ID',
				'Blynk.Console → Settings → Developers → OAuth2',
			),
			required(
				credentials,
				'clientSecret',
				'Client Secret',
				'next to the Client ID: Blynk.Console → Settings → Developers → OAuth2',
			),
			!(CREDENTIAL_LOCATIONS as readonly string[]).includes(location) &&
				'choose where to send the client credentials: Authorization header or query string',
		);
	},

	/** The Organization API and the token endpoint live at the root of the chosen server. */
	apiBaseUrl(credentials) {
		return urlOf(serverUrl(credentials)).origin;
	},

	identity(credentials) {
		return [this.apiBaseUrl(credentials), ...clientPair(credentials)];
	},

	secrets(credentials) {
		return [field(credentials, 'clientSecret')];
	},

	signInRequest(credentials) {
		return tokenRequest(credentials, { grant_type: 'client_credentials' });
	},

	refreshRequest(credentials, refreshToken) {
		return tokenRequest(credentials, { grant_type: 'refresh_token', refresh_token: refreshToken });
	},

	responseFields: () => ({
		accessToken: 'access_token',
		refreshToken: 'refresh_token',
		expiresIn: 'expires_in',
	}),

	signInFix:
		'Check the Client ID and Client Secret (Blynk.Console → Settings → Developers → OAuth2) and that the Server is the region your organization is on (shown at the bottom right of Blynk.Console).',
};
