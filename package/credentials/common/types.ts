import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHttpRequestOptions,
} from 'n8n-workflow';

export type Credentials = ICredentialDataDecryptedObject;

/** What a token endpoint handed back, already read out of its response. */
export interface TokenResponse {
	accessToken: string;
	refreshToken?: string;
	/** Seconds, as in OAuth2's `expires_in`. */
	expiresIn?: number;
	/** The moment it expires, when the answer names one (epoch ms, on the provider's clock). */
	expiresAt?: number;
	scope?: string;
}

/** A token as the lifecycle keeps it. Times are epoch milliseconds. */
export interface TokenSet {
	accessToken: string;
	refreshToken?: string;
	issuedAt: number;
	/** Unknown when the provider gives neither `expires_in` nor a JWT `exp`. */
	expiresAt?: number;
	scope?: string;
	/** Fingerprint of the sign-in identity the token belongs to (see `identity`). */
	owner: string;
}

/**
 * Where a token endpoint puts the access token: a field of its JSON body (the default), a
 * response header, a Set-Cookie, or the whole answer (a bare JSON string).
 */
export type TokenSource = 'body' | 'header' | 'cookie' | 'wholeBody';

/** Where in a token endpoint's JSON each value is; dot paths allowed. */
export interface TokenResponseFields {
	/** A dot path in the body; the header's or cookie's name when `accessTokenIn` says so. */
	accessToken: string;
	accessTokenIn?: TokenSource;
	refreshToken?: string;
	/** A lifetime in seconds, or the moment of expiry (a date, epoch seconds or milliseconds). */
	expiresIn?: string;
	scope?: string;
}

/**
 * Everything that differs between providers. The mechanism (when to sign in, refresh,
 * fall back, share a flight, report a failure) lives in `lifecycle.ts`; signing a request
 * in `signing.ts`.
 */
export interface TokenProvider {
	/** Human name used in every message, e.g. "OurPeople". */
	name: string;
	/** n8n credential type name, e.g. "ourPeopleApi". */
	credentialType: string;
	/** What is wrong with the user's fields, in words that say what to enter; no I/O. */
	validate(credentials: Credentials): string | undefined;
	/** Base URL of the API; the access token is sent to this host and no other. */
	apiBaseUrl(credentials: Credentials): string;
	/** Values that identify who signs in. When one changes, stored tokens are discarded. */
	identity(credentials: Credentials): string[];
	/** Values that must never appear in a message (tokens are added by the lifecycle). */
	secrets(credentials: Credentials): string[];
	/** Values no secret, but personal data an error never repeats (an email address). */
	personalData?(credentials: Credentials): string[];
	/** The documented sign-in request. */
	signInRequest(credentials: Credentials): IHttpRequestOptions;
	/**
	 * The documented refresh request; absent (or undefined for this credential) when there is
	 * none, and the credential signs in again on expiry.
	 */
	refreshRequest?(credentials: Credentials, refreshToken: string): IHttpRequestOptions | undefined;
	/** Where the token endpoint puts each value. */
	responseFields(credentials: Credentials): TokenResponseFields;
	/** Lifetime assumed when the answer gives neither `expires_in` nor a JWT `exp`; unknown when absent. */
	defaultLifetimeSeconds?(credentials: Credentials): number | undefined;
	/** What to fix when the provider rejects the sign-in (4xx). */
	signInFix: string;
	/** A more precise fix for one rejected sign-in, from its status and the provider's words. */
	signInFixFor?(status: number, providerMessage: string | undefined): string | undefined;
	/** A more precise fix for an API request that failed with `status` (e.g. the permission a 403 lacks). */
	requestFix?(status: number, url: string, credentials: Credentials): string | undefined;
	/**
	 * What the token lacks of what the credential asks for (a permission the provider did not
	 * grant), with what to do; checked by the credential's Test (see hooks.ts).
	 */
	grantProblem?(credentials: Credentials): { problem: string; fix: string } | undefined;
	/**
	 * The headers that sign a request; defaults to `Authorization: Bearer <token>`. A `Cookie`
	 * header is added to the cookies the request carries.
	 */
	sign?(accessToken: string, credentials: Credentials): IDataObject;
	/** Query parameters that sign a request, for an API that takes the token in the URL. */
	signQuery?(accessToken: string, credentials: Credentials): IDataObject | undefined;
}
