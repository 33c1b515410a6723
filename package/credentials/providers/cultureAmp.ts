import { basicAuthorization, clientPair, field, firstProblem, required } from '../common/fields';
import type { IDataObject } from 'n8n-workflow';
import type { Credentials, TokenProvider } from '../common/types';
import { checkApiUrl, problemOf, urlOf } from '../common/url';

export const DEFAULT_BASE_URL = 'https://api.cultureamp.com';
/** From Culture Amp's "Authorization Scopes" page: one fixed entity id per environment. */
export const PRODUCTION_ENTITY_ID = '8ed17dce-9eca-4383-a9e1-54f82c362b6d';
export const SANDBOX_ENTITY_ID = '79040b4d-3e2b-4480-a061-2e230eeb83b2';

/** The permissions Culture Amp documents (Authorization Scopes page and the API spec). */
export const DOCUMENTED_PERMISSIONS = [
	{
		name: 'Employees Read',
		value: 'employees-read',
		description: 'Basic employee data (/v1/employees)',
	},
	{
		name: 'Employee Demographics Read',
		value: 'employee-demographics-read',
		description: 'Employee demographic data (/v1/employees/{ID}/demographics)',
	},
	{
		name: 'Performance Evaluations Read',
		value: 'performance-evaluations-read',
		description: 'Performance cycles and manager reviews',
	},
	{
		name: 'Surveys Read (Deprecated)',
		value: 'surveys-read',
		description: 'The retired /v1/surveys endpoints',
	},
];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PERMISSION_NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/i;

function baseUrlCheck(credentials: Credentials) {
	return checkApiUrl(credentials.baseUrl, 'API URL', DEFAULT_BASE_URL);
}

/** Culture Amp's web app lives on other cultureamp.com hosts; its API on api.cultureamp.com. */
function webAppUrlProblem(credentials: Credentials) {
	const check = baseUrlCheck(credentials);
	if (!('url' in check)) return undefined;
	const host = check.url.hostname.toLowerCase();
	return (
		/(^|\.)cultureamp\.com$/.test(host) &&
		!host.startsWith('api.') &&
		`${check.url.origin} is Culture Amp's web app, not its API: enter ${DEFAULT_BASE_URL} as the API URL (or the sandbox, https://sandbox.public-api.development.cultureamp.net)`
	);
}

function extraPermissions(credentials: Credentials): string[] {
	return field(credentials, 'extraPermissions')
		.split(',')
		.map((name) => name.trim())
		.filter((name) => name !== '');
}

/** The permissions the credential asks for: the selected ones, then any typed in, once each. */
export function requestedPermissions(credentials: Credentials): string[] {
	const selected = Array.isArray(credentials.permissions) ? credentials.permissions : [];
	const names = [...selected.map(String), ...extraPermissions(credentials)].map((name) =>
		name.trim(),
	);
	return [...new Set(names.filter((name) => name !== ''))];
}

export function scopeOf(credentials: Credentials): string {
	return `target-entity:${field(credentials, 'entityId')}:${requestedPermissions(credentials).join(',')}`;
}

/** The permissions in a granted `scope` ("target-entity:<entity id>:<permissions>"). */
export function grantedPermissions(scope: string): { entityId?: string; permissions: string[] } {
	const part = scope.split(/\s+/).find((piece) => piece.startsWith('target-entity:'));
	if (!part) return { permissions: [] };
	const [, entityId, permissions = ''] = part.split(':');
	return {
		entityId,
		permissions: permissions
			.split(',')
			.map((name) => name.trim())
			.filter((name) => name !== ''),
	};
}

/**
 * What the stored token grants compared with what the credential asks for. Culture Amp may
 * grant fewer permissions than asked; that is not an error (the token still serves what was
 * granted), so it is reported here and in every HTTP 403.
 */
export function describeGrant(credentials: Credentials): IDataObject {
	const requested = requestedPermissions(credentials);
	const scope = field(credentials, 'grantedScope');
	const granted = grantedPermissions(scope);
	const summary: IDataObject = {
		entityId: granted.entityId ?? field(credentials, 'entityId'),
		requestedPermissions: requested,
		grantedPermissions: scope === '' ? null : granted.permissions,
	};
	if (scope === '') return summary;
	const missing = requested.filter((name) => !granted.permissions.includes(name));
	summary.missingPermissions = missing;
	if (missing.length > 0) {
		summary.warning = `Culture Amp granted fewer permissions than asked: not ${missing.join(', ')}. Requests that need ${missing.length > 1 ? 'them' : 'it'} fail with HTTP 403; ask Culture Amp to add ${missing.length > 1 ? 'them' : 'it'} to the API credential, or remove ${missing.length > 1 ? 'them' : 'it'} from Permissions.`;
	}
	return summary;
}

/**
 * The permission an API path needs, from the `security` of each path in Culture Amp's API
 * spec; undefined for paths the spec does not list.
 */
export function permissionFor(path: string): string | undefined {
	const route = path.replace(/[?#].*$/, '').replace(/^.*?\/v1\//, '/v1/');
	if (/^\/v1\/employees\/[^/]+\/demographics\/?$/.test(route)) return 'employee-demographics-read';
	if (/^\/v1\/employees\/[^/]+\/manager-reviews\/?$/.test(route))
		return 'performance-evaluations-read';
	if (/^\/v1\/employees(\/[^/]+)?\/?$/.test(route)) return 'employees-read';
	if (/^\/v1\/(performance-cycles|manager-reviews)(\/|$)/.test(route))
		return 'performance-evaluations-read';
	if (/^\/v1\/surveys(\/|$)/.test(route)) return 'surveys-read';
	return undefined;
}

/**
 * What to do about an HTTP 403 from the API: name the permission the path needs and whether
 * it was not asked for or asked for but not granted.
 */
export function forbiddenFix(path: string, credentials: Credentials): string | undefined {
	const needed = permissionFor(path);
	if (!needed) return undefined;
	const granted = grantedPermissions(field(credentials, 'grantedScope')).permissions;
	if (!requestedPermissions(credentials).includes(needed)) {
		return `This endpoint needs the ${needed} permission, which the credential does not ask for: add it under Permissions in the Culture Amp credential.`;
	}
	if (granted.length > 0 && !granted.includes(needed)) {
		return `This endpoint needs the ${needed} permission. The credential asks for it, but Culture Amp did not grant it to this API client (granted: ${granted.join(', ')}): ask Culture Amp to add ${needed} to the API credential.`;
	}
	return `This endpoint needs the ${needed} permission, and Culture Amp refused it: check with Culture Amp that the API client has ${needed}.`;
}

function signsInWithHeader(credentials: Credentials): boolean {
	return field(credentials, 'credentialLocation') === 'header';
}

function entityIdProblem(credentials: Credentials) {
	const entityId = field(credentials, 'entityId');
	return (
		!UUID.test(entityId) &&
		`the Entity ID must be a UUID; enter the Culture Amp API's entity id: ${PRODUCTION_ENTITY_ID} for production, ${SANDBOX_ENTITY_ID} for the sandbox`
	);
}

function permissionsProblem(credentials: Credentials) {
	const wrong = extraPermissions(credentials).find((name) => !PERMISSION_NAME.test(name));
	if (wrong !== undefined) {
		return `"${wrong}" under Additional Permissions is not a permission name; enter names like employees-read, separated by commas`;
	}
	return (
		requestedPermissions(credentials).length === 0 &&
		'select at least one permission under Permissions (e.g. employees-read): Culture Amp grants only what the token asks for'
	);
}

const KNOWN_SIGN_IN_PROBLEMS: Array<[RegExp, string]> = [
	[
		/content.?type|form.?(data|encod)|urlencoded|json/i,
		'Culture Amp could not read the token request as form data. n8n sends it form-encoded, as documented: check that no proxy between n8n and Culture Amp (API URL) rewrites the request body.',
	],
	[
		/invalid_scope|scope|entity|permission/i,
		`Check the Entity ID (${PRODUCTION_ENTITY_ID} for production, ${SANDBOX_ENTITY_ID} for the sandbox, matching the API URL) and that the selected Permissions are ones Culture Amp gave this API client.`,
	],
	[
		/invalid_client|client|secret|credential|unauthori[sz]ed/i,
		'Check the Client ID and Client Secret from Culture Amp, and the Credential Location: try the other one if your client expects it.',
	],
];

/** Spec: "Culture Amp, Authentication" (https://docs.api.cultureamp.com/docs/customer-guide-authentication) */
export const cultureAmp: TokenProvider = {
	name: 'Culture Amp',
	credentialType: 'cultureAmpApi',

	validate(credentials) {
		const url = baseUrlCheck(credentials);
		return firstProblem(
			problemOf(url),
			webAppUrlProblem(credentials),
			required(
				credentials,
				'clientId',
				'Client ID',
				'from Culture Amp: Settings → API → Create API Credential',
			),
			required(
				credentials,
				'clientSecret',
				'Client Secret',
				'created with the Client ID, in the same API credential',
			),
			entityIdProblem(credentials),
			permissionsProblem(credentials),
		);
	},

	/**
	 * The API URL without a trailing `/v1` (the spec's server URL includes it; the documented
	 * paths start with it). A path before it is kept, for proxies that serve the API under one.
	 */
	apiBaseUrl(credentials) {
		const url = urlOf(baseUrlCheck(credentials));
		const path = url.pathname.replace(/\/+$/, '').replace(/\/v1$/i, '');
		return `${url.origin}${path}`;
	},

	identity(credentials) {
		return [
			this.apiBaseUrl(credentials),
			...clientPair(credentials),
			scopeOf(credentials),
			// Switching the location is how a user tries the other one: it must sign in again.
			signsInWithHeader(credentials) ? 'header' : 'body',
		];
	},

	secrets(credentials) {
		return [field(credentials, 'clientSecret')];
	},

	signInRequest(credentials) {
		const form: Record<string, string> = {
			grant_type: 'client_credentials',
			scope: scopeOf(credentials),
		};
		const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded' };
		if (signsInWithHeader(credentials)) {
			headers.Authorization = basicAuthorization(credentials);
		} else {
			form.client_id = field(credentials, 'clientId');
			form.client_secret = field(credentials, 'clientSecret');
		}
		return {
			method: 'POST',
			url: `${this.apiBaseUrl(credentials)}/v1/oauth2/token`,
			headers,
			body: form,
		};
	},

	// No refresh token: the lifecycle signs in again shortly before `expires_in` runs out.

	responseFields: () => ({ accessToken: 'access_token', expiresIn: 'expires_in', scope: 'scope' }),

	signInFix:
		'Check the Client ID and Client Secret, the Credential Location, the Entity ID and the Permissions of the Culture Amp credential.',

	signInFixFor(status, providerMessage) {
		const known = KNOWN_SIGN_IN_PROBLEMS.find(([pattern]) => pattern.test(providerMessage ?? ''));
		if (known) return known[1];
		return status === 401 ? KNOWN_SIGN_IN_PROBLEMS[2][1] : undefined;
	},

	grantProblem(credentials) {
		const missing = describeGrant(credentials).missingPermissions;
		if (!Array.isArray(missing) || missing.length === 0) return undefined;
		const names = missing.join(', ');
		return {
			problem: `Culture Amp did not grant ${names}, which the credential asks for`,
			fix: `Ask Culture Amp to add ${names} to the API credential, or remove ${missing.length > 1 ? 'them' : 'it'} from Permissions.`,
		};
	},

	requestFix(status, url, credentials) {
		return status === 403 ? forbiddenFix(new URL(url).pathname, credentials) : undefined;
	},
};
