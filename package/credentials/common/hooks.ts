import type { ICredentialType } from 'n8n-workflow';
import { obtainToken } from './lifecycle';
import { signRequest } from './signing';
import type { TokenProvider } from './types';

/** A credential's two hooks, handed to the shared lifecycle. */
export function tokenHooks(
	provider: TokenProvider,
): Required<Pick<ICredentialType, 'preAuthentication' | 'authenticate'>> {
	return {
		async preAuthentication(credentials) {
			return await obtainToken(provider, this, credentials);
		},
		authenticate: async (credentials, requestOptions) =>
			signRequest(provider, credentials, requestOptions),
	};
}
