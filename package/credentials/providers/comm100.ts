import { field, firstProblem, required } from '../common/fields';
import type { Credentials, TokenProvider } from '../common/types';
import { checkApiUrl, problemOf, urlOf } from '../common/url';

export const COMM100_DEFAULT_HOST = 'https://partner.comm100.io';

function hostCheck(credentials: Credentials) {
	return checkApiUrl(credentials.baseUrl, 'API host', COMM100_DEFAULT_HOST);
}

/** Comm100's Control Panel (dashNN.comm100.io) and web site are not the API host. */
function controlPanelProblem(credentials: Credentials) {
	const host = hostCheck(credentials);
	if (!('url' in host)) return undefined;
	return (
		/^(dash\d*\.comm100\.io|(www\.)?comm100\.com)$/i.test(host.url.hostname) &&
		`${host.url.origin} is Comm100's Control Panel or web site, not its API: enter ${COMM100_DEFAULT_HOST} as the API Host (or the API host Comm100 gave you)`
	);
}

/** The partner id alone (e.g. 10000): not a URL, a "partnerId=" pair, or words around it. */
function partnerIdProblem(credentials: Credentials) {
	const partnerId = field(credentials, 'partnerId');
	return (
		partnerId !== '' &&
		!/^[A-Za-z0-9_-]+$/.test(partnerId) &&
		'the Partner ID must be the ID alone, e.g. 10000 (no spaces, URL or "partnerId=")'
	);
}

/** A typo check only: the address itself is never put in a message (it is personal data). */
function emailProblem(credentials: Credentials) {
	const email = field(credentials, 'email');
	return (
		email !== '' &&
		!/^[^@\s]+@[^@\s]+$/.test(email) &&
		'the Email must be an email address, e.g. name@company.com'
	);
}

/** Spec: "Comm100 Partner API, OAuth API" (https://developer.comm100.com/docs/partner-api-oauth-open-api) (OAuth API, password grant). */
export const comm100: TokenProvider = {
	name: 'Comm100',
	credentialType: 'comm100Api',

	validate(credentials) {
		const host = hostCheck(credentials);
		return firstProblem(
			problemOf(host),
			controlPanelProblem(credentials),
			required(
				credentials,
				'partnerId',
				'Partner ID',
				'the ID of your Comm100 partner account, e.g. 10000',
			),
			partnerIdProblem(credentials),
			required(
				credentials,
				'clientId',
				'Client ID',
				'the ID of an OAuth client created in the Comm100 partner portal',
			),
			required(credentials, 'email', 'Email', 'the email you sign in to Comm100 with'),
			emailProblem(credentials),
			required(credentials, 'password', 'Password', 'the password of that Comm100 account'),
		);
	},

	/** The token endpoint and the API share one host; the documented paths start at its root. */
	apiBaseUrl(credentials) {
		return urlOf(hostCheck(credentials)).origin;
	},

	identity(credentials) {
		return [
			this.apiBaseUrl(credentials),
			field(credentials, 'partnerId'),
			field(credentials, 'clientId'),
			field(credentials, 'email'),
			field(credentials, 'password'),
		];
	},

	secrets(credentials) {
		return [field(credentials, 'password')];
	},

	personalData(credentials) {
		return [field(credentials, 'email')];
	},

	signInRequest(credentials) {
		return {
			method: 'POST',
			url: `${this.apiBaseUrl(credentials)}/oauth/token`,
			qs: { partnerId: field(credentials, 'partnerId') },
			// n8n form-encodes an object body sent with this content type.
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
			body: {
				client_id: field(credentials, 'clientId'),
				grant_type: 'password',
				email: field(credentials, 'email'),
				password: field(credentials, 'password'),
			},
		};
	},

	// No refresh grant is documented (the Quick Start's sample answer shows a refresh_token, the
	// OAuth API page does not): a token due for renewal is replaced by signing in again.
	responseFields: () => ({ accessToken: 'access_token', expiresIn: 'expires_in' }),

	signInFix:
		'Check the Partner ID, the Client ID of an OAuth client of that partner, and the email and password you sign in to Comm100 with.',

	// The docs show no error answers; these read Comm100's words (OAuth error codes or text).
	signInFixFor(_status, said = '') {
		if (/lock/i.test(said)) {
			return 'The Comm100 account is locked: have it unlocked in Comm100 (or wait until the lock ends), then run the workflow again.';
		}
		if (/partner/i.test(said))
			return 'Check the Partner ID: the ID of your Comm100 partner account, e.g. 10000.';
		if (/client/i.test(said))
			return 'Check the Client ID: an OAuth client created in the Comm100 partner portal for this partner.';
		if (/invalid_grant|password|email/i.test(said))
			return 'Check the email and password you sign in to Comm100 with.';
		return undefined;
	},
};
