import type { SoakResult } from './run';

export interface Totals {
	days: number;
	requests: number;
	failed: number;
	avoidable: number;
	expired: number;
	lockouts: number;
	calls: number;
	limit: number;
}

export function totalsOf(days: number, results: SoakResult[]): Totals {
	const sum = (pick: (result: SoakResult) => number) =>
		results.reduce((total, result) => total + pick(result), 0);
	return {
		days,
		requests: sum((r) => r.requests),
		failed: sum((r) => r.failed),
		avoidable: sum((r) => r.avoidable),
		expired: sum((r) => r.expired),
		lockouts: sum((r) => r.lockouts),
		calls: sum((r) => r.tokenCalls),
		limit: sum((r) => r.limit),
	};
}

/** The soak's last line, the one the issue asks for (and the test reads). */
export function summaryLine(t: Totals): string {
	return `soak: ${t.days} days, ${t.requests} requests, ${t.failed} failed (${t.avoidable} avoidable), ${t.expired} expired tokens sent, ${t.lockouts} lockouts, ${t.calls} token calls (limit ${t.limit})`;
}

/** The summary line read back: what the test asserts on. */
export function parseSummary(line: string): Totals | undefined {
	const match =
		/^soak: (\d+) days, (\d+) requests, (\d+) failed \((\d+) avoidable\), (\d+) expired tokens sent, (\d+) lockouts, (\d+) token calls \(limit (\d+)\)$/.exec(
			line,
		);
	if (!match) return undefined;
	const [days, requests, failed, avoidable, expired, lockouts, calls, limit] = match
		.slice(1)
		.map(Number);
	return { days, requests, failed, avoidable, expired, lockouts, calls, limit };
}

export function table(title: string, head: string[], rows: string[][]): string {
	const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
	const line = (cells: string[]) =>
		`| ${cells.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`;
	return [`\n${title}`, line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join(
		'\n',
	);
}

export function resultTable(results: SoakResult[]): string {
	return table(
		'Per credential (goal: 0 avoidable, 0 expired, 0 lockouts, token calls within 10 % of the limit)',
		[
			'Credential',
			'Requests',
			'Failed',
			'Avoidable',
			'Held back',
			'Expired sent',
			'Lockouts',
			'Token calls',
			'Limit',
			'Provider clock',
		],
		results.map((r) => [
			r.name,
			String(r.requests),
			String(r.failed),
			String(r.avoidable),
			String(r.heldBack),
			String(r.expired),
			String(r.lockouts),
			String(r.tokenCalls),
			String(r.limit),
			`${r.clockSkewMs > 0 ? '+' : ''}${(r.clockSkewMs / 60_000).toFixed(0)} min`,
		]),
	);
}

export function faultTable(results: SoakResult[]): string {
	const kinds = [...new Set(results.flatMap((r) => Object.keys(r.faults)))];
	return table(
		'Faults met (windows and events)',
		['Credential', ...kinds],
		results.map((r) => [r.name, ...kinds.map((kind) => String(r.faults[kind] ?? 0))]),
	);
}

/** The messages of avoidable failures, most frequent first: what the lifecycle should not have let through. */
export function avoidableMessages(results: SoakResult[]): string {
	const lines = results.flatMap((r) =>
		[...r.avoidableMessages]
			.sort((a, b) => b[1] - a[1])
			.slice(0, 3)
			.map(([message, count]) => `  ${r.name}: ${count} × ${message}`),
	);
	return lines.length === 0
		? ''
		: `\nAvoidable failures (up to 3 messages per credential):\n${lines.join('\n')}`;
}
