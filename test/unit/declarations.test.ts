import { batchingOption } from '../../package/nodes/common/batching';
import { credentialCases } from '../harness/credentialCases';
import { credentialTypeNamed, nodeFor, registeredCredentials } from '../harness/packageManifest';

/**
 * n8n's lint wants the names in each class body as literals; the provider declarations name
 * the same things. They must agree, or a hook would sign for a credential n8n does not know.
 */
describe.each(credentialCases)('$name', ({ credentialType, name }) => {
	it('has a registered credential class named as its declaration says', () => {
		const type = credentialTypeNamed(credentialType);
		expect(type.name).toBe(credentialType);
		expect(type.displayName.startsWith(name)).toBe(true);
	});

	it('has a registered node that asks for that credential', () => {
		const node = nodeFor(credentialType);
		expect(node.description.credentials).toEqual([{ name: credentialType, required: true }]);
		expect(node.description.usableAsTool).toBe(true);
	});

	it('has one Options collection, shown for every operation, with the shared Batching', () => {
		const { properties } = nodeFor(credentialType).description;
		const options = properties.filter((property) => property.name === 'options');
		expect(options).toHaveLength(1);
		expect(options[0].displayOptions).toBeUndefined();
		expect(options[0].options).toContainEqual(batchingOption);
	});
});

it('every registered credential is covered by the shared suites', () => {
	expect(
		registeredCredentials()
			.map((type) => type.name)
			.sort(),
	).toEqual(credentialCases.map((entry) => entry.credentialType).sort());
});
