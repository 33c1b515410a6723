import { obtainToken } from '../../package/credentials/common/lifecycle';
import { secretsOf } from '../../package/credentials/common/identity';
import type { Credentials } from '../../package/credentials/common/types';
import {
	cultureAmp,
	describeGrant,
	forbiddenFix,
	grantedPermissions,
	permissionFor,
	PRODUCTION_ENTITY_ID,
	requestedPermissions,
	scopeOf,
} from '../../package/credentials/providers/cultureAmp';
import { errorOf, fakeHttp, tokenLiving } from './helpers';

let counter = 0;

function credentials(extra: Credentials = {}): Credentials {
	counter += 1;
	return {
		baseUrl: 'https://api.cultureamp.com',
		clientId: `ca-unit-${counter}`,
		clientSecret: `Ca-Unit-Secret-${counter}`,
		entityId: PRODUCTION_ENTITY_ID,
		permissions: ['employees-read'],
		extraPermissions: '',
		credentialLocation: 'body',
		...extra,
	};
}

describe('the scope', () => {
	it('is target-entity:<entity id>:<selected, then typed-in permissions, each once>', () => {
		const c = credentials({
			permissions: ['employees-read', 'surveys-read'],
			extraPermissions: ' goals-read,, surveys-read ',
		});

		expect(requestedPermissions(c)).toEqual(['employees-read', 'surveys-read', 'goals-read']);
		expect(scopeOf(c)).toBe(
			`target-entity:${PRODUCTION_ENTITY_ID}:employees-read,surveys-read,goals-read`,
		);
	});

	it('is read back from the granted scope, as the docs show it', () => {
		expect(
			grantedPermissions(
				`target-entity:${PRODUCTION_ENTITY_ID}:employees-read,performance-evaluations-read`,
			),
		).toEqual({
			entityId: PRODUCTION_ENTITY_ID,
			permissions: ['employees-read', 'performance-evaluations-read'],
		});
		expect(grantedPermissions('')).toEqual({ permissions: [] });
	});
});

describe('validate', () => {
	it('accepts a complete credential, an upper-case entity id and http on localhost', () => {
		expect(cultureAmp.validate(credentials())).toBeUndefined();
		expect(
			cultureAmp.validate(credentials({ entityId: PRODUCTION_ENTITY_ID.toUpperCase() })),
		).toBeUndefined();
		expect(cultureAmp.validate(credentials({ baseUrl: 'http://localhost:5802' }))).toBeUndefined();
	});

	it.each([
		[{ clientId: ' ' }, 'enter the Client ID'],
		[{ clientSecret: '' }, 'enter the Client Secret'],
		[{ entityId: `${PRODUCTION_ENTITY_ID}x` }, 'the Entity ID must be a UUID'],
		[{ permissions: [], extraPermissions: ' , ' }, 'select at least one permission'],
		[
			{ extraPermissions: 'goals-read:admin' },
			'"goals-read:admin" under Additional Permissions is not a permission name',
		],
	])('reports %j', (fields, problem) => {
		expect(cultureAmp.validate(credentials(fields))).toContain(problem);
	});
});

describe('the API URL', () => {
	it.each([
		['https://api.cultureamp.com', 'https://api.cultureamp.com'],
		[' https://api.cultureamp.com/ ', 'https://api.cultureamp.com'],
		['https://api.cultureamp.com/v1/', 'https://api.cultureamp.com'],
		['https://proxy.example.com/culture-amp/', 'https://proxy.example.com/culture-amp'],
	])('%j → requests under %s', (baseUrl, base) => {
		const c = credentials({ baseUrl });
		expect(cultureAmp.apiBaseUrl(c)).toBe(base);
		expect(cultureAmp.signInRequest(c).url).toBe(`${base}/v1/oauth2/token`);
	});
});

describe('the sign-in request', () => {
	it('puts client_id and client_secret in the form by default', () => {
		const c = credentials();
		expect(cultureAmp.signInRequest(c)).toEqual({
			method: 'POST',
			url: 'https://api.cultureamp.com/v1/oauth2/token',
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
			body: {
				grant_type: 'client_credentials',
				scope: scopeOf(c),
				client_id: c.clientId,
				client_secret: c.clientSecret,
			},
		});
	});

	it('puts them in a Basic header, base64("<id>:<secret>"), for the header location', () => {
		const c = credentials({ credentialLocation: 'header' });
		const basic = Buffer.from(`${c.clientId}:${c.clientSecret}`).toString('base64');

		const request = cultureAmp.signInRequest(c);

		expect(request.headers).toEqual({
			'Content-Type': 'application/x-www-form-urlencoded',
			Authorization: `Basic ${basic}`,
		});
		expect(request.body).toEqual({ grant_type: 'client_credentials', scope: scopeOf(c) });
		expect(secretsOf(cultureAmp, c)).toEqual(
			expect.arrayContaining([c.clientSecret, `Basic ${basic}`, basic, basic.replace(/=+$/, '')]),
		);
	});

	it('belongs to a new identity when the permissions or the location change', () => {
		const c = credentials();
		const identity = cultureAmp.identity(c);
		expect(cultureAmp.identity({ ...c, extraPermissions: 'goals-read' })).not.toEqual(identity);
		expect(cultureAmp.identity({ ...c, credentialLocation: 'header' })).not.toEqual(identity);
	});
});

describe('a rejected sign-in says what to fix (TokenProvider.signInFixFor)', () => {
	const reject = async (statusCode: number, body: unknown) => {
		const { http } = fakeHttp({ statusCode, body });
		return await errorOf(() => obtainToken(cultureAmp, http, credentials()));
	};

	it.each([
		[401, '', /^Check the Client ID and Client Secret/],
		// A 401 in words none of the known problems match is still about the client.
		[
			401,
			{ error: 'access_denied' },
			/^Check the Client ID and Client Secret from Culture Amp, and the Credential Location/,
		],
		[
			400,
			{ error: 'invalid_scope', error_description: 'Unknown target entity 00000000' },
			/^Check the Entity ID \(8ed17dce-.* for production.*that the selected Permissions are ones Culture Amp gave this API client/,
		],
		[
			400,
			{
				error: 'invalid_request',
				error_description: 'Content-Type must be application/x-www-form-urlencoded',
			},
			/^Culture Amp could not read the token request as form data\. .*proxy/,
		],
		[
			400,
			{ error: 'slow_down' },
			/^Check the Client ID and Client Secret, the Credential Location, the Entity ID and the Permissions/,
		],
	])('HTTP %i %j', async (status, body, fix) => {
		const error = await reject(status, body);
		expect(error.description).toMatch(fix);
	});

	it('keeps the generic advice for 429 and 5xx', async () => {
		expect((await reject(429, { error: 'invalid_client' })).description).toMatch(/rate limiting/);
		expect((await reject(503, { error: 'invalid_client' })).description).toMatch(/try again later/);
	});

	it('keeps the granted scope and the expires_in lifetime', async () => {
		const scope = `target-entity:${PRODUCTION_ENTITY_ID}:employees-read`;
		const { http } = fakeHttp({
			statusCode: 200,
			body: { access_token: tokenLiving(60), expires_in: 3599, scope, token_type: 'Bearer' },
		});

		const fields = await obtainToken(cultureAmp, http, credentials());

		expect(fields.grantedScope).toBe(scope);
		expect(fields.refreshToken).toBe('');
		const lifetime =
			Date.parse(String(fields.tokenExpiresAt)) - Date.parse(String(fields.tokenIssuedAt));
		expect(lifetime).toBe(3599_000);
	});
});

describe('permissions per endpoint (from the API spec)', () => {
	it.each([
		['/v1/employees', 'employees-read'],
		['/v1/employees?cursor=abc', 'employees-read'],
		['/v1/employees/96b1cff7-3099-44a9-bd28-0292be8aff7f', 'employees-read'],
		['/v1/employees/96b1cff7/demographics', 'employee-demographics-read'],
		['/v1/employees/96b1cff7/manager-reviews', 'performance-evaluations-read'],
		['/v1/performance-cycles/abc/manager-reviews', 'performance-evaluations-read'],
		['/v1/manager-reviews', 'performance-evaluations-read'],
		['/culture-amp/v1/surveys/1/questions', 'surveys-read'],
		['/v1/something-new', undefined],
	])('%s needs %s', (path, permission) => {
		expect(permissionFor(path)).toBe(permission);
	});

	it('a 403 fix says whether the permission was not asked for, not granted, or refused anyway', () => {
		const granted = (permissions: string) => `target-entity:${PRODUCTION_ENTITY_ID}:${permissions}`;
		const c = credentials({ permissions: ['employees-read', 'performance-evaluations-read'] });

		expect(forbiddenFix('/v1/employees/1/demographics', c)).toMatch(
			/needs the employee-demographics-read permission, which the credential does not ask for/,
		);
		expect(
			forbiddenFix('/v1/employees', {
				...c,
				grantedScope: granted('performance-evaluations-read'),
			}),
		).toMatch(
			/Culture Amp did not grant it to this API client \(granted: performance-evaluations-read\)/,
		);
		expect(
			forbiddenFix('/v1/employees', { ...c, grantedScope: granted('employees-read') }),
		).toMatch(/and Culture Amp refused it/);
		expect(forbiddenFix('/v1/unknown', c)).toBeUndefined();
		expect(
			cultureAmp.requestFix?.(404, 'https://api.cultureamp.com/v1/employees', c),
		).toBeUndefined();
	});
});

describe('describeGrant', () => {
	it('reports nothing missing when the provider said nothing about the scope', () => {
		expect(describeGrant(credentials())).toEqual({
			entityId: PRODUCTION_ENTITY_ID,
			requestedPermissions: ['employees-read'],
			grantedPermissions: null,
		});
	});
});
