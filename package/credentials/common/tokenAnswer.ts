import type { IDataObject, IN8nHttpFullResponse } from 'n8n-workflow';
import { HTML_PAGE, isHtmlPage, providerMessageOf } from './errors';
import type { Failure, Step } from './errors';
import { expiresAtOf, lifetimeSecondsOf, providerClockOf } from './expiry';
import { expiryMomentOf, momentOnOurClock } from './expiryMoment';
import { tokenOutsideBody } from './tokenOutsideBody';
import { isJsonObject, parsedJson, valueAt } from './fields';
import type {
	Credentials,
	TokenProvider,
	TokenResponse,
	TokenResponseFields,
	TokenSet,
} from './types';
import { ownerOf } from './identity';

/**
 * What a token endpoint's answer means: the tokens it carries, or why it carries none, with
 * the provider's words and what to fix. No request is made here, so every kind of answer is
 * tested on its own (the lifecycle sends the request and turns a failure into an error).
 */
export function readTokenAnswer(
	provider: TokenProvider,
	credentials: Credentials,
	step: Step,
	response: Pick<IN8nHttpFullResponse, 'statusCode' | 'body' | 'headers'>,
	receivedAt: number,
): { tokens: TokenSet } | { failure: Omit<Failure, 'step'> } {
	const status = response.statusCode;
	if (status >= 300 && status < 400) {
		return {
			failure: {
				status,
				providerMessage: (outside) =>
					`the token endpoint redirected to ${outside(String(response.headers?.location ?? 'another address'))}`,
				fix: 'Check the API URL: enter the address the API answers on directly (usually https://).',
			},
		};
	}
	if (status >= 400) {
		const page = isHtmlPage(response.body);
		const providerMessage = page ? undefined : providerMessageOf(response.body);
		// A web page answering a client error (404, 405...) is a web server, not the API.
		const fix =
			page && status < 500 ? NOT_THE_API : fixFor(provider, step, status, providerMessage);
		return { failure: { status, providerMessage: page ? () => HTML_PAGE : providerMessage, fix } };
	}

	// A 2xx answer that is unusable is not an HTTP failure: the message leaves its status out.
	const fields = provider.responseFields(credentials);
	const read = readAnswer(fields, response);
	if ('failure' in read) return read;
	const defaultLifetime = provider.defaultLifetimeSeconds?.(credentials);
	const clock = providerClockOf(response.headers as IDataObject | undefined);
	const expiresAt =
		(read.expiresAt === undefined
			? expiresAtOf(read, receivedAt, clock.now, clock.ageSeconds)
			: momentOnOurClock(read.expiresAt, receivedAt, clock.now)) ??
		(defaultLifetime ? receivedAt + defaultLifetime * 1000 : undefined);
	if (expiresAt !== undefined && expiresAt <= receivedAt) {
		return {
			failure: {
				providerMessage: () => 'the provider issued a token that has already expired',
				fix: "Check this machine's clock, and the token lifetime configured at the provider.",
			},
		};
	}
	return {
		tokens: {
			accessToken: read.accessToken,
			refreshToken: read.refreshToken,
			issuedAt: receivedAt,
			expiresAt,
			scope: read.scope,
			owner: ownerOf(provider, credentials, read.accessToken),
		},
	};
}

/** A server that has no such route: the URL or its port leads to another service. */
const NO_SIGN_IN_HERE =
	'Nothing at this address takes a sign-in: check the API URL and its port, which may lead to another service.';

/** The token and what else the answer says, from where `fields` say they are. */
function readAnswer(
	fields: TokenResponseFields,
	response: Pick<IN8nHttpFullResponse, 'body' | 'headers'>,
): TokenResponse | { failure: Omit<Failure, 'step'> } {
	const source = fields.accessTokenIn ?? 'body';
	if (source !== 'body') {
		const found = tokenOutsideBody(source, fields.accessToken, response);
		if ('failure' in found) return found;
		// The rest (refresh token, expiry) is read from a JSON body, if there is one.
		const rest = readTokenResponse({ ...fields, accessToken: '' }, parseJson(response.body) ?? {});
		return { ...rest, accessToken: found.accessToken };
	}
	const body = parseJson(response.body);
	if (body === undefined) return { failure: unusableAnswer(response.body) };
	const read = readTokenResponse(fields, body);
	if (read.accessToken !== '') return read;
	const keys = Object.keys(body).join(', ') || 'none';
	const likely = likelyTokenPath(body);
	return {
		failure: {
			providerMessage: (outside) =>
				`the answer has no "${fields.accessToken}" (it has: ${outside(keys)})`,
			fix: likely
				? (outside) =>
						`The token looks like it is at "${outside(likely)}": set the token path to that.`
				: 'The token endpoint answered without a token. Check the API URL and the provider status.',
		},
	};
}

const NOT_THE_API =
	"Check the API URL: it answered with a web page, so it is not the API (is it the web console's address?). Enter the API's own address.";

/**
 * Why a 2xx answer that is not a JSON object is unusable. Its text is never repeated: a token
 * endpoint answering in plain text may well be answering with the token itself.
 */
function unusableAnswer(body: unknown): Omit<Failure, 'step'> {
	const text = typeof body === 'string' ? body.trim() : '';
	if (isHtmlPage(body))
		return {
			providerMessage: () => HTML_PAGE,
			fix: NOT_THE_API,
		};
	if (/^[[{]/.test(text)) {
		return {
			providerMessage: () => 'the answer is not valid JSON (cut off or malformed)',
			fix: 'The token endpoint sent a broken answer; try again later. If it persists, check the API URL and the provider status.',
		};
	}
	return {
		providerMessage: () =>
			text === ''
				? 'the answer was empty, not JSON'
				: `the answer was plain text (${text.length} characters), not JSON`,
		fix: 'Check the API URL: it must point at the API, not at the web console.',
	};
}

function fixFor(
	provider: TokenProvider,
	step: Step,
	status: number,
	providerMessage?: string,
): string {
	if (status === 429) return 'The provider is rate limiting sign-ins; wait a minute and try again.';
	if (status >= 500) return 'The provider had a problem answering; try again later.';
	if (status === 404 || status === 405) return NO_SIGN_IN_HERE;
	if (step === 'refresh') return 'The refresh token was rejected; the credential signs in again.';
	return provider.signInFixFor?.(status, providerMessage) ?? provider.signInFix;
}

const TOKEN_KEY = /^(access_?token|token|jwt|id_?token|accessToken|bearer)$/i;

/** The dot path of the first string under a key named like a token, searched breadth first. */
function likelyTokenPath(body: IDataObject): string | undefined {
	const queue: Array<[IDataObject, string]> = [[body, '']];
	let looked = 0;
	// An index, not shift(): a hostile answer with a huge number of keys must stay linear; and
	// the search gives up after so many fields (a hint, not a guarantee).
	for (let next = 0; next < queue.length; next++) {
		const [object, prefix] = queue[next];
		for (const key in object) {
			if (++looked > MAX_FIELDS_SEARCHED) return undefined;
			const value = object[key];
			const path = `${prefix}${key}`;
			if (typeof value === 'string' && TOKEN_KEY.test(key)) return path;
			if (isJsonObject(value)) queue.push([value, `${path}.`]);
		}
	}
	return undefined;
}

const MAX_FIELDS_SEARCHED = 1_000;

function parseJson(body: unknown): IDataObject | undefined {
	const parsed = parsedJson(body);
	return isJsonObject(parsed) ? parsed : undefined;
}

function readTokenResponse(fields: TokenResponseFields, body: IDataObject): TokenResponse {
	const accessToken = valueAt(body, fields.accessToken);
	const refreshToken = valueAt(body, fields.refreshToken);
	const scope = valueAt(body, fields.scope);
	const expiry = valueAt(body, fields.expiresIn);
	const expiresAt = expiryMomentOf(expiry);
	return {
		accessToken: typeof accessToken === 'string' ? accessToken : '',
		refreshToken:
			typeof refreshToken === 'string' && refreshToken !== '' ? refreshToken : undefined,
		expiresIn: expiresAt === undefined ? lifetimeSecondsOf(expiry) : undefined,
		expiresAt,
		scope: typeof scope === 'string' ? scope : undefined,
	};
}
