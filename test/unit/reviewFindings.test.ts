import { NodeApiError } from 'n8n-workflow';
import { redact, scrubbed, tokenAuthError } from '../../package/credentials/common/errors';
import { obtainToken } from '../../package/credentials/common/lifecycle';
import { ourPeople } from '../../package/credentials/providers/ourPeople';
import { tokenExchange } from '../../package/credentials/providers/tokenExchange';
import { rateLimitFix } from '../../package/nodes/common/rateLimit';
import { errorOf, fakeHttp, uniqueCredentials } from './helpers';

/** Found by an adversarial review: each failed before its fix. */
describe('hostile answers that cost time or memory', () => {
	it('a tokenless answer with 150,000 keys is read in well under a second', async () => {
		const body: Record<string, unknown> = {};
		for (let i = 0; i < 150_000; i++) body[`k${i}`] = { v: { w: 1 } };
		const { http } = fakeHttp({ statusCode: 200, body });
		const started = Date.now();
		const error = await errorOf(() => obtainToken(ourPeople, http, uniqueCredentials()));
		expect(error.message).toMatch(/has no "token"/);
		expect(Date.now() - started).toBeLessThan(3_000);
	});

	it('a 5 MB text in a User Info answer is scrubbed (a guard: before the fix it took 3 s and ~1 GB)', () => {
		const secret = 'Sup3r/Secret=Value+1';
		const big = `${'x'.repeat(5_000_000)}%2B${secret}`;
		const started = Date.now();
		const result = scrubbed({ note: big }, [secret]) as { note: string };
		expect(result.note.endsWith('[redacted]')).toBe(true);
		expect(Date.now() - started).toBeLessThan(5_000);
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
	it('are a fresh copy for each caller', async () => {
		const credentials = uniqueCredentials();
		const { http } = fakeHttp({ statusCode: 401, body: { error: 'invalid_client' } });
		const [a, b] = await Promise.all([
			errorOf(() => obtainToken(ourPeople, http, credentials)),
			errorOf(() => obtainToken(ourPeople, http, credentials)),
		]);
		const c = await errorOf(() => obtainToken(ourPeople, http, credentials));
		expect(a).toBeInstanceOf(NodeApiError);
		expect(a).not.toBe(b);
		expect(c).not.toBe(a);
		expect(c.message).toBe(a.message);
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
