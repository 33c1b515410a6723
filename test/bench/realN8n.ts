import { FakeOurPeople } from '../fakes/ourPeople';
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
 * OurPeople node and through n8n's HTTP Request node, each with an OurPeople credential of the
 * same fields, in a real n8n 2.41.1 (`n8n execute`), on a cold and then on an expired
 * credential. Port 5900 (its runner broker 6900): the e2e suites use 5678–5805.
 */
const LIFETIME_SECONDS = 30;
const PORT = 5900;

interface Variant {
	label: string;
	node(credential: CredentialRef, url: string): NodeSpec;
}

const ourPeopleNode = (batching: object) => (credential: CredentialRef) => ({
	...packageNode('Measured', 'ourPeople', credential, {
		resource: 'request',
		operation: 'send',
		method: 'GET',
		path: '/v1/users',
		options: batching,
	}),
	executeOnce: false,
});

const variants: Variant[] = [
	{ label: 'OurPeople node, default Batching', node: ourPeopleNode({}) },
	{
		label: 'OurPeople node, 1 item per batch',
		node: ourPeopleNode({ batching: { batch: { batchSize: 1 } } }),
	},
	{
		label: "n8n's HTTP Request node",
		node: (credential, url) => httpRequest('Measured', credential, `${url}/v1/users`),
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
	const fake = new FakeOurPeople({ tokenLifetimeSeconds: LIFETIME_SECONDS });
	fake.apiLatencyMs = () => latencyMs;
	const url = await fake.start();
	const n8n = await RealN8n.create({ port: PORT });
	const rows: string[][] = [];
	try {
		for (const [index, variant] of variants.entries()) {
			process.stderr.write(`real n8n: ${variant.label}...\n`);
			const credential: CredentialRef = {
				id: `BenchOurPeople0${index}`,
				name: `OurPeople bench ${index}`,
				type: 'ourPeopleApi',
			};
			await n8n.importCredentials([
				credentialExport(credential, {
					apiUrl: url,
					clientId: 'demo-client',
					clientSecret: 'demo-secret-0123456789',
				}),
			]);
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
