import type { IDataObject } from 'n8n-workflow';
import { decodeJwtClaims } from './expiry';
import type { TokenProvider, TokenSet } from './types';

/** What a workflow may know about a token: never the token or refresh token themselves. */
export function describeToken(
	provider: TokenProvider,
	apiUrl: string,
	tokens: TokenSet,
): IDataObject {
	const now = Date.now();
	const info: IDataObject = {
		provider: provider.name,
		apiUrl,
		issuedAt: new Date(tokens.issuedAt).toISOString(),
		expiresAt: tokens.expiresAt === undefined ? null : new Date(tokens.expiresAt).toISOString(),
		expiresInSeconds:
			tokens.expiresAt === undefined
				? null
				: Math.max(0, Math.round((tokens.expiresAt - now) / 1000)),
		hasRefreshToken: tokens.refreshToken !== undefined,
	};
	if (tokens.scope !== undefined) info.scope = tokens.scope;
	const claims = decodeJwtClaims(tokens.accessToken);
	if (claims) info.claims = claims;
	return info;
}
