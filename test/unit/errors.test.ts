import { NodeApiError } from 'n8n-workflow';
import {
	providerMessageOf,
	reasonOf,
	redact,
	tokenAuthError,
} from '../../package/credentials/common/errors';
import { ourPeople } from '../../package/credentials/providers/ourPeople';
import { headlineOf } from '../harness/headline';

describe('providerMessageOf', () => {
	it.each([
		['error_description', { error_description: 'Client authentication failed' }],
		['message', { message: 'Client authentication failed' }],
		['error', { error: 'Client authentication failed' }],
		['detail', { detail: 'Client authentication failed' }],
		['a nested error object', { error: { message: 'Client authentication failed' } }],
		['a JSON string body', JSON.stringify({ message: 'Client authentication failed' })],
	])('reads the provider message from %s', (_, body) => {
		expect(providerMessageOf(body)).toBe('Client authentication failed');
	});

	it('combines error code and description', () => {
		const message = providerMessageOf({ error: 'invalid_client', error_description: 'Bad secret' });
		expect(message).toContain('invalid_client');
		expect(message).toContain('Bad secret');
	});

	it.each([
		'<!DOCTYPE html><html><body>Login</body></html>',
		'  <html><head><title>Console</title></head></html>',
	])('says an HTML page came back instead of quoting it', (page) => {
		const message = providerMessageOf(page);
		expect(message).toMatch(/HTML page/);
		expect(message).not.toMatch(/Login|Console/);
	});

	it('quotes plain text', () => {
		expect(providerMessageOf('Service Unavailable')).toBe('Service Unavailable');
	});

	it('is cut short in the error message when the provider says a lot', () => {
		const long = 'x'.repeat(5000);
		const error = tokenAuthError(
			ourPeople,
			{ step: 'sign-in', providerMessage: providerMessageOf({ message: long }), fix: 'f' },
			[],
		);
		expect(error.message.length).toBeLessThan(400);
		expect(headlineOf(error)).toMatch(/x…$/);
	});

	it('reads JSON:API style error arrays', () => {
		expect(
			providerMessageOf({ errors: [{ detail: 'scope missing' }, { title: 'Forbidden' }] }),
		).toBe('scope missing - Forbidden');
	});

	it.each([undefined, null, '', {}, { unrelated: 'value' }])('is undefined for %p', (body) => {
		expect(providerMessageOf(body)).toBeUndefined();
	});
});

describe('redact', () => {
	const secret = `Ab/c"d<e>&f g%h~!'()*`;
	it.each([
		['as is', secret],
		['percent-encoded', encodeURIComponent(secret)],
		[
			"percent-encoded as n8n's qs option encodes query parameters (RFC 3986: also ! ' ( ) *)",
			encodeURIComponent(secret).replace(
				/[!'()*]/g,
				(c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
			),
		],
		['JSON-escaped with \\/', JSON.stringify(secret).slice(1, -1).replace(/\//g, '\\/')],
		[
			'JSON \\u-escaped',
			[...secret]
				.map((c) => (/[a-z]/i.test(c) ? c : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`))
				.join(''),
		],
		[
			'HTML-escaped',
			secret
				.replace(/&/g, '&amp;')
				.replace(/</g, '&lt;')
				.replace(/>/g, '&gt;')
				.replace(/"/g, '&quot;'),
		],
		['HTML numeric entities', [...secret].map((c) => `&#${c.charCodeAt(0)};`).join('')],
		[
			'percent-encoded in lower case',
			encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
		],
		['form-encoded (+ for a space)', new URLSearchParams({ s: secret }).toString().slice(2)],
	])('removes a secret echoed %s', (_, echoed) => {
		expect(redact(`got ${echoed} here`, [secret])).toBe('got [redacted] here');
	});

	it('takes a trailing "%" secret with its encoding whole', () => {
		expect(redact('p=abc%25 q', ['abc%'])).toBe('p=[redacted] q');
	});

	it('removes the longest secret first, leaving no tail of it behind', () => {
		const text = redact('token abcd-efgh-ijkl', ['abcd', 'abcd-efgh-ijkl']);
		expect(text).toBe('token [redacted]');
	});

	it('ignores secrets shorter than 4 characters and missing ones', () => {
		const text = 'a bc abc def';
		expect(redact(text, ['abc', 'bc', '', undefined])).toBe(text);
		expect(redact('key abcd', ['abcd'])).toBe('key [redacted]');
	});
});

describe('tokenAuthError', () => {
	const secret = 'Zq9-very-secret-value';
	const error = tokenAuthError(
		ourPeople,
		{
			step: 'sign-in',
			status: 401,
			providerMessage: `Invalid secret ${secret}`,
			fix: 'Check the Client Secret.',
		},
		[secret],
	);

	it('is a NodeApiError naming provider, step, HTTP status and what the provider said', () => {
		expect(error).toBeInstanceOf(NodeApiError);
		expect(headlineOf(error)).toBe(
			'OurPeople sign-in failed (HTTP 401): Invalid secret [redacted]',
		);
		expect(reasonOf(error)).toBe('sign_in_rejected');
		expect(error.httpCode).toBe('401');
	});

	it.each([
		['sign-in', 400, 'sign_in_rejected'],
		['refresh', 302, 'sign_in_rejected'],
		['refresh', undefined, 'token_endpoint_unavailable'],
		['sign-in', 502, 'token_endpoint_unavailable'],
		['sign-in', 429, 'rate_limited'],
		['request', 429, 'rate_limited'],
		['request', 401, 'api_rejected'],
		['request', 302, 'api_error'],
		['request', undefined, 'api_unavailable'],
		['configuration', undefined, 'configuration'],
	] as const)('a %s failure with HTTP %p has the reason %s', (step, status, reason) => {
		expect(reasonOf(tokenAuthError(ourPeople, { step, status, fix: 'f' }, []))).toBe(reason);
	});

	it('puts the fix in the description', () => {
		expect(error.description).toContain('Check the Client Secret');
	});

	it('carries the secret nowhere', () => {
		expect(error.message).not.toContain(secret);
		expect(error.description).not.toContain(secret);
		expect(JSON.stringify(error)).not.toContain(secret);
	});

	it('leaves out the status when there is none', () => {
		const noStatus = tokenAuthError(ourPeople, { step: 'refresh', fix: 'Try again.' }, []);
		expect(noStatus.message).toContain('OurPeople refresh failed');
		expect(noStatus.message).not.toContain('HTTP');
	});
});

describe('tokenAuthError is no oracle', () => {
	it.each(['fail', 'sign', 'OurPeople', 'answer'])(
		'keeps its own words when the secret is "%s"',
		(secret) => {
			const error = tokenAuthError(
				ourPeople,
				{
					step: 'sign-in',
					status: 401,
					providerMessage: () => 'the answer was plain text (12 characters), not JSON',
					fix: 'Check the Client ID and Client Secret.',
				},
				[secret],
			);
			// The fix ends the message: the Test button and error workflows show the message alone.
			expect(error.message).toBe(
				'OurPeople sign-in failed (HTTP 401): the answer was plain text (12 characters), not JSON. Check the Client ID and Client Secret.',
			);
			expect(error.description).toBe('Check the Client ID and Client Secret.');
		},
	);

	it('leaves out the provider words when a secret is too short to find safely', () => {
		const error = tokenAuthError(
			ourPeople,
			{
				step: 'sign-in',
				status: 400,
				providerMessage: 'bad password x1y for you',
				fix: 'Check it.',
			},
			['x1y'],
		);
		expect(error.message).toMatch(/^OurPeople sign-in failed \(HTTP 400\): /);
		expect(error.message).not.toContain('x1y');
		expect(error.message).not.toContain('for you');
	});
});
