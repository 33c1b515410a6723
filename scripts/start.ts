/**
 * `npm start`: the local fake providers and a real n8n (scripts/ensure-n8n.sh installs it once)
 * with this package installed and a demo credential per provider, at http://localhost:5678.
 * The n8n user folder lives in the n8n cache (outside the repo, see RealN8n), so workflows you
 * build survive a restart.
 */
import { createWriteStream } from 'fs';
import { join } from 'path';
import { addDemoRecords, startFakes } from '../test/demo/providers';
import { credentialExport } from '../test/harness/workflows';
import { RealN8n } from '../test/harness/realN8n';

const PORT = Number(process.env.PORT ?? 5678);

async function main(): Promise<void> {
	console.log(
		'Preparing n8n (the first run installs Node 24 and n8n into a cache; a few minutes)...',
	);
	const n8n = await RealN8n.create({ userFolderName: 'demo', port: PORT });
	const demos = await startFakes();
	for (const { provider, url } of demos) console.log(`Fake ${provider.name} listening at ${url}`);

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
	console.log(`Starting n8n (user folder ${n8n.userFolder}, log ${logFile})...`);
	await n8n.start((text) => log.write(text));
	console.log(
		[
			'',
			`n8n is ready: open http://localhost:${PORT}`,
			'  First visit: create the owner account (any email/password; it stays on this machine).',
			'  Credentials (already imported, pointing at the local fakes):',
			...demos.map(({ provider }) => `    - "${provider.credential.name}": ${provider.notes}`),
			'  Workflows: one "<provider> demo" workflow each; open it and press "Execute workflow".',
			'  Every minute the OurPeople users, Culture Amp employees and Blynk devices get a new record:',
			'    import a trigger example (examples/*Trigger.json), pick its "(local demo)" credential and publish it.',
			'  Press Ctrl+C to stop n8n and the fakes.',
			'',
		].join('\n'),
	);
}

main().catch((error) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
