import type { ICredentialType, IHttpRequestOptions } from 'n8n-workflow';
import { tokenAuthError } from './errors';
import { obtainToken } from './lifecycle';
import { refusedBefore, signRequest } from './signing';
import type { Credentials, TokenProvider } from './types';

/**
 * Marks the credential's own Test request. n8n does not tell the hooks that a request is the
 * Test, and the Test's request rules cannot read the token: with this header, `authenticate`
 * also checks what the provider granted (`grantProblem`), so a permission asked for and not
 * granted is named at Test rather than at run time. It is not sent.
 */
export const CREDENTIAL_TEST_HEADER = 'X-Token-Auth-Credential-Test';

/** A credential's two hooks, handed to the shared lifecycle. */
export function tokenHooks(
	provider: TokenProvider,
): Required<Pick<ICredentialType, 'preAuthentication' | 'authenticate'>> {
	return {
		async preAuthentication(credentials) {
			// n8n's legacy request helper asks for a token after any error, a refused request
			// included, and then has the request signed again: it is refused again, so no token is
			// asked for (see `refusedBefore`).
			const refusal = refusedBefore(credentials);
			if (refusal) throw refusal;
			return await obtainToken(provider, this, credentials);
		},
		authenticate: async (credentials, requestOptions) =>
			grantChecked(provider, credentials, signRequest(provider, credentials, requestOptions)),
	};
}

function grantChecked(
	provider: TokenProvider,
	credentials: Credentials,
	signed: IHttpRequestOptions,
): IHttpRequestOptions {
	const headers = signed.headers ?? {};
	const marker = Object.keys(headers).find(
		(name) => name.toLowerCase() === CREDENTIAL_TEST_HEADER.toLowerCase(),
	);
	if (marker === undefined) return signed;
	delete headers[marker];
	const lacking = provider.grantProblem?.(credentials);
	if (lacking === undefined) return signed;
	const { problem, fix } = lacking;
	throw tokenAuthError(
		provider,
		{ step: 'sign-in', providerMessage: () => problem, fix, reason: 'configuration' },
		[],
	);
}
