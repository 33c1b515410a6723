import type { FakeRequest, Reply } from '../fakeProvider';
import { checkSignedJwt, newSigningKey } from './jwtChecks';
import { TokenStyleFake } from './tokenStyleFake';

export const ENTRA_APP = {
	tenant: 'contoso.onmicrosoft.com',
	clientId: '6731de76-14a6-49ae-97bc-6eba6914391e',
	/** The SHA-1 thumbprint Entra shows for the uploaded certificate. */
	thumbprint: '84E05C1D101E3C3F5AC12D1D1CCD4A2C6A5A5A5B',
	...newSigningKey(),
};

const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/**
 * Microsoft identity platform, from "Microsoft identity platform application authentication
 * certificate credentials" (https://learn.microsoft.com/en-us/entra/identity-platform/certificate-credentials)
 * and "OAuth 2.0 client credentials flow" (https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-client-creds-grant-flow):
 * `POST /{tenant}/oauth2/v2.0/token`, form-encoded `client_id`, `scope`,
 * `grant_type=client_credentials`, `client_assertion_type`, and `client_assertion`: a JWT
 * signed RS256 or PS256 with the certificate's key, `x5t` (the base64url SHA-1 thumbprint) in
 * its header, `aud` the token endpoint, `iss` = `sub` = the client id, a `jti`, `exp` and
 * `nbf`; an assertion is used once. Microsoft Graph (`GET /v1.0/organization`) takes the token.
 */
export class FakeEntra extends TokenStyleFake {
	protected readonly signInPath = `/${ENTRA_APP.tenant}/oauth2/v2.0/token`;
	protected readonly apiPrefix = '/v1.0/';
	private seenJti = new Set<unknown>();

	protected signIn(request: FakeRequest): Reply {
		const form = request.contentType === 'application/x-www-form-urlencoded' ? request.body : {};
		const refuse = (code: string, description: string): Reply => ({
			kind: 'sign-in',
			status: 401,
			body: {
				error: 'invalid_client',
				error_description: `${code}: ${description}`,
				error_codes: [Number(code.slice(5))],
			},
		});
		if (
			form?.grant_type !== 'client_credentials' ||
			form.client_assertion_type !== CLIENT_ASSERTION_TYPE
		) {
			return {
				kind: 'sign-in',
				status: 400,
				body: {
					error: 'invalid_request',
					error_description:
						'AADSTS900144: The request body must contain the following parameter: client_assertion_type.',
				},
			};
		}
		const jwt = checkSignedJwt(form.client_assertion, ENTRA_APP.publicKey, 3600);
		if ('refused' in jwt)
			return refuse(
				'AADSTS700027',
				`Client assertion failed signature validation (${jwt.refused}).`,
			);
		const thumbprint = Buffer.from(ENTRA_APP.thumbprint, 'hex').toString('base64url');
		const { claims } = jwt;
		if (
			jwt.header.x5t !== thumbprint ||
			form.client_id !== ENTRA_APP.clientId ||
			claims.iss !== ENTRA_APP.clientId ||
			claims.sub !== ENTRA_APP.clientId ||
			claims.aud !== `${this.url}${this.signInPath}` ||
			typeof claims.jti !== 'string'
		) {
			return refuse(
				'AADSTS700023',
				'Client assertion audience, issuer, subject or key is not the application.',
			);
		}
		if (this.seenJti.has(claims.jti))
			return refuse('AADSTS700024', 'Client assertion is already used (jti).');
		this.seenJti.add(claims.jti);
		const { token } = this.newToken('eyJ0eXAiOiJKV1Qi.');
		return {
			kind: 'sign-in',
			status: 200,
			body: {
				token_type: 'Bearer',
				expires_in: this.tokenLifetimeSeconds,
				ext_expires_in: this.tokenLifetimeSeconds,
				access_token: token,
			},
		};
	}

	protected tokenOf(request: FakeRequest): string | undefined {
		const header = request.headers.authorization ?? '';
		return header.startsWith('Bearer ') ? header.slice('Bearer '.length) : undefined;
	}

	protected answer(): unknown {
		return { value: [{ id: 'b1f5a4c2-0000-4000-8000-000000000001', displayName: 'Contoso' }] };
	}
}
