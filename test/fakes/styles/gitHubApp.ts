import type { FakeRequest, Reply } from '../fakeProvider';
import { checkSignedJwt, newSigningKey } from './jwtChecks';
import { TokenStyleFake } from './tokenStyleFake';

export const GITHUB_APP = { appId: '123456', installationId: '987654', ...newSigningKey() };

/**
 * GitHub App installation tokens, from "Generating a JSON Web Token (JWT) for a GitHub App"
 * (https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/generating-a-json-web-token-jwt-for-a-github-app)
 * and "Authenticating as a GitHub App installation" (https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/authenticating-as-a-github-app-installation):
 * `POST /app/installations/{installation_id}/access_tokens` with `Authorization: Bearer <JWT>`,
 * the JWT signed RS256 with the app's private key, `iss` the app's ID (or client ID), `iat` and
 * `exp` at most 10 minutes ahead; HTTP 201 and `{ token, expires_at }` (an ISO date, an hour
 * on). `GET /installation/repositories` takes the token.
 */
export class FakeGitHubApp extends TokenStyleFake {
	protected readonly signInPath = `/app/installations/${GITHUB_APP.installationId}/access_tokens`;
	protected readonly apiPrefix = '/installation/';

	protected signIn(request: FakeRequest): Reply {
		const header = request.headers.authorization ?? '';
		const jwt = checkSignedJwt(
			header.startsWith('Bearer ') ? header.slice(7) : undefined,
			GITHUB_APP.publicKey,
			600,
		);
		if ('refused' in jwt || String(jwt.claims.iss) !== GITHUB_APP.appId) {
			return {
				kind: 'sign-in',
				status: 401,
				body: {
					message: 'A JSON web token could not be decoded',
					documentation_url: 'https://docs.github.com/rest',
				},
			};
		}
		const { token, expiresAt } = this.newTokenInWholeSeconds('ghs_');
		return {
			kind: 'sign-in',
			status: 201,
			body: {
				token,
				expires_at: new Date(expiresAt).toISOString().replace('.000Z', 'Z'),
				permissions: { contents: 'read', metadata: 'read' },
				repository_selection: 'all',
			},
		};
	}

	protected tokenOf(request: FakeRequest): string | undefined {
		const header = request.headers.authorization ?? '';
		return /^(Bearer|token) /.test(header) ? header.replace(/^\S+ /, '') : undefined;
	}

	protected answer(): unknown {
		return { total_count: 1, repositories: [{ id: 1296269, full_name: 'octocat/Hello-World' }] };
	}
}
