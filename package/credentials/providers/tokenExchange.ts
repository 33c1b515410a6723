import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';
import { basicAuthorization, field, firstProblem, httpBasic, withValueAt } from '../common/fields';
import { clientAssertionFields, jwtGrant } from './tokenExchangeJwt';
import {
	choiceProblem,
	CLIENT_ASSERTION_METHODS,
	FORM_DEFAULTS,
	jsonObject,
	lifetimeProblem,
	namesProblem,
	orDefault,
	parameters,
	signInMethod,
	signInProblem,
	urlCheck,
} from './tokenExchangeForm';
import type { JsonField } from './tokenExchangeForm';
import type { Credentials, TokenProvider, TokenSource } from '../common/types';
import { tokenStateProperties } from '../common/storedTokens';
import { DOMAIN_RESTRICTION_FIELDS } from '../common/allowedDomains';
import { problemOf, urlOf } from '../common/url';

/** Fields that do not say how to sign in: the stored token state, n8n's domain restriction. */
const NOT_IDENTITY = new Set([
	...tokenStateProperties.map((property) => property.name),
	...DOMAIN_RESTRICTION_FIELDS,
]);

/** `fields` added to a body: at their dot paths in JSON, under their names in a form. */
function withFields(body: IDataObject, fields: IDataObject, format: string): IDataObject {
	if (format !== 'json') return { ...body, ...fields };
	return Object.entries(fields).reduce(
		(nested, [path, value]) => withValueAt(nested, path, value),
		body,
	);
}

/**
 * How the client (or the HTTP Basic user) proves itself to `tokenUrl`, at the sign-in and the
 * refresh alike: headers, and fields placed where `location` says.
 */
function clientAuthentication(
	credentials: Credentials,
	tokenUrl: string,
): { headers: IDataObject; fields: IDataObject; location: string } {
	const method = signInMethod(credentials);
	const location = orDefault(credentials, 'clientAuthentication');
	if (method === 'userBasic') {
		const basic = httpBasic(field(credentials, 'username'), field(credentials, 'password'));
		return { headers: { Authorization: basic }, fields: {}, location };
	}
	if (CLIENT_ASSERTION_METHODS.has(method)) {
		const fields = clientAssertionFields(credentials, method, tokenUrl);
		return { headers: {}, fields, location: 'body' };
	}
	if (method !== 'clientOrUser') return { headers: {}, fields: {}, location };
	const id = field(credentials, 'clientId');
	const secret = field(credentials, 'clientSecret');
	if (id === '' && secret === '') return { headers: {}, fields: {}, location };
	if (location === 'basic') {
		return {
			headers: { Authorization: basicAuthorization(credentials) },
			fields: {},
			location,
		};
	}
	const fields: IDataObject = {};
	if (id !== '') fields[orDefault(credentials, 'clientIdField')] = id;
	if (secret !== '') fields[orDefault(credentials, 'clientSecretField')] = secret;
	return { headers: {}, fields, location };
}

/** A POST with a JSON or form body (when there is one) and query parameters. */
function post(
	url: string,
	format: string,
	parts: { headers: IDataObject; query: IDataObject; body: IDataObject },
) {
	const hasBody = Object.keys(parts.body).length > 0;
	const contentType = format === 'form' ? 'application/x-www-form-urlencoded' : 'application/json';
	const request: IHttpRequestOptions = {
		method: 'POST',
		url,
		qs: parts.query,
		headers: { ...parts.headers, ...(hasBody ? { 'Content-Type': contentType } : {}) },
	};
	if (hasBody) request.body = parts.body;
	return request;
}

/** `fields` where `location` says, nothing elsewhere. */
const placed = (location: string, fields: IDataObject) => ({
	body: location === 'body' ? fields : {},
	query: location === 'query' ? fields : {},
});

/**
 * The token as a cookie value: characters a cookie value cannot hold (RFC 6265 4.1.1: space,
 * quote, comma, semicolon, backslash, controls) are percent-encoded, so a token cannot add
 * cookies of its own to the request.
 */
const cookieValue = (token: string) =>
	token.replace(/[^\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]/g, (character) =>
		encodeURIComponent(character),
	);

/** What the sign-in alone carries to say who signs in (the refresh has the refresh token). */
function grantOf(credentials: Credentials, tokenUrl: string) {
	const method = signInMethod(credentials);
	if (method === 'jwtBearer' || method === 'jwtAsBearer') {
		return jwtGrant(credentials, method, tokenUrl);
	}
	const fields: IDataObject = {};
	if (method === 'clientOrUser' && field(credentials, 'username') !== '') {
		fields[orDefault(credentials, 'usernameField')] = field(credentials, 'username');
		fields[orDefault(credentials, 'passwordField')] = field(credentials, 'password');
	}
	if (method === 'secret')
		fields[orDefault(credentials, 'secretField')] = field(credentials, 'secret');
	return { headers: {}, fields };
}

/** The refresh request; client authentication applies as for the sign-in. */
function refreshRequest(credentials: Credentials, refreshToken: string): IHttpRequestOptions {
	const url = field(credentials, 'refreshUrl');
	const client = clientAuthentication(credentials, url);
	const clientFields = placed(client.location, client.fields);
	const format = orDefault(credentials, 'refreshFormat');
	const token = { [orDefault(credentials, 'refreshTokenField')]: refreshToken };
	const extra = parameters(credentials, 'refreshParameters');
	const tokenFields =
		orDefault(credentials, 'refreshLocation') === 'body'
			? { body: withFields(extra, token, format), query: {} }
			: { body: {}, query: { ...extra, ...token } };
	return post(url, format, {
		headers: client.headers,
		query: { ...tokenFields.query, ...clientFields.query },
		body: withFields(tokenFields.body, clientFields.body, format),
	});
}

/**
 * The generic credential: every difference a provider declares in code is a field the user
 * fills in here. Field names are the contract of README recipes, examples and tests.
 */
export const tokenExchange: TokenProvider = {
	name: 'Token Exchange',
	credentialType: 'tokenExchangeApi',

	validate(credentials) {
		const json = (name: JsonField) => {
			const parsed = jsonObject(credentials, name);
			return 'problem' in parsed && parsed.problem;
		};
		const hasRefresh = field(credentials, 'refreshUrl') !== '';
		return firstProblem(
			problemOf(urlCheck(credentials, 'apiUrl')),
			problemOf(urlCheck(credentials, 'signInUrl')),
			hasRefresh && problemOf(urlCheck(credentials, 'refreshUrl')),
			json('signInParameters'),
			json('signInQuery'),
			json('refreshParameters'),
			choiceProblem(credentials),
			signInProblem(credentials),
			namesProblem(credentials),
			lifetimeProblem(credentials),
			orDefault(credentials, 'sendAs') === 'cookie' &&
				!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(field(credentials, 'cookieName')) &&
				'enter the Cookie Name the API reads the token from, e.g. PVEAuthCookie (letters, digits, - _ .)',
		);
	},

	apiBaseUrl(credentials) {
		return urlOf(urlCheck(credentials, 'apiUrl')).toString().replace(/\/+$/, '');
	},

	/** Every field that says how to sign in: changing how the sign-in is made or read is a new identity. */
	identity(credentials) {
		return Object.keys(credentials)
			.filter((name) => !NOT_IDENTITY.has(name))
			.sort()
			.map((name) => `${name}=${JSON.stringify(credentials[name] ?? '')}`);
	},

	secrets(credentials) {
		const secrets = ['clientSecret', 'password', 'secret', 'privateKey'].map((name) =>
			field(credentials, name),
		);
		if (signInMethod(credentials) !== 'userBasic') return secrets;
		// The HTTP Basic value is the password in base64: whole, bare, and without its padding.
		const basic = httpBasic(field(credentials, 'username'), field(credentials, 'password'));
		const base64 = basic.slice('Basic '.length);
		return [...secrets, basic, base64, base64.replace(/=+$/, '')];
	},

	personalData(credentials) {
		return [field(credentials, 'username')];
	},

	signInRequest(credentials) {
		const url = urlOf(urlCheck(credentials, 'signInUrl')).toString();
		const client = clientAuthentication(credentials, url);
		const clientFields = placed(client.location, client.fields);
		const grant = grantOf(credentials, url);
		const format = orDefault(credentials, 'signInFormat');
		return post(url, format, {
			headers: { ...client.headers, ...grant.headers },
			query: { ...parameters(credentials, 'signInQuery'), ...clientFields.query },
			body: withFields(
				parameters(credentials, 'signInParameters'),
				{ ...grant.fields, ...clientFields.body },
				format,
			),
		});
	},

	responseFields: (credentials) => ({
		accessToken: orDefault(credentials, 'tokenPath'),
		accessTokenIn: orDefault(credentials, 'answerPart') as TokenSource,
		refreshToken: orDefault(credentials, 'refreshTokenPath'),
		expiresIn: orDefault(credentials, 'expiresInPath'),
		scope: 'scope',
	}),

	/** None without a Refresh URL: the credential signs in again on expiry. */
	refreshRequest: (credentials, refreshToken) =>
		field(credentials, 'refreshUrl') === '' ? undefined : refreshRequest(credentials, refreshToken),

	defaultLifetimeSeconds: (credentials) => Number(credentials.defaultLifetimeSeconds) || undefined,

	sign(accessToken, credentials) {
		const sentAs = orDefault(credentials, 'sendAs');
		if (sentAs === 'query') return {};
		if (sentAs === 'cookie') {
			return { Cookie: `${field(credentials, 'cookieName')}=${cookieValue(accessToken)}` };
		}
		// An empty prefix is a choice (the token alone); only a missing one means the default.
		const prefix =
			typeof credentials.headerPrefix === 'string'
				? credentials.headerPrefix.trim()
				: FORM_DEFAULTS.headerPrefix;
		return {
			[orDefault(credentials, 'headerName')]: prefix ? `${prefix} ${accessToken}` : accessToken,
		};
	},

	signQuery: (accessToken, credentials) =>
		orDefault(credentials, 'sendAs') === 'query'
			? { [orDefault(credentials, 'queryParameter')]: accessToken }
			: undefined,

	signInFix:
		'Check the fields Sign In With shows (client id and secret, user name and password, the secret, or the key, issuer and claims of the JWT), where they are sent, and the Sign-In URL and format.',
};
