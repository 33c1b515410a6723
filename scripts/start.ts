/**
 * `npm start`: the local fake providers and a real n8n (scripts/ensure-n8n.sh installs it once)
 * with this package installed and a demo credential per provider, at http://localhost:5678.
 * The n8n user folder lives in the n8n cache (outside the repo, see RealN8n), so workflows you
 * build survive a restart.
 */
import { createWriteStream } from 'fs';
import { join } from 'path';
import { addDemoRecords, growingLists, startFakes } from '../test/demo/providers';
import { credentialExport } from '../test/harness/workflows';
import { RealN8n } from '../test/harness/realN8n';

const PORT = Number(process.env.PORT ?? 5678);

/** Prints what `npm start` is doing, numbered, with the time since it began. */
const began = Date.now();
const STEPS = 4;
function step(number: number, what: string): void {
	console.log(`[${number}/${STEPS}] ${what} (${Math.round((Date.now() - began) / 1000)} s)`);
}

async function main(): Promise<void> {
	step(1, 'Node 24 and n8n: the first run installs them into a cache, about 3 GB and 5 minutes');
	const n8n = await RealN8n.create({ userFolderName: 'demo', port: PORT }, (line) =>
		console.log(`      ${line}`),
	);
	step(2, 'starting the local fake providers');
	const demos = await startFakes();
	for (const { provider, url } of demos) console.log(`      ${provider.name} at ${url}`);

	step(3, 'importing the demo credentials and workflows into n8n');
	await n8n.importCredentials(
		demos.map(({ provider, url }) =>
			credentialExport(provider.credential, provider.credentialData(url)),
		),
	);
	for (const { provider, url } of demos) await n8n.importWorkflow(provider.workflow(url));

	const growing = setInterval(() => addDemoRecords(demos), 60_000);
	const stop = async () => {
		clearInterval(growing);
		await n8n.stop();
		await Promise.all(demos.map(({ fake }) => fake.stop()));
		process.exit(0);
	};
	process.on('SIGINT', () => void stop());
	process.on('SIGTERM', () => void stop());

	const logFile = join(n8n.userFolder, 'n8n.log');
	const log = createWriteStream(logFile, { flags: 'a' });
	step(4, `starting n8n (user folder ${n8n.userFolder}, log ${logFile})`);
	const waiting = Date.now();
	const ticker = setInterval(
		() =>
			console.log(
				`      n8n is starting: ${Math.round((Date.now() - waiting) / 1000)} s (its first start sets up its database)`,
			),
		15_000,
	);
	await n8n.start((text) => log.write(text)).finally(() => clearInterval(ticker));
	const grows = growingLists(demos.map(({ provider }) => provider));
	console.log(
		[
			'',
			`n8n is ready: open http://localhost:${PORT}`,
			'  First visit: create the owner account (any email/password; it stays on this machine).',
			'  Credentials (already imported, pointing at the local fakes):',
			...demos.map(({ provider }) => `    - "${provider.credential.name}": ${provider.notes}`),
			'  Workflows: one "<provider> demo" workflow each; open it and press "Execute workflow".',
			...(grows
				? [
						`  Every minute ${grows} get a new record:`,
						'    import a trigger example (examples/*Trigger.json): n8n puts in the "(local demo)" credential; publish it.',
					]
				: []),
			'  Press Ctrl+C to stop n8n and the fakes.',
			'',
		].join('\n'),
	);
}

main().catch((error) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
