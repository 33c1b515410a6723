import { createHash } from 'crypto';
import { obtainToken } from '../../package/credentials/common/lifecycle';
import { identityOf, ownerOf } from '../../package/credentials/common/identity';
import type { Credentials } from '../../package/credentials/common/types';
import { comm100 } from '../../package/credentials/providers/comm100';
import { errorOf, fakeHttp, shown, tokenLiving } from './helpers';

let counter = 0;

/** Credentials no other test shares, so the lifecycle's per-identity memory stays separate. */
function credentials(extra: Credentials = {}): Credentials {
	counter += 1;
	return {
		baseUrl: `https://partner${counter}.comm100.test`,
		partnerId: '10000',
		clientId: `client-${counter}`,
		email: `agent${counter}@company.test`,
		password: `P@ss word&=+${counter}%`,
		...extra,
	};
}

describe('the Comm100 sign-in request', () => {
	it('is the documented password grant: POST /oauth/token?partnerId, form body', () => {
		const c = credentials({ partnerId: ' 10000 ', email: ' name@company.test\n' });

		expect(comm100.signInRequest(c)).toEqual({
			method: 'POST',
			url: `${c.baseUrl}/oauth/token`,
			qs: { partnerId: '10000' },
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
			body: {
				client_id: c.clientId,
				grant_type: 'password',
				email: 'name@company.test',
				password: c.password,
			},
		});
	});

	it('goes to the origin of an API host typed with a path', () => {
		const c = credentials();
		expect(comm100.signInRequest({ ...c, baseUrl: `${c.baseUrl}/oauth/` }).url).toBe(
			`${c.baseUrl}/oauth/token`,
		);
	});

	it('takes the lifetime from expires_in and keeps no refresh token, even when the answer has one', async () => {
		const c = credentials();
		const { http } = fakeHttp({
			statusCode: 200,
			body: {
				access_token: tokenLiving(99_999),
				token_type: 'Bearer',
				expires_in: 43200,
				refresh_token: 'F137',
			},
		});
		const before = Date.now();

		const fields = await obtainToken(comm100, http, c);

		const lifetime =
			Date.parse(fields.tokenExpiresAt as string) - Date.parse(fields.tokenIssuedAt as string);
		expect(lifetime).toBe(43200 * 1000);
		expect(Date.parse(fields.tokenIssuedAt as string)).toBeGreaterThanOrEqual(before);
		expect(fields.refreshToken).toBe('');
	});
});

describe('the Comm100 sign-in identity', () => {
	it.each(['baseUrl', 'partnerId', 'clientId', 'email', 'password'])(
		'changes when %s changes, so a token is never used for other sign-in data',
		(name) => {
			const c = credentials({ baseUrl: 'https://partner.comm100.io' });
			const changed = {
				...c,
				[name]: name === 'baseUrl' ? 'https://api15.comm100.io' : `${c[name] as string}x`,
			};
			expect(identityOf(comm100, changed)).not.toBe(identityOf(comm100, c));
		},
	);

	it('treats only the password as a secret', () => {
		const c = credentials();
		expect(comm100.secrets(c)).toEqual([c.password]);
	});
});

describe('Comm100 credential fields', () => {
	const problem = (extra: Credentials) => comm100.validate(credentials(extra));

	it('accepts the documented host and localhost over http', () => {
		expect(problem({ baseUrl: 'https://partner.comm100.io' })).toBeUndefined();
		expect(problem({ baseUrl: 'http://localhost:5803' })).toBeUndefined();
	});

	it.each([
		['clientId', 'enter the Client ID'],
		['email', 'enter the Email'],
		['password', 'enter the Password'],
	])('says what to enter when %s is empty', (name, message) => {
		expect(problem({ [name]: '  ' })).toContain(message);
	});

	it('spots an email typed without @, without repeating it', () => {
		const message = problem({ email: 'agent.company.test' });
		expect(message).toMatch(/Email must be an email address/);
		expect(message).not.toContain('agent.company.test');
	});
});

describe('a rejected Comm100 sign-in', () => {
	it("says which field to check from Comm100's words, and all of them when the words say nothing", () => {
		expect(comm100.signInFixFor!(400, 'The account is locked - invalid_grant')).toMatch(
			/^The Comm100 account is locked: have it unlocked/,
		);
		expect(comm100.signInFixFor!(400, 'Partner 99999 does not exist')).toMatch(
			/^Check the Partner ID/,
		);
		expect(comm100.signInFixFor!(400, 'invalid_client')).toMatch(/^Check the Client ID/);
		expect(comm100.signInFixFor!(400, 'invalid_grant')).toMatch(/^Check the email and password/);
		expect(comm100.signInFixFor!(401, undefined)).toBeUndefined();
		expect(comm100.signInFix).toMatch(/Partner ID, the Client ID .* email and password/);
	});
});

describe('the stored token owner', () => {
	it('cannot be used to try passwords offline: it is keyed with the token n8n never shows', async () => {
		const c = credentials();
		const { http } = fakeHttp({
			statusCode: 200,
			body: { access_token: 'comm100-token', expires_in: 43200 },
		});
		const stored = { ...c, ...(await obtainToken(comm100, http, c)) };
		// What anyone who can open the credential sees: every field but the password-typed ones.
		const visible = { ...stored, password: '', accessToken: '' };
		const guess = (password: string) =>
			createHash('sha256')
				.update(JSON.stringify(['comm100Api', ...comm100.identity({ ...visible, password })]))
				.digest('hex')
				.slice(0, 32);

		expect(stored.tokenOwner).not.toBe(guess(c.password as string));
		expect(stored.tokenOwner).not.toBe(ownerOf(comm100, c, ''));
		expect(stored.tokenOwner).toBe(ownerOf(comm100, c, 'comm100-token'));
	});
});

describe('Comm100 errors and the email address', () => {
	it('do not repeat the email Comm100 quotes back (personal data)', async () => {
		const c = credentials();
		const { http } = fakeHttp({
			statusCode: 400,
			body: { error: 'invalid_grant', error_description: `No agent ${c.email as string}` },
		});

		const error = await errorOf(() => obtainToken(comm100, http, c));

		expect(error.message).toMatch(/^Comm100 sign-in failed \(HTTP 400\): No agent \[redacted\]/);
		expect(shown(error)).not.toContain(c.email as string);
	});
});
