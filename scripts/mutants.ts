/**
 * `npm run mutants`: breaks the package on purpose, one way at a time, and checks that
 * `npm test` (the unit and integration tiers) fails on each break. The list is the protection the
 * fast tier promises; a break it does not catch is a hole. Each break is an exact text swap in
 * one file of package/, restored whatever happens. Prints a table; exits 1 when a break is
 * missed or a swap no longer applies. One break: `npm run mutants -- <number>`.
 */
import { spawnSync } from 'child_process';
import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';

interface Mutation {
	/** What a user would suffer if this shipped. */
	what: string;
	file: string;
	find: string;
	replace: string;
}

const mutations: Mutation[] = [
	{
		what: 'parallel items each sign in (no shared token call)',
		file: 'credentials/common/singleFlight.ts',
		find: 'if (running) return (await running) as T;',
		replace: '',
	},
	{
		what: 'a refreshed token is forgotten by items that read the credential before (rotating refresh spent twice)',
		file: 'credentials/common/lifecycle.ts',
		find: 'newestTokens.set(identity, renewed);',
		replace: '',
	},
	{
		what: 'no renewal ahead of expiry',
		file: 'credentials/common/expiry.ts',
		find: 'const RENEWAL_WINDOW_SHARE = 1 / 12;',
		replace: 'const RENEWAL_WINDOW_SHARE = 0;',
	},
	{
		what: 'a token endpoint outage fails requests although the held token still lives',
		file: 'credentials/common/lifecycle.ts',
		find: 'isUsable(held, Date.now()) ? held : undefined;',
		replace: 'isUsable(held, Date.now()) && false ? held : undefined;',
	},
	{
		what: 'a silent token endpoint holds a run for 5 minutes, not 30 s',
		file: 'credentials/common/lifecycle.ts',
		find: 'const TOKEN_REQUEST_TIMEOUT_MS = 30_000;',
		replace: 'const TOKEN_REQUEST_TIMEOUT_MS = 300_000;',
	},
	{
		what: 'Retry-After read as milliseconds',
		file: 'credentials/common/retryAfter.ts',
		find: 'return Number(text) * 1000;',
		replace: 'return Number(text);',
	},
	{
		what: 'a sign-in goes to a host outside Allowed HTTP Request Domains',
		file: 'credentials/common/lifecycle.ts',
		find: 'if (problem !== undefined) throw configurationError(call.provider, problem);',
		replace: '',
	},
	{
		what: 'a signed request follows a redirect (the token goes along)',
		file: 'credentials/common/signing.ts',
		find: 'followRedirect: false,',
		replace: 'followRedirect: true,',
	},
	{
		what: 'an API answer echoing the token reaches the output',
		file: 'credentials/common/errors.ts',
		find: "if (typeof value === 'string') return redact(value, secrets);",
		replace: "if (typeof value === 'string') return value;",
	},
	{
		what: 'an API whose next link goes back to an earlier page pages until the page bound',
		file: 'nodes/common/operations.ts',
		find: 'if (seen.has(next) || next === first.path) {',
		replace: 'if (next === first.path) {',
	},
	{
		what: 'a list bound error without its reason code',
		file: 'nodes/common/operations.ts',
		find: "return withReason(error, 'list_too_long');",
		replace: 'return error;',
	},
	{
		what: 'a record listed twice is emitted twice',
		file: 'nodes/common/polling.ts',
		find: 'return { listing: [...once.values()], unusable };',
		replace: 'return { listing: entries, unusable };',
	},
	{
		what: 'overlapping polls of one trigger both emit',
		file: 'nodes/common/polling.ts',
		find: 'if (running.has(key)) return null;',
		replace: '',
	},
	{
		what: 'Blynk.Cloud: the client secret is not sent in the query string',
		file: 'credentials/providers/blynk.ts',
		find: "query.set('client_secret', field(credentials, 'clientSecret'));",
		replace: '',
	},
	{
		what: "Culture Amp: the granted scope's permissions are not read",
		file: 'credentials/providers/cultureAmp.ts',
		find: "const part = scope.split(/\\s+/).find((piece) => piece.startsWith('target-entity:'));",
		replace: "const part = scope.split(/\\s+/).find((piece) => piece.startsWith('target:'));",
	},
];

const root = join(__dirname, '..');
/** What loads package files by a computed path: every provider fixture, every registered node and credential. */
const LOADERS = ['test/providers/index.ts', 'test/harness/packageManifest.ts'].map((file) =>
	join(root, file),
);
const only = process.argv[2] === undefined ? undefined : Number(process.argv[2]);
const rows: string[] = [];
let holes = 0;

for (const [index, mutation] of mutations.entries()) {
	const number = index + 1;
	if (only !== undefined && only !== number) continue;
	const path = join(root, 'package', mutation.file);
	const original = readFileSync(path, 'utf8');
	const found = original.split(mutation.find).length - 1;
	if (found !== 1) {
		holes++;
		rows.push(
			`${number}. STALE   ${mutation.what}: the text is in ${mutation.file} ${found} times`,
		);
		continue;
	}
	writeFileSync(
		path,
		original.replace(mutation.find, () => mutation.replace),
	);
	const started = Date.now();
	let run;
	try {
		// Only the tests that import the broken file; the first failing suite ends the run. The
		// provider fixtures and the package manifest require files by a computed path, which
		// jest's import graph does not follow: the tests that load them count as importing it.
		// The node suite loads the nodes package/package.json names: it runs for every break in
		// a node. No test found is a hole, not a catch.
		const nodeSuite = mutation.file.startsWith('nodes/') ? ['test/integration/nodes.test.ts'] : [];
		run = spawnSync(
			'npx',
			[
				'jest',
				'--bail',
				'--silent',
				'--passWithNoTests',
				'--findRelatedTests',
				path,
				...LOADERS,
				...nodeSuite,
			],
			{ cwd: root, encoding: 'utf8' },
		);
	} finally {
		writeFileSync(path, original);
	}
	const seconds = Math.round((Date.now() - started) / 1000);
	const failed = /^FAIL .*$/m
		.exec(run.stderr ?? '')?.[0]
		.replace(/^FAIL\s+(unit|integration)\s+/, '')
		.replace(/\s+\([\d.]+ m?s\)$/, '');
	if (run.status === 0) holes++;
	const verdict = run.status === 0 ? 'MISSED ' : 'caught ';
	rows.push(
		`${number}. ${verdict} ${mutation.what} (${seconds} s${failed ? `, by ${failed}` : ''})`,
	);
	console.log(rows[rows.length - 1]);
}

console.log(`\n${rows.join('\n')}\n`);
console.log(
	holes === 0 ? 'Every break was caught.' : `${holes} break(s) not caught or no longer applicable.`,
);
process.exit(holes === 0 ? 0 : 1);
