import type { IDataObject } from 'n8n-workflow';
import { field, firstProblem, isJsonObject, parsedJson } from '../common/fields';
import { MAX_ASSERTION_LIFETIME, readPrivateKey, signedJwt } from '../common/jwtAssertion';
import type { JwtAlgorithm } from '../common/jwtAssertion';
import type { Credentials } from '../common/types';

/**
 * The Token Exchange sign-ins with a signed JWT (RFC 7523), by the form's Sign In With:
 * the client proves itself with a JWT signed with its secret (`client_secret_jwt`) or its
 * private key (`private_key_jwt`); the JWT is the grant itself (JWT bearer grant, e.g. Google
 * service accounts); or the JWT is the sign-in request's bearer token (e.g. GitHub Apps).
 */
export const JWT_METHODS = ['clientSecretJwt', 'privateKeyJwt', 'jwtBearer', 'jwtAsBearer'];

const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const DEFAULT_LIFETIME = 300;

const algorithmOf = (credentials: Credentials, method: string): JwtAlgorithm =>
	method === 'clientSecretJwt'
		? 'HS256'
		: ((field(credentials, 'jwtAlgorithm') || 'RS256') as JwtAlgorithm);

function lifetimeOf(credentials: Credentials): number {
	const value = credentials.jwtLifetime;
	return value === undefined || value === '' ? DEFAULT_LIFETIME : Number(value);
}

function claimsOf(credentials: Credentials): IDataObject | undefined {
	const raw = credentials.jwtClaims;
	if (raw === undefined || (typeof raw === 'string' && raw.trim() === '')) return {};
	const parsed = parsedJson(typeof raw === 'string' ? raw.trim() : raw);
	return isJsonObject(parsed) ? parsed : undefined;
}

/** What is wrong with the fields of a JWT sign-in, in words that never quote the key. */
export function jwtProblem(credentials: Credentials, method: string): string | undefined {
	const lifetime = lifetimeOf(credentials);
	const algorithm = algorithmOf(credentials, method);
	const needsClient = method === 'clientSecretJwt' || method === 'privateKeyJwt';
	return firstProblem(
		needsClient &&
			field(credentials, 'clientId') === '' &&
			'enter the Client ID (the JWT names it as its issuer and subject)',
		method === 'clientSecretJwt' &&
			field(credentials, 'clientSecret') === '' &&
			'enter the Client Secret (it signs the JWT, HS256)',
		!needsClient &&
			field(credentials, 'jwtIssuer') === '' &&
			"enter the Issuer (iss), e.g. the service account's client_email, or the GitHub App's ID",
		algorithm !== 'HS256' &&
			field(credentials, 'privateKey') === '' &&
			'enter the Private Key (PEM)',
		algorithm !== 'HS256' && keyProblem(credentials, algorithm),
		!(Number.isInteger(lifetime) && lifetime > 0 && lifetime <= MAX_ASSERTION_LIFETIME) &&
			`JWT Lifetime must be a whole number of seconds from 1 to ${MAX_ASSERTION_LIFETIME}, e.g. 300`,
		claimsOf(credentials) === undefined &&
			'JWT Claims must be a JSON object, e.g. {"scope": "https://www.googleapis.com/auth/cloud-platform"}',
	);
}

function keyProblem(credentials: Credentials, algorithm: Exclude<JwtAlgorithm, 'HS256'>) {
	const pasted = field(credentials, 'privateKey');
	if (pasted === '') return undefined;
	const read = readPrivateKey(pasted, algorithm);
	return 'problem' in read ? read.problem : undefined;
}

/** A JWT for this sign-in, made now: every sign-in gets a fresh one (its own `jti`). */
function jwtFor(credentials: Credentials, method: string, tokenUrl: string): string {
	const algorithm = algorithmOf(credentials, method);
	const client = method === 'clientSecretJwt' || method === 'privateKeyJwt';
	const clientId = field(credentials, 'clientId');
	const audience = field(credentials, 'jwtAudience');
	return signedJwt({
		algorithm,
		key:
			algorithm === 'HS256' ? field(credentials, 'clientSecret') : field(credentials, 'privateKey'),
		// RFC 7523 3: a client assertion's issuer and subject are the client id, its audience the
		// token endpoint; a grant names whom it is for.
		issuer: client ? clientId : field(credentials, 'jwtIssuer'),
		subject: client ? clientId : field(credentials, 'jwtSubject') || undefined,
		audience: audience || (method === 'jwtAsBearer' ? undefined : tokenUrl),
		lifetimeSeconds: lifetimeOf(credentials),
		claims: claimsOf(credentials),
		keyId: field(credentials, 'jwtKeyId') || undefined,
		thumbprint: field(credentials, 'jwtThumbprint') || undefined,
	});
}

/** How a client assertion authenticates the client, at the sign-in and the refresh alike. */
export function clientAssertionFields(
	credentials: Credentials,
	method: string,
	tokenUrl: string,
): IDataObject {
	return {
		client_id: field(credentials, 'clientId'),
		client_assertion_type: CLIENT_ASSERTION_TYPE,
		client_assertion: jwtFor(credentials, method, tokenUrl),
	};
}

/** What the sign-in of a JWT grant carries: the assertion in the body, or as its bearer. */
export function jwtGrant(
	credentials: Credentials,
	method: string,
	tokenUrl: string,
): { headers: IDataObject; fields: IDataObject } {
	const jwt = jwtFor(credentials, method, tokenUrl);
	if (method === 'jwtAsBearer') return { headers: { Authorization: `Bearer ${jwt}` }, fields: {} };
	return { headers: {}, fields: { grant_type: JWT_BEARER_GRANT, assertion: jwt } };
}
