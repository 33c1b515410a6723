import { checkApiUrl } from '../../package/credentials/common/url';

const LABEL = 'API URL';
const EXAMPLE = 'https://example-api.ourpeople.co';

function accepted(raw: unknown): URL {
	const check = checkApiUrl(raw, LABEL, EXAMPLE);
	if ('problem' in check) throw new Error(`rejected: ${check.problem}`);
	return check.url;
}

function problemWith(raw: unknown): string {
	const check = checkApiUrl(raw, LABEL, EXAMPLE);
	if (!('problem' in check)) throw new Error(`accepted ${check.url.href}`);
	return check.problem;
}

describe('checkApiUrl', () => {
	it('trims stray whitespace and line breaks', () => {
		expect(accepted('  https://api.example.test \n').href).toBe('https://api.example.test/');
	});

	it.each([
		'https://api.example.test/',
		'https://api.example.test/v1/base',
		'https://api.example.test:8443',
	])('accepts %s', (raw) => {
		expect(accepted(raw).hostname).toBe('api.example.test');
	});

	it.each(['http://localhost:5678', 'http://127.0.0.1:8080/api', 'http://[::1]:3000'])(
		'allows plain http for this machine: %s',
		(raw) => {
			expect(accepted(raw).protocol).toBe('http:');
		},
	);

	it.each([
		['plain http to another host', 'http://example.com', /https:\/\//],
		[
			'plain http to a host that only starts with localhost',
			'http://localhost.evil.test',
			/https:\/\//,
		],
		['a javascript: URL', 'javascript:alert(1)', /https:\/\//],
		['only whitespace', '   ', /enter/],
		['a non-string', 42, /enter/],
	])('rejects %s, naming the field and an example', (_, raw, reason) => {
		const problem = problemWith(raw);
		expect(problem).toMatch(reason);
		expect(problem).toContain(LABEL);
		expect(problem).toContain(EXAMPLE);
	});
});
