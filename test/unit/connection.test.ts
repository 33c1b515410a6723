import { connectionTrouble } from '../../package/credentials/common/connection';
import type { ProviderWords } from '../../package/credentials/common/errors';

/** The words with the outside parts marked, to see which parts are quoted. */
const read = (words: ProviderWords) =>
	typeof words === 'string' ? words : words((outside) => `<${outside}>`);

describe('connectionTrouble', () => {
	const api = new URL('https://api.example.com:8443/v1');

	it.each([
		[
			'CERT_HAS_EXPIRED',
			/^the TLS certificate of <api\.example\.com> is not trusted \(<cert_has_expired>\)$/,
			/NODE_EXTRA_CA_CERTS/,
		],
		[
			'DEPTH_ZERO_SELF_SIGNED_CERT',
			/is not trusted \(<depth_zero_self_signed_cert>\)$/,
			/certificate authority/,
		],
		['ERR_TLS_CERT_ALTNAME_INVALID', /is not trusted/, /^Check the host name in the URL/],
		[
			'EHOSTUNREACH',
			/^<api\.example\.com> cannot be reached from this n8n instance/,
			/firewall, proxy, VPN/,
		],
		[
			'ECONNRESET',
			/^<api\.example\.com:8443> closed the connection without an answer/,
			/scheme \(https:\/\/\) and port/,
		],
		['EAI_AGAIN', /^the host <api\.example\.com> does not exist/, /typo/],
	])('%s: names the host and what to do', (code, what, fix) => {
		const trouble = connectionTrouble(code, api)!;

		expect(read(trouble.what)).toMatch(what);
		expect(read(trouble.fix)).toMatch(fix);
	});

	it('TLS to plain http: suggests http:// only for this machine', () => {
		const remote = connectionTrouble('EPROTO', api)!;
		const local = connectionTrouble('EPROTO', new URL('https://localhost:5801'))!;

		expect(read(remote.fix)).not.toMatch(/http:\/\/ for a server on this machine/);
		expect(read(local.fix)).toMatch(/, or http:\/\/ for a server on this machine\.$/);
	});

	it('leaves codes it cannot explain, and timeouts, to the caller', () => {
		expect(connectionTrouble(undefined, api)).toBeUndefined();
		expect(connectionTrouble('ESOMETHING', api)).toBeUndefined();
		expect(connectionTrouble('EPROTO', new URL('http://localhost:1'))).toBeUndefined();
	});
});
