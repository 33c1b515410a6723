import { demoProviders } from '../demo/providers';
import { nodeFor } from '../harness/packageManifest';
import { RealN8n } from '../harness/realN8n';
import type { ExecutionResult } from '../harness/realN8n';
import {
	chain,
	credentialExport,
	httpRequest,
	items,
	packageNode,
	start,
} from '../harness/workflows';
import type { CredentialRef, NodeSpec } from '../harness/workflows';

/**
 * (e) of `npm run bench -- --real-n8n` (after `npm run build`): the same items through the
 * first provider's node (test/providers/, by demo port: OurPeople) and through n8n's HTTP
 * Request node, each with a credential of the same fields, in a real n8n 2.41.1 (`n8n
 * execute`), on a cold and then on an expired credential. Port 5900 (its runner broker 6900):
 * the e2e suites use 5678–5805.
 */
const measured = demoProviders[0];
const LIFETIME_SECONDS = 30;
const PORT = 5900;

interface Variant {
	label: string;
	node(credential: CredentialRef, url: string): NodeSpec;
}

const packageNodeWith = (batching: object) => (credential: CredentialRef) => ({
	...packageNode('Measured', nodeFor(measured.credential.type).description.name, credential, {
		resource: 'request',
		operation: 'send',
		method: 'GET',
		path: measured.apiPath,
		options: batching,
	}),
	executeOnce: false,
});

const variants: Variant[] = [
	{ label: `${measured.name} node, default Batching`, node: packageNodeWith({}) },
	{
		label: `${measured.name} node, 1 item per batch`,
		node: packageNodeWith({ batching: { batch: { batchSize: 1 } } }),
	},
	{
		label: "n8n's HTTP Request node",
		node: (credential, url) => httpRequest('Measured', credential, `${url}${measured.apiPath}`),
	},
];

function executionSeconds(result: ExecutionResult): string {
	const [run] = result.data.resultData.runData.Measured as Array<{ executionTime?: number }>;
	return ((run.executionTime ?? NaN) / 1000).toFixed(2);
}

export async function realN8nBatching(
	itemCount: number,
	latencyMs: number,
): Promise<{ title: string; head: string[]; rows: string[][] }> {
	const fake = measured.createFake(LIFETIME_SECONDS);
	fake.apiLatencyMs = () => latencyMs;
	const url = await fake.start();
	const n8n = await RealN8n.create({ port: PORT });
	const rows: string[][] = [];
	try {
		for (const [index, variant] of variants.entries()) {
			process.stderr.write(`real n8n: ${variant.label}...\n`);
			const credential: CredentialRef = {
				id: `BenchCredential0${index}`,
				name: `${measured.name} bench ${index}`,
				type: measured.credential.type,
			};
			await n8n.importCredentials([credentialExport(credential, measured.credentialData(url))]);
			const workflowId = `BenchWorkflow00${index}`;
			await n8n.importWorkflow(
				chain(workflowId, `Bench ${variant.label}`, [
					start,
					...items(itemCount),
					variant.node(credential, url),
				]),
			);
			for (const state of ['cold', 'expired']) {
				if (state === 'expired') {
					const signedIn = fake.log.find((entry) => entry.kind === 'sign-in')!.at;
					const wait = signedIn + LIFETIME_SECONDS * 1000 + 1000 - Date.now();
					if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
				}
				fake.clearLog();
				const result = await n8n.execute(workflowId);
				rows.push([
					variant.label,
					state,
					executionSeconds(result),
					String(fake.count('sign-in') + fake.count('refresh')),
					String(fake.expiredTokenRequests()),
				]);
			}
		}
	} finally {
		await fake.stop();
		n8n.removeUserFolder();
	}
	return {
		title: `(e) ${itemCount} items in a real n8n 2.41.1, API latency ${latencyMs} ms (target: within 1.5x of the HTTP Request node, 1 token call, 0 expired)`,
		head: ['Node', 'Credential', 'Node execution (s)', 'Token calls', 'Expired tokens sent'],
		rows,
	};
}
