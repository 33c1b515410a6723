import type { Credentials } from './types';

/**
 * n8n 2.x adds two fields to every credential with an `authenticate` hook: *Allowed HTTP
 * Request Domains* (`all`, `domains` or `none`) and *Allowed Domains* (comma-separated;
 * `*.example.com` matches its sub-domains, never example.com itself). n8n holds its HTTP
 * Request node and a credential's own token requests to the list, but not the requests a
 * community node makes: this package holds every request it signs, and every token request, to
 * it as well, matching hosts as n8n does (host name only, any port), so the two never disagree.
 * `none` only keeps the credential out of the HTTP Request node; its own nodes still use it.
 */
export const DOMAIN_RESTRICTION_FIELDS = ['allowedHttpRequestDomains', 'allowedDomains'];

/** What is wrong with sending to `url` under the credential's list, as a sentence with the fix. */
export function allowedDomainsProblem(
	credentials: Credentials,
	url: string,
	purpose: string,
): string | undefined {
	if (credentials.allowedHttpRequestDomains !== 'domains') return undefined;
	const host = hostnameOf(url);
	// Never repeat an address that is no URL: its query may hold a secret.
	if (host === undefined) {
		return `the address ${purpose.replace(/^the host /, '')} is not a valid URL, so Allowed Domains cannot be checked: correct it`;
	}
	const list = typeof credentials.allowedDomains === 'string' ? credentials.allowedDomains : '';
	const entries = list
		.split(',')
		.map((entry) => entry.trim().toLowerCase().replace(/\.$/, ''))
		.filter(Boolean);
	if (entries.length === 0) {
		return `Allowed HTTP Request Domains is set to Specific Domains, but Allowed Domains is empty: enter the domains it may reach (${host} ${purpose})`;
	}
	if (entries.some((entry) => matches(host, entry))) return undefined;
	return `its Allowed Domains (${entries.join(', ')}) leave out ${host}, ${purpose}: add ${host} to Allowed Domains, or set Allowed HTTP Request Domains to All`;
}

function matches(host: string, entry: string): boolean {
	if (!entry.startsWith('*.')) return host === entry;
	return entry.length > 2 && host.endsWith(entry.slice(1));
}

function hostnameOf(url: string): string | undefined {
	try {
		return new URL(url).hostname.toLowerCase().replace(/\.$/, '') || undefined;
	} catch {
		return undefined;
	}
}
