import type { IDataObject } from 'n8n-workflow';
import { dotPathProblem, field, isJsonObject, parsedJson } from '../common/fields';
import { expiryMomentOf } from '../common/expiryMoment';
import type { Credentials } from '../common/types';
import { checkApiUrl } from '../common/url';
import { JWT_METHODS, jwtProblem } from './tokenExchangeJwt';

/**
 * What the Token Exchange form's fields mean: their defaults, the JSON and URL fields, the
 * choices of its option fields, and what is wrong with what a user filled in.
 */

const JSON_FIELDS = {
	signInParameters: 'Sign-In Parameters',
	signInQuery: 'Sign-In Query Parameters',
	refreshParameters: 'Refresh Parameters',
} as const;

export type JsonField = keyof typeof JSON_FIELDS;

/** A JSON-object field; `problem` says which field and what is wrong. */
export function jsonObject(
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

export function parameters(credentials: Credentials, name: JsonField): IDataObject {
	const parsed = jsonObject(credentials, name);
	if ('problem' in parsed) throw new Error(parsed.problem);
	return parsed.value;
}

const URL_FIELDS = {
	apiUrl: ['API URL', 'https://api.example.com/v1'],
	signInUrl: ['Sign-In URL', 'https://api.example.com/oauth/token'],
	refreshUrl: ['Refresh URL', 'https://api.example.com/oauth/token'],
} as const;

export const urlCheck = (credentials: Credentials, name: keyof typeof URL_FIELDS) =>
	checkApiUrl(credentials[name], URL_FIELDS[name][0], URL_FIELDS[name][1]);

/**
 * The form's defaults: a field left empty (or missing) means what the form shows for it. The
 * credential's properties repeat these literals, as n8n's lint wants them there; a test keeps
 * the two equal.
 */
export const FORM_DEFAULTS = {
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

export function orDefault(credentials: Credentials, name: keyof typeof FORM_DEFAULTS): string {
	return field(credentials, name) || FORM_DEFAULTS[name];
}

/**
 * How the API signs in (the form's Sign In With): a client id and secret and/or a user name and
 * password, each where the form says; a user name and password as HTTP Basic; a secret alone
 * (an API key, a long-lived refresh token) in one body field.
 */
export type SignInMethod =
	| 'clientOrUser'
	| 'userBasic'
	| 'secret'
	| 'clientSecretJwt'
	| 'privateKeyJwt'
	| 'jwtBearer'
	| 'jwtAsBearer';

/** The methods whose client proves itself with a signed JWT (RFC 7523 2.2). */
export const CLIENT_ASSERTION_METHODS = new Set<string>(['clientSecretJwt', 'privateKeyJwt']);

export const signInMethod = (credentials: Credentials) =>
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
export function namesProblem(credentials: Credentials): string | undefined {
	const json = (format: 'signInFormat' | 'refreshFormat') =>
		orDefault(credentials, format) === 'json';
	for (const [name, label] of Object.entries(NAME_FIELDS) as Array<
		[keyof typeof NAME_FIELDS, string]
	>) {
		if (!json(name === 'refreshTokenField' ? 'refreshFormat' : 'signInFormat')) continue;
		const path = orDefault(credentials, name);
		const problem = dotPathProblem(path);
		if (problem) {
			return `${label} "${path}" ${problem}: enter a field name, or a dot path such as auth.user.name`;
		}
	}
	return undefined;
}

/** The choices of the form's option fields that are new with the sign-in styles. */
const CHOICES = {
	signInMethod: {
		label: 'Sign In With',
		values: [
			'clientOrUser',
			'userBasic',
			'secret',
			'clientSecretJwt',
			'privateKeyJwt',
			'jwtBearer',
			'jwtAsBearer',
		],
	},
	answerPart: { label: 'Token In', values: ['body', 'header', 'cookie', 'wholeBody'] },
	sendAs: { label: 'Send the Token As', values: ['header', 'query', 'cookie'] },
} as const;

/** A value no option of the form has (an imported or hand-edited credential). */
export function choiceProblem(credentials: Credentials): string | undefined {
	for (const [name, { label, values }] of Object.entries(CHOICES)) {
		const value = orDefault(credentials, name as keyof typeof CHOICES);
		if (!(values as readonly string[]).includes(value)) {
			return `choose one of the options of ${label} (it holds "${value}")`;
		}
	}
	return undefined;
}

/** What each sign-in method needs filled in. */
export function signInProblem(credentials: Credentials): string | false {
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
				(!has('clientId') &&
					!has('username') &&
					'enter a Client ID, or a User Name for password sign-ins') ||
				(has('username') && !has('password') && 'enter the Password that goes with the User Name')
			);
	}
}

/**
 * Default Lifetime is seconds; a date (or an epoch number) there would be read as a lifetime of
 * decades. An expiry the answer gives as a date belongs in the Expiry Path.
 */
export function lifetimeProblem(credentials: Credentials): string | undefined {
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
