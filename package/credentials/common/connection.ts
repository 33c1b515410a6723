import type { ProviderWords } from './errors';
import { isLocalHost } from './url';

/** What went wrong and what to fix, quoting the host as words from outside (see ProviderWords). */
export interface ConnectionTrouble {
	what: ProviderWords;
	fix: ProviderWords;
}

const TLS_TO_PLAIN_HTTP = new Set([
	'EPROTO',
	'ERR_SSL_WRONG_VERSION_NUMBER',
	'ERR_SSL_PACKET_LENGTH_TOO_LONG',
	'ERR_SSL_HTTP_REQUEST',
]);
const NO_SUCH_HOST = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL']);
const CLOSED = new Set(['ECONNRESET', 'EPIPE', 'ERR_SOCKET_CLOSED']);
const UNREACHABLE = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN']);
const UNTRUSTED_CERTIFICATE = new Set([
	'CERT_HAS_EXPIRED',
	'CERT_NOT_YET_VALID',
	'DEPTH_ZERO_SELF_SIGNED_CERT',
	'SELF_SIGNED_CERT_IN_CHAIN',
	'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
	'UNABLE_TO_GET_ISSUER_CERT',
	'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
	'ERR_TLS_CERT_ALTNAME_INVALID',
	'CERT_UNTRUSTED',
]);

/**
 * What a request that got no answer most likely ran into, from the error code Node's network
 * stack gave, naming the host and the likely fix; undefined for a code without a known cause.
 */
export function connectionTrouble(
	code: string | undefined,
	target: URL,
): ConnectionTrouble | undefined {
	const name = target.hostname;
	const upper = code?.toUpperCase();
	if (upper === undefined) return undefined;
	if (TLS_TO_PLAIN_HTTP.has(upper) && target.protocol === 'https:') {
		return {
			what: (outside) =>
				`${outside(target.host)} does not answer https:// there (the server speaks plain http on that port)`,
			fix: `Check the port of the URL: it reaches a server without TLS. Use the address where the API answers https://${isLocalHost(name) ? ', or http:// for a server on this machine' : ''}.`,
		};
	}
	if (upper === 'ECONNREFUSED') {
		return {
			what: (outside) => `nothing accepts connections at ${outside(target.host)}`,
			fix: (outside) =>
				`Check the port of the URL and that the server at ${outside(name)} is running.`,
		};
	}
	if (NO_SUCH_HOST.has(upper)) {
		return {
			what: (outside) => `the host ${outside(name)} does not exist (its name does not resolve)`,
			fix: `Check the host name in the URL for a typo; if it is right, check this n8n instance's DNS and network.`,
		};
	}
	if (UNTRUSTED_CERTIFICATE.has(upper)) {
		return {
			what: (outside) =>
				`the TLS certificate of ${outside(name)} is not trusted (${outside(upper.toLowerCase())})`,
			fix: `Check the host name in the URL. For a company certificate authority, the n8n admin adds it to the instance (NODE_EXTRA_CA_CERTS).`,
		};
	}
	if (UNREACHABLE.has(upper)) {
		return {
			what: (outside) =>
				`${outside(name)} cannot be reached from this n8n instance (${outside(upper.toLowerCase())})`,
			fix: (outside) =>
				`Check the network between this n8n instance and ${outside(name)} (firewall, proxy, VPN).`,
		};
	}
	if (CLOSED.has(upper)) {
		return {
			what: (outside) =>
				`${outside(target.host)} closed the connection without an answer (${outside(upper.toLowerCase())})`,
			fix: `Check that the URL's scheme (https://) and port are the API's; if they are, try again later.`,
		};
	}
	return undefined;
}
