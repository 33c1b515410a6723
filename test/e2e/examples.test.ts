import { demoProviders } from '../demo/providers';
import type { FakeProvider } from '../fakes/fakeProvider';
import { N8N_1X, outputOf, RealN8n } from '../harness/realN8n';
import type { N8nOptions } from '../harness/realN8n';
import { recipes } from '../harness/tokenExchangeRecipes';
import { credentialTypeOf, readExample, withCredentials } from '../harness/examples';
import { credentialExport } from '../harness/workflows';

/**
 * The workflows in examples/, imported into a real n8n with the user's credential in each node
 * (as n8n's editor fills it in), the API base URL placeholder pointed at a fake provider, and run.
 */
jest.setTimeout(10 * 60_000);

const PLACEHOLDER = 'https://API_BASE_URL';

const examples = [
	...demoProviders.map(({ credential, createFake, credentialData }) => ({
		file: credential.type.replace(/Api$/, ''),
		createFake,
		credentialData,
	})),
	{
		file: 'tokenExchange',
		createFake: () => recipes[0].createFake(120),
		credentialData: recipes[0].fields,
	},
].map((example) => {
	const { text, workflow } = readExample(example.file);
	return {
		...example,
		text,
		nodes: workflow.nodes,
		id: `Example${example.file}`.slice(0, 16).padEnd(16, '0'),
	};
});

function describeExamples(label: string, options: N8nOptions): void {
	describe(`the example workflows in n8n ${label}`, () => {
		let n8n: RealN8n;
		const fakes = new Map<string, FakeProvider>();

		beforeAll(async () => {
			n8n = await RealN8n.create(options);
			const credentials: object[] = [];
			const workflows: object[] = [];
			for (const [index, example] of examples.entries()) {
				const fake = example.createFake();
				fakes.set(example.file, fake);
				const url = await fake.start();
				const type = example.nodes.map(credentialTypeOf).find(Boolean)!;
				const ref = { id: `ExampleCred${index}`.padEnd(16, '0'), name: `Example ${type}`, type };
				credentials.push(credentialExport(ref, example.credentialData(url)));
				workflows.push({
					...withCredentials(JSON.parse(example.text.split(PLACEHOLDER).join(url)), [ref]),
					id: example.id,
				});
				// As imported, before the user replaces the placeholder.
				if (index === 0)
					workflows.push({
						...withCredentials(JSON.parse(example.text), [ref]),
						id: 'ExampleAsShipped',
					});
			}
			await n8n.importCredentials(credentials);
			await n8n.importWorkflow(workflows);
		});

		afterAll(async () => {
			await Promise.all([...fakes.values()].map((fake) => fake.stop()));
			n8n?.removeUserFolder();
		});

		test.each(examples.map((example) => [example.file, example] as const))(
			'examples/%s.json runs',
			async (_, example) => {
				expect(example.text).toContain(PLACEHOLDER);
				expect(example.nodes.map((node) => node.type)).toEqual(
					expect.arrayContaining([
						'n8n-nodes-base.httpRequest',
						`n8n-nodes-token-auth.${example.file}`,
					]),
				);

				const result = await n8n.execute(example.id);

				expect(result.data.resultData.error).toBeUndefined();
				for (const { name } of example.nodes)
					expect({ name, ran: outputOf(result, name).length > 0 }).toEqual({ name, ran: true });
				const fake = fakes.get(example.file)!;
				const apiCalls = fake.log
					.filter((e) => e.kind === 'api')
					.map((e) => `${e.token} ${e.status}`);
				expect(fake.count('sign-in')).toBe(1);
				expect(apiCalls).toEqual(Array(apiCalls.length).fill('valid 200'));
			},
		);

		test(`${examples[0].file}.json with the placeholder left in: the HTTP Request node says the token stays on the API host`, async () => {
			const output = await n8n.executeFailing('ExampleAsShipped');

			expect(output).toContain(
				'request failed: refused to send the access token to https://api_base_url',
			);
		});
	});
}

describeExamples('2.41.1', { port: 5791 });
describeExamples('1.123.81', { port: 5793, ...N8N_1X });
