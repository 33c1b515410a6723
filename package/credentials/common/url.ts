const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Whether `hostname` is this machine, where plain http is allowed. */
export const isLocalHost = (hostname: string) => LOCAL_HOSTS.has(hostname);

export type UrlCheck = { url: URL } | { problem: string };

/** What is wrong with the URL, if anything: a line of a provider's `validate`. */
export const problemOf = (check: UrlCheck) => 'problem' in check && check.problem;

/** The URL; a hook that needs it only runs after `validate`, so a problem here is thrown. */
export function urlOf(check: UrlCheck): URL {
	if ('problem' in check) throw new Error(check.problem);
	return check.url;
}

/**
 * Reads a URL the user typed: trims it, requires http(s), and requires https unless the host
 * is this machine. Returns what is wrong in words the user can act on.
 */
export function checkApiUrl(raw: unknown, label: string, example: string): UrlCheck {
	const text = typeof raw === 'string' ? raw.trim() : '';
	if (text === '') return { problem: `enter the ${label}, e.g. ${example}` };
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		return { problem: `the ${label} "${text}" is not a URL; enter it like ${example}` };
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		return { problem: `the ${label} must start with https://, e.g. ${example}` };
	}
	if (url.protocol === 'http:' && !LOCAL_HOSTS.has(url.hostname)) {
		const typo = nearlyLocalhost(url.hostname) ? `; "${url.hostname}" is not localhost` : '';
		return {
			problem: `the ${label} must use https:// (plain http is only allowed for localhost${typo}), e.g. ${example}`,
		};
	}
	if (url.username || url.password) {
		return {
			problem: `the ${label} must not contain a user name or password; enter it like ${example}`,
		};
	}
	return { url };
}

/**
 * The target of a request as n8n will send it, or undefined when it cannot be resolved.
 * `httpRequestWithAuthentication` passes `url` (+ `baseURL`); the legacy
 * `requestWithAuthentication`, which n8n's HTTP Request node uses, passes `uri`.
 */
export function requestTarget(options: {
	url?: string;
	uri?: string;
	baseURL?: string;
}): URL | undefined {
	try {
		return new URL(options.url ?? options.uri ?? '', options.baseURL);
	} catch {
		return undefined;
	}
}

/** A host name one or two typing mistakes away from "localhost" ("locahost", "localhots"). */
function nearlyLocalhost(hostname: string): boolean {
	const target = 'localhost';
	if (Math.abs(hostname.length - target.length) > 2) return false;
	let previous = Array.from({ length: target.length + 1 }, (_, i) => i);
	for (let i = 1; i <= hostname.length; i++) {
		const current = [i];
		for (let j = 1; j <= target.length; j++) {
			const substitution = previous[j - 1] + (hostname[i - 1] === target[j - 1] ? 0 : 1);
			current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, substitution);
		}
		previous = current;
	}
	return previous[target.length] <= 2;
}
