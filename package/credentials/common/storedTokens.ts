import type { IDataObject, INodeProperties } from 'n8n-workflow';
import type { Credentials, TokenSet } from './types';

/**
 * The hidden fields every credential of this package keeps its token state in. n8n hands
 * back only declared fields, so each one is declared; `accessToken` is the `expirable` one
 * n8n watches (empty → n8n calls preAuthentication).
 */
export const tokenStateProperties: INodeProperties[] = [
	{
		displayName: 'Access Token',
		name: 'accessToken',
		type: 'hidden',
		typeOptions: { expirable: true, password: true },
		default: '',
	},
	{
		displayName: 'Refresh Token',
		name: 'refreshToken',
		type: 'hidden',
		typeOptions: { password: true },
		default: '',
	},
	{ displayName: 'Token Issued At', name: 'tokenIssuedAt', type: 'hidden', default: '' },
	{ displayName: 'Token Expires At', name: 'tokenExpiresAt', type: 'hidden', default: '' },
	{ displayName: 'Granted Scope', name: 'grantedScope', type: 'hidden', default: '' },
	{ displayName: 'Token Owner', name: 'tokenOwner', type: 'hidden', default: '' },
];

function text(value: unknown): string {
	return typeof value === 'string' ? value : '';
}

function time(value: unknown): number | undefined {
	const parsed = typeof value === 'string' && value !== '' ? Date.parse(value) : NaN;
	return Number.isFinite(parsed) ? parsed : undefined;
}

/** The token state n8n stored with the credential; undefined when there is no token. */
export function readTokenState(credentials: Credentials): TokenSet | undefined {
	const accessToken = text(credentials.accessToken);
	if (accessToken === '') return undefined;
	return {
		accessToken,
		refreshToken: text(credentials.refreshToken) || undefined,
		issuedAt: time(credentials.tokenIssuedAt) ?? 0,
		expiresAt: time(credentials.tokenExpiresAt),
		scope: text(credentials.grantedScope) || undefined,
		owner: text(credentials.tokenOwner),
	};
}

/** The fields preAuthentication returns; n8n merges them into the stored credential. */
export function tokenStateFields(tokens: TokenSet): IDataObject {
	return {
		accessToken: tokens.accessToken,
		refreshToken: tokens.refreshToken ?? '',
		tokenIssuedAt: new Date(tokens.issuedAt).toISOString(),
		tokenExpiresAt: tokens.expiresAt === undefined ? '' : new Date(tokens.expiresAt).toISOString(),
		grantedScope: tokens.scope ?? '',
		tokenOwner: tokens.owner,
	};
}
