import { clientPair, field, firstProblem, required } from '../common/fields';
import type { Credentials, TokenProvider } from '../common/types';
import { checkApiUrl, problemOf, urlOf } from '../common/url';

const EXAMPLE_URL = 'https://example-api.ourpeople.co';

function apiUrlCheck(credentials: Credentials) {
	return checkApiUrl(credentials.apiUrl, 'API URL', EXAMPLE_URL);
}

/** The docs: a console at https://example.ourpeople.co has its API at https://example-api.ourpeople.co. */
function consoleUrlProblem(credentials: Credentials) {
	const check = apiUrlCheck(credentials);
	if (!('url' in check)) return undefined;
	const account = /^([a-z0-9-]+)\.ourpeople\.co$/i.exec(check.url.hostname)?.[1];
	return (
		account !== undefined &&
		!/-api$/i.test(account) &&
		`${check.url.origin} is the address of your OurPeople console, not of its API: enter https://${account}-api.ourpeople.co as the API URL`
	);
}

/** Spec: "OurPeople, Authentication" (https://developer.ourpeople.com/docs/api/authentication) */
export const ourPeople: TokenProvider = {
	name: 'OurPeople',
	credentialType: 'ourPeopleApi',

	validate(credentials) {
		const url = apiUrlCheck(credentials);
		return firstProblem(
			problemOf(url),
			consoleUrlProblem(credentials),
			required(credentials, 'clientId', 'Client ID', 'supplied by OurPeople with API access'),
			required(
				credentials,
				'clientSecret',
				'Client Secret',
				'supplied by OurPeople with the Client ID',
			),
		);
	},

	/** Each account has its own API host; the documented paths start at its root. */
	apiBaseUrl(credentials) {
		return urlOf(apiUrlCheck(credentials)).origin;
	},

	identity(credentials) {
		return [this.apiBaseUrl(credentials), ...clientPair(credentials)];
	},

	secrets(credentials) {
		return [field(credentials, 'clientSecret')];
	},

	signInRequest(credentials) {
		return {
			method: 'POST',
			url: `${this.apiBaseUrl(credentials)}/v1/auth`,
			headers: { 'Content-Type': 'application/json' },
			body: { id: field(credentials, 'clientId'), secret: field(credentials, 'clientSecret') },
		};
	},

	refreshRequest(credentials, refreshToken) {
		return {
			method: 'POST',
			url: `${this.apiBaseUrl(credentials)}/v1/auth/refresh`,
			headers: { 'Content-Type': 'application/json' },
			body: { refresh_token: refreshToken },
		};
	},

	// The docs show no expires_in: expiry comes from the JWT's exp claim.
	responseFields: () => ({
		accessToken: 'token',
		refreshToken: 'refresh_token',
		expiresIn: 'expires_in',
	}),

	signInFix:
		"Check the Client ID and Client Secret OurPeople supplied, and that the API URL is your account's API endpoint (e.g. https://example-api.ourpeople.co).",
};
