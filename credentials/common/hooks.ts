import type { ICredentialType } from 'n8n-workflow';
import { obtainToken, signRequest } from './lifecycle';
import type { Credentials, TokenProvider } from './types';

/**
 * A credential's two hooks, handed to the shared lifecycle. `provider` may depend on the
 * credential's own fields (the generic Token Exchange credential).
 */
export function tokenHooks(
	provider: TokenProvider | ((credentials: Credentials) => TokenProvider),
): Required<Pick<ICredentialType, 'preAuthentication' | 'authenticate'>> {
	const providerFor = typeof provider === 'function' ? provider : () => provider;
	return {
		async preAuthentication(credentials) {
			return await obtainToken(providerFor(credentials), this, credentials);
		},
		authenticate: async (credentials, requestOptions) => signRequest(providerFor(credentials), credentials, requestOptions),
	};
}
