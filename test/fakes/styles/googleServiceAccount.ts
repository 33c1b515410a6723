import type { FakeRequest, Reply } from '../fakeProvider';
import { checkSignedJwt, newSigningKey } from './jwtChecks';
import { TokenStyleFake } from './tokenStyleFake';

export const SERVICE_ACCOUNT = {
	clientEmail: 'n8n-reader@demo-project.iam.gserviceaccount.com',
	privateKeyId: '2b1f8a7c3e9d4f60b5a1c2d3e4f5a6b7c8d9e0f1',
	scope: 'https://www.googleapis.com/auth/devstorage.read_only',
	...newSigningKey(),
};

/**
 * Google OAuth 2.0 for service accounts, from "Using OAuth 2.0 for Server to Server
 * Applications" (https://developers.google.com/identity/protocols/oauth2/service-account):
 * `POST /token` (https://oauth2.googleapis.com/token), form-encoded
 * `grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=…`, the JWT signed RS256
 * with the key file's private key (`kid`: its `private_key_id`), claims `iss` (the
 * `client_email`), `scope`, `aud` (the token URL), `iat` and `exp` at most an hour later; the
 * answer is `{ access_token, expires_in, token_type }`. Cloud Storage (`GET /storage/v1/b`)
 * takes the token.
 */
export class FakeGoogleServiceAccount extends TokenStyleFake {
	protected readonly signInPath = '/token';
	protected readonly apiPrefix = '/storage/v1/';

	protected signIn(request: FakeRequest): Reply {
		const form = request.contentType === 'application/x-www-form-urlencoded' ? request.body : {};
		const refuse = (description: string): Reply => ({
			kind: 'sign-in',
			status: 400,
			body: { error: 'invalid_grant', error_description: description },
		});
		if (form?.grant_type !== 'urn:ietf:params:oauth:grant-type:jwt-bearer') {
			return {
				kind: 'sign-in',
				status: 400,
				body: { error: 'unsupported_grant_type', error_description: 'Invalid grant_type: ' },
			};
		}
		const jwt = checkSignedJwt(form.assertion, SERVICE_ACCOUNT.publicKey, 3600);
		if ('refused' in jwt)
			return refuse(
				jwt.refused === 'invalid signature'
					? 'Invalid JWT Signature.'
					: `Invalid JWT: ${jwt.refused}`,
			);
		const { claims, header } = jwt;
		if (header.kid !== SERVICE_ACCOUNT.privateKeyId || claims.iss !== SERVICE_ACCOUNT.clientEmail) {
			return refuse('Invalid JWT Signature.');
		}
		if (claims.aud !== `${this.url}${this.signInPath}`)
			return refuse('Invalid JWT: Failed audience check.');
		if (claims.scope !== SERVICE_ACCOUNT.scope)
			return {
				kind: 'sign-in',
				status: 400,
				body: {
					error: 'invalid_scope',
					error_description: 'Invalid OAuth scope or ID token audience provided.',
				},
			};
		const { token } = this.newToken('ya29.');
		return {
			kind: 'sign-in',
			status: 200,
			body: { access_token: token, expires_in: this.tokenLifetimeSeconds, token_type: 'Bearer' },
		};
	}

	protected tokenOf(request: FakeRequest): string | undefined {
		const header = request.headers.authorization ?? '';
		return header.startsWith('Bearer ') ? header.slice('Bearer '.length) : undefined;
	}

	protected answer(): unknown {
		return {
			kind: 'storage#buckets',
			items: [{ kind: 'storage#bucket', id: 'demo-bucket', name: 'demo-bucket' }],
		};
	}
}
