import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';
import {
	basicAuthorization,
	dotPathProblem,
	field,
	firstProblem,
	httpBasic,
	isJsonObject,
	parsedJson,
	withValueAt,
} from '../common/fields';
import { expiryMomentOf } from '../common/expiryMoment';
import { clientAssertionFields, JWT_METHODS, jwtGrant, jwtProblem } from './tokenExchangeJwt';
import type { Credentials, TokenProvider, TokenSource } from '../common/types';
import { tokenStateProperties } from '../common/storedTokens';
import { DOMAIN_RESTRICTION_FIELDS } from '../common/allowedDomains';
import { checkApiUrl, problemOf, urlOf } from '../common/url';

/** Fields that do not say how to sign in: the stored token state, n8n's domain restriction. */
const NOT_IDENTITY = new Set([
	...tokenStateProperties.map((property) => property.name),
	...DOMAIN_RESTRICTION_FIELDS,
]);

/**
 * The generic credential: every difference a provider declares in code is a field the user
 * fills in here. Field names are the contract of README recipes, examples and tests.
 */

const JSON_FIELDS = {
	signInParameters: 'Sign-In Parameters',
	signInQuery: 'Sign-In Query Parameters',
	refreshParameters: 'Refresh Parameters',
} as const;

type JsonField = keyof typeof JSON_FIELDS;

/** A JSON-object field; `problem` says which field and what is wrong. */
function jsonObject(
	credentials: Credentials,
	name: JsonField,
): { value: IDataObject } | { problem: string } {
	const raw = credentials[name] === undefined ? FORM_DEFAULTS[name] : credentials[name];
	if (typeof raw === 'string' && raw.trim() === '') return { value: {} };
	const parsed = parsedJson(typeof raw === 'string' ? raw.trim() : raw);
	if (isJsonObject(parsed)) return { value: parsed };
	return {
		problem: `${JSON_FIELDS[name]} must be a JSON object, e.g. {"grant_type": "client_credentials"}`,
	};
}

function parameters(credentials: Credentials, name: JsonField): IDataObject {
	const parsed = jsonObject(credentials, name);
	if ('problem' in parsed) throw new Error(parsed.problem);
	return parsed.value;
}

const URL_FIELDS = {
	apiUrl: ['API URL', 'https://api.example.com/v1'],
	signInUrl: ['Sign-In URL', 'https://api.example.com/oauth/token'],
	refreshUrl: ['Refresh URL', 'https://api.example.com/oauth/token'],
} as const;

const urlCheck = (credentials: Credentials, name: keyof typeof URL_FIELDS) =>
	checkApiUrl(credentials[name], URL_FIELDS[name][0], URL_FIELDS[name][1]);

/**
 * The form's defaults: a field left empty (or missing) means what the form shows for it. The
 * credential's properties repeat these literals, as n8n's lint wants them there; a test keeps
 * the two equal.
 */
const FORM_DEFAULTS = {
	signInFormat: 'form',
	signInMethod: 'clientOrUser',
	secretField: 'apikey',
	clientAuthentication: 'basic',
	signInParameters: '{"grant_type": "client_credentials"}',
	signInQuery: '{}',
	clientIdField: 'client_id',
	clientSecretField: 'client_secret',
	usernameField: 'username',
	passwordField: 'password',
	answerPart: 'body',
	tokenPath: 'access_token',
	refreshTokenPath: 'refresh_token',
	expiresInPath: 'expires_in',
	refreshFormat: 'form',
	refreshLocation: 'body',
	refreshTokenField: 'refresh_token',
	refreshParameters: '{"grant_type": "refresh_token"}',
	headerName: 'Authorization',
	headerPrefix: 'Bearer',
	sendAs: 'header',
	queryParameter: 'access_token',
} as const;

function orDefault(credentials: Credentials, name: keyof typeof FORM_DEFAULTS): string {
	return field(credentials, name) || FORM_DEFAULTS[name];
}

/**
 * How the API signs in (the form's Sign In With): a client id and secret and/or a user name and
 * password, each where the form says; a user name and password as HTTP Basic; a secret alone
 * (an API key, a long-lived refresh token) in one body field.
 */
type SignInMethod =
	| 'clientOrUser'
	| 'userBasic'
	| 'secret'
	| 'clientSecretJwt'
	| 'privateKeyJwt'
	| 'jwtBearer'
	| 'jwtAsBearer';

/** The methods whose client proves itself with a signed JWT (RFC 7523 2.2). */
const CLIENT_ASSERTION_METHODS = new Set<string>(['clientSecretJwt', 'privateKeyJwt']);

const signInMethod = (credentials: Credentials) =>
	orDefault(credentials, 'signInMethod') as SignInMethod;

/** The body fields that name where a value goes; dot paths in a JSON body. */
const NAME_FIELDS = {
	clientIdField: 'Client ID Field',
	clientSecretField: 'Client Secret Field',
	usernameField: 'User Name Field',
	passwordField: 'Password Field',
	secretField: 'Secret Field',
	refreshTokenField: 'Refresh Token Field',
} as const;

/** What is wrong with a field name used as a dot path in a JSON body, if anything. */
function namesProblem(credentials: Credentials): string | undefined {
	const json = (format: 'signInFormat' | 'refreshFormat') => orDefault(credentials, format) === 'json';
	for (const [name, label] of Object.entries(NAME_FIELDS) as Array<[keyof typeof NAME_FIELDS, string]>) {
		if (!json(name === 'refreshTokenField' ? 'refreshFormat' : 'signInFormat')) continue;
		const path = orDefault(credentials, name);
		const problem = dotPathProblem(path);
		if (problem) {
			return `${label} "${path}" ${problem}: enter a field name, or a dot path such as auth.user.name`;
		}
	}
	return undefined;
}

/** `fields` added to a body: at their dot paths in JSON, under their names in a form. */
function withFields(body: IDataObject, fields: IDataObject, format: string): IDataObject {
	if (format !== 'json') return { ...body, ...fields };
	return Object.entries(fields).reduce(
		(nested, [path, value]) => withValueAt(nested, path, value),
		body,
	);
}

/** The choices of the form's option fields that are new with the sign-in styles. */
const CHOICES = {
	signInMethod: {
		label: 'Sign In With',
		values: ['clientOrUser', 'userBasic', 'secret', 'clientSecretJwt', 'privateKeyJwt', 'jwtBearer', 'jwtAsBearer'],
	},
	answerPart: { label: 'Token In', values: ['body', 'header', 'cookie', 'wholeBody'] },
	sendAs: { label: 'Send the Token As', values: ['header', 'query', 'cookie'] },
} as const;

/** A value no option of the form has (an imported or hand-edited credential). */
function choiceProblem(credentials: Credentials): string | undefined {
	for (const [name, { label, values }] of Object.entries(CHOICES)) {
		const value = orDefault(credentials, name as keyof typeof CHOICES);
		if (!(values as readonly string[]).includes(value)) {
			return `choose one of the options of ${label} (it holds "${value}")`;
		}
	}
	return undefined;
}

/** What each sign-in method needs filled in. */
function signInProblem(credentials: Credentials): string | false {
	const has = (name: string) => field(credentials, name) !== '';
	const method = signInMethod(credentials);
	if (JWT_METHODS.includes(method)) return jwtProblem(credentials, method) ?? false;
	switch (method) {
		case 'userBasic':
			return (
				(!has('username') && 'enter the User Name (sent with the Password as HTTP Basic)') ||
				(!has('password') && 'enter the Password that goes with the User Name')
			);
		case 'secret':
			return !has('secret') && 'enter the Secret (the API key or refresh token the API gave you)';
		default:
			return (
				(!has('clientId') && !has('username') && 'enter a Client ID, or a User Name for password sign-ins') ||
				(has('username') && !has('password') && 'enter the Password that goes with the User Name')
			);
	}
}

/**
 * Default Lifetime is seconds; a date (or an epoch number) there would be read as a lifetime of
 * decades. An expiry the answer gives as a date belongs in the Expiry Path.
 */
function lifetimeProblem(credentials: Credentials): string | undefined {
	const value = credentials.defaultLifetimeSeconds;
	if (value === undefined || value === '' || value === null) return undefined;
	const seconds = Number(value);
	if (expiryMomentOf(value) !== undefined) {
		return `Default Lifetime is in seconds, e.g. 3600, not a date ("${String(value)}"): an expiry the sign-in answer gives as a date is read from the Expiry Path`;
	}
	if (!Number.isFinite(seconds) || seconds < 0) {
		return `Default Lifetime must be a number of seconds, e.g. 3600 (0: unknown)`;
	}
	return undefined;
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
	if (method === 'secret') fields[orDefault(credentials, 'secretField')] = field(credentials, 'secret');
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
