import type { ICredentialType } from 'n8n-workflow';
import { obtainToken } from './lifecycle';
import { refusedBefore, signRequest } from './signing';
import type { TokenProvider } from './types';

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
			signRequest(provider, credentials, requestOptions),
	};
}
