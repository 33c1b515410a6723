/**
 * `npm run soak`: a chaos soak. Every credential (each provider and the Token Exchange
 * recipes) runs for 90 simulated days of steady traffic through n8n-core's real request helpers
 * against its local fake, on a virtual clock, meeting faults drawn from a seed (token endpoint
 * outages, API 5xx and 429 bursts, revoked and stolen refresh tokens, a skewed provider clock,
 * process restarts, a slow token endpoint, refused sign-ins). Prints a table per credential
 * and, last, one summary line. `--seed N` replays a run; `--days N` changes its span.
 * What counts as avoidable, and the limit: test/soak/run.ts. Asserts nothing (the week-long run
 * in test/integration/soak.test.ts does).
 */
import { seededRandom, VirtualClock } from '../test/soak/clock';
import {
	avoidableMessages,
	faultTable,
	resultTable,
	summaryLine,
	totalsOf,
} from '../test/soak/report';
import {
	BURST_EVERY_MS,
	BURST_ITEMS,
	REQUEST_EVERY_MS,
	soak,
	soakSubjects,
	TOKEN_LIFETIME_MS,
} from '../test/soak/run';
import type { SoakResult } from '../test/soak/run';

/** Virtual time starts here for every credential (a Monday), whatever the real date. */
const VIRTUAL_START = Date.parse('2027-01-04T00:00:00Z');

function option(name: string): number | undefined {
	const at = process.argv.indexOf(name);
	if (at < 0) return undefined;
	const value = Number(process.argv[at + 1]);
	if (!Number.isInteger(value) || value < 0) {
		throw new Error(`${name} takes a whole number, e.g. ${name} 7`);
	}
	return value;
}

async function main(): Promise<void> {
	const seed = option('--seed') ?? Math.floor(Math.random() * 2 ** 31);
	const days = option('--days') ?? 90;
	const perDay =
		Math.round(86_400_000 / REQUEST_EVERY_MS) + (86_400_000 / BURST_EVERY_MS) * BURST_ITEMS;
	console.log(
		`soak: seed ${seed} (replay: npm run soak -- --seed ${seed} --days ${days}); ${soakSubjects.length} credentials, tokens live ${TOKEN_LIFETIME_MS / 60_000} min; ` +
			`traffic per credential: a request every ${REQUEST_EVERY_MS / 60_000} min on average and ${BURST_ITEMS} parallel items every ${BURST_EVERY_MS / 60_000} min (about ${perDay} requests a day)`,
	);
	// The package's own randomness (e.g. when each process renews) follows the seed too.
	Math.random = seededRandom(seed ^ 0x5eed);
	const results: SoakResult[] = [];
	for (const [index, subject] of soakSubjects.entries()) {
		const clock = new VirtualClock(VIRTUAL_START);
		const began = process.hrtime.bigint();
		clock.install();
		try {
			results.push(await soak(subject, index, seed, days, clock));
		} finally {
			clock.uninstall();
		}
		const seconds = Number(process.hrtime.bigint() - began) / 1e9;
		process.stderr.write(`${subject.name}: ${days} days in ${seconds.toFixed(1)} s\n`);
	}
	console.log(faultTable(results));
	console.log(resultTable(results));
	const messages = avoidableMessages(results);
	if (messages) console.log(messages);
	console.log(summaryLine(totalsOf(days, results)));
}

main().then(
	() => process.exit(0),
	(error: unknown) => {
		console.error(error);
		process.exit(1);
	},
);
