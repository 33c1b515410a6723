/** The wait a Retry-After header asks for (seconds, or an HTTP date); undefined without a usable one. */
export function retryAfterMs(header: unknown, now: number): number | undefined {
	const text = String((Array.isArray(header) ? header[0] : header) ?? '').trim();
	if (/^\d+$/.test(text)) return Number(text) * 1000;
	// An HTTP date names its month; anything else Date.parse would also accept ("1.5") is not one.
	const at = /[a-z]{3}/i.test(text) ? Date.parse(text) : NaN;
	return Number.isFinite(at) ? Math.max(at - now, 0) : undefined;
}
