import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject } from 'n8n-workflow';
import { credentialCases, urlFieldsOf } from '../../harness/credentialCases';
import type { CredentialCase } from '../../harness/credentialCases';
import { CredentialRig, stopRigs } from '../../harness/credentialRig';
import { errorOf } from '../helpers';
import { apiRequest, nodeFor } from './nodeTypes';
import { headlineOf } from '../../harness/headline';
import type { FieldMistake } from '../../providers';

/** Fields filled in wrongly are reported, saying what to enter, before any request is made. */
afterAll(stopRigs);

/** Mistakes any URL field allows; an empty one only where the field is required. */
function urlMistakes(credential: CredentialCase, rig: CredentialRig): FieldMistake[] {
	const required = (name: string) =>
		credential.createType().properties.find((property) => property.name === name)?.required ===
		true;
	return urlFieldsOf(rig.fields(), rig.url).flatMap((name): FieldMistake[] => [
		...(required(name) ? [[name, ' ', /enter the .*, e\.g\. https:\/\//] as FieldMistake] : []),
		[name, 'api.example.com/v1', /"api\.example\.com\/v1" is not a URL; enter it like https:\/\//],
		[name, 'ftp://api.example.com', /must start with https:\/\//],
		[name, 'https://me:pa55@api.example.com', /must not contain a user name or password/],
	]);
}

describe.each(credentialCases)('$name', (credential) => {
	it('reports each malformed field in the Test button and the node, before any request', async () => {
		const rig = await CredentialRig.start(credential);
		const mistakes = [...urlMistakes(credential, rig), ...credential.badInput];
		expect(mistakes.length).toBeGreaterThan(2);

		for (const [name, value, says] of mistakes) {
			rig.save({ [name]: value });
			const errors = [
				await errorOf(rig.pressTest()),
				await errorOf(rig.runNode(nodeFor(rig.type), apiRequest(credential.apiPath))),
			];
			for (const error of errors) {
				expect([name, value, error instanceof NodeOperationError, error.message]).toEqual([
					name,
					value,
					true,
					expect.stringMatching(says),
				]);
				expect(error.message).toMatch(new RegExp(`^${credential.name} credential: `));
			}
		}
		expect(rig.fake.log).toEqual([]);
	});

	it('works with spaces and line breaks pasted around every text field', async () => {
		const rig = await CredentialRig.start(credential);
		const fields = rig.fields();
		const textFields = credential
			.createType()
			.properties.filter(
				(property) => property.type === 'string' && typeof fields[property.name] === 'string',
			);
		const padded: IDataObject = Object.fromEntries(
			textFields.map(({ name }) => [name, ` ${String(fields[name])} \n`]),
		);
		rig.save(padded);

		await rig.runNode(nodeFor(rig.type), apiRequest(credential.apiPath));

		expect(Object.keys(padded)).toEqual(expect.arrayContaining(['clientId']));
		expect(rig.fake.log.map((entry) => `${entry.kind} ${entry.status}`)).toEqual([
			'sign-in 200',
			'api 200',
		]);
	});

	it('reports a URL that answers with a web page as not the API', async () => {
		const rig = await CredentialRig.start(credential);
		rig.fake.injectFault('sign-in', { type: 'html', status: 404 });

		const error = await errorOf(rig.pressTest());

		expect(headlineOf(error)).toBe(
			`${credential.name} sign-in failed (HTTP 404): the server answered with an HTML page instead of JSON`,
		);
		expect(error.description).toMatch(
			/^Check the API URL: it answered with a web page, so it is not the API/,
		);
	});
});
