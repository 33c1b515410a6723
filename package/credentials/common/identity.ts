import { createHash, createHmac } from 'crypto';
import { basicAuthorization, field } from './fields';
import type { Credentials, TokenProvider, TokenSet } from './types';

/**
 * Who signs in (every sign-in field, secrets included), as a key for this process's memory:
 * single-flight, newest tokens, recent failures. Never stored.
 */
export function identityOf(provider: TokenProvider, credentials: Credentials): string {
	const identity = JSON.stringify([provider.credentialType, ...provider.identity(credentials)]);
	return createHash('sha256').update(identity).digest('hex');
}

/**
 * The stored `tokenOwner`: the identity, keyed with the access token it vouches for (HMAC).
 * Anyone who can open the credential sees this hidden field, but n8n never shows the token, so
 * the field cannot be used to try passwords offline. Tokens of another identity are not used.
 */
export function ownerOf(
	provider: TokenProvider,
	credentials: Credentials,
	accessToken: string,
): string {
	return createHmac('sha256', accessToken)
		.update(identityOf(provider, credentials))
		.digest('hex')
		.slice(0, 32);
}

/** Whether `tokens` were obtained with these very sign-in fields. */
export function owns(
	provider: TokenProvider,
	credentials: Credentials,
	tokens: Pick<TokenSet, 'owner' | 'accessToken'>,
): boolean {
	return tokens.owner === ownerOf(provider, credentials, tokens.accessToken);
}

/**
 * What this credential holds that nothing may show: its secrets, and the HTTP Basic value made
 * of the client id and secret (whole and without "Basic "), which is the secret in base64.
 */
export function secretsOf(provider: TokenProvider, credentials: Credentials): string[] {
	if (!field(credentials, 'clientSecret')) return provider.secrets(credentials);
	const basic = basicAuthorization(credentials);
	const base64 = basic.slice('Basic '.length);
	// Unpadded too: a server may echo base64 without its trailing "=".
	return [...provider.secrets(credentials), basic, base64, base64.replace(/=+$/, '')];
}

/**
 * What no error of this credential repeats: its secrets, and its personal data (an email, a
 * user name: short ones, like short secrets, leave the provider's words out; see
 * tokenAuthError).
 */
export function hiddenInErrors(provider: TokenProvider, credentials: Credentials): string[] {
	return [...secretsOf(provider, credentials), ...(provider.personalData?.(credentials) ?? [])];
}
