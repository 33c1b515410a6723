import { NodeApiError } from 'n8n-workflow';
import { redact, scrubbed, tokenAuthError } from '../../package/credentials/common/errors';
import { reasonOf } from '../../package/credentials/common/errors';
import { obtainToken } from '../../package/credentials/common/lifecycle';
import { ourPeople } from '../../package/credentials/providers/ourPeople';
import { tokenExchange } from '../../package/credentials/providers/tokenExchange';
import { rateLimitFix } from '../../package/nodes/common/rateLimit';
import { errorOf, fakeHttp, shown, uniqueCredentials } from './helpers';

/** Found by an adversarial review: each failed before its fix. */
describe('hostile answers that cost time or memory', () => {
	// How long these take (at 5 MB and 150,000 keys) is printed by `npm run bench`, (f).
	it('a tokenless answer with 20,000 keys: the hint searches 1,000 of its fields, the message stays short', async () => {
		const fields: Record<string, unknown> = {};
		for (let i = 0; i < 20_000; i++) fields[`k${i}`] = { v: { w: 1 } };
		let read = 0;
		const body = new Proxy(fields, {
			get: (target, key, receiver) => {
				if (typeof key === 'string' && key in target) read += 1;
				return Reflect.get(target, key, receiver) as unknown;
			},
		});
		const { http } = fakeHttp({ statusCode: 200, body });
		const error = await errorOf(() => obtainToken(ourPeople, http, uniqueCredentials()));
		expect(reasonOf(error)).toBe('token_endpoint_unavailable');
		expect(read).toBe(1_000);
		expect(error.message.length).toBeLessThan(1_000);
	});

	it('a 1 MB text in a User Info answer is scrubbed to its end', () => {
		const secret = 'Sup3r/Secret=Value+1';
		const big = `${'x'.repeat(1_000_000)}%2B${secret}`;
		const result = scrubbed({ note: big }, [secret]) as { note: string };
		expect(result.note).toBe(`${'x'.repeat(1_000_000)}%2B[redacted]`);
	});
});

describe('echoes the decoder must read', () => {
	const secret = 'Sup3r/Secret=Value+1';
	it.each([
		['\\x escapes', secret.replace(/[/=+]/g, (c) => `\\x${c.charCodeAt(0).toString(16)}`)],
		['\\u{} escapes', secret.replace(/[/=+]/g, (c) => `\\u{${c.charCodeAt(0).toString(16)}}`)],
	])('%s', (_, echoed) => {
		expect(redact(`got ${echoed}!`, [secret])).toBe('got [redacted]!');
	});
});

describe('the provider words cut to fit', () => {
	it('never show the start of a token cut at the edge', () => {
		const token = 't'.repeat(1_250);
		const words = Array.from({ length: 8 }, () => `Authorization: Bearer ${token}`).join(' ');
		const error = tokenAuthError(
			ourPeople,
			{ step: 'request', status: 401, providerMessage: words, fix: 'Check it.' },
			[token],
		);
		expect(error.message).not.toMatch(/t{8}/);
	});
});

describe('errors shared between callers', () => {
	it('are a fresh copy for each caller, none showing the Basic value the credential built', async () => {
		const credentials = {
			apiUrl: 'https://api.echo.example.test',
			signInUrl: 'https://auth.echo.example.test/oauth/token',
			clientId: 'echo-client',
			clientSecret: 'echo-Secret-value',
		};
		const basic = Buffer.from('echo-client:echo-Secret-value').toString('base64');
		const { http } = fakeHttp({
			statusCode: 401,
			body: { error: 'invalid_client', error_description: `unknown client Basic ${basic}` },
		});
		const [a, b] = await Promise.all([
			errorOf(() => obtainToken(tokenExchange, http, credentials)),
			errorOf(() => obtainToken(tokenExchange, http, credentials)),
		]);
		const c = await errorOf(() => obtainToken(tokenExchange, http, credentials));
		expect(a).toBeInstanceOf(NodeApiError);
		expect(reasonOf(a)).toBe('sign_in_rejected');
		expect(a).not.toBe(b);
		expect(c).not.toBe(a);
		expect(c.message).toBe(a.message);
		for (const error of [a, b, c]) expect(shown(error)).not.toContain(basic);
	});
});

describe('a short user name (Token Exchange password grant)', () => {
	it('is not repeated: the provider words are left out', async () => {
		const credentials = {
			apiUrl: 'https://api.short.example.test',
			signInUrl: 'https://auth.short.example.test/token',
			username: 'bob',
			password: 'a-long-password-value',
		};
		const { http } = fakeHttp({
			statusCode: 400,
			body: { error: 'invalid_grant', error_description: 'user bob: bad password' },
		});
		const error = await errorOf(() => obtainToken(tokenExchange, http, credentials));
		expect(error.message).not.toContain('bob');
	});
});

describe('a Retry-After beyond any date', () => {
	it('still gives a fix, not a crash', () => {
		const fix = rateLimitFix(
			ourPeople,
			9_999_999_999_999_999,
			{ retries: 0, waitedMs: 0 },
			Date.now(),
		);
		expect(fix).toMatch(/rate limiting requests: retry later/);
	});
});
