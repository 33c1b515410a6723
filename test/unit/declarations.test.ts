import { batchingOption } from '../../package/nodes/common/batching';
import { credentialCases } from '../harness/credentialCases';
import type { INodeProperties, INodePropertyCollection, INodePropertyOptions } from 'n8n-workflow';
import {
	credentialTypeNamed,
	nodeFor,
	registeredCredentials,
	registeredNodes,
} from '../harness/packageManifest';

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

/** The resource locators among `properties`, those in collections included. */
function locatorsIn(
	properties: Array<INodeProperties | INodePropertyOptions | INodePropertyCollection>,
): INodeProperties[] {
	return properties.flatMap((property) => {
		if ('type' in property && property.type === 'resourceLocator') return [property];
		const nested =
			'options' in property ? property.options : 'values' in property ? property.values : undefined;
		return Array.isArray(nested) ? locatorsIn(nested) : [];
	});
}

const locators = registeredNodes().flatMap((node) =>
	locatorsIn(node.description.properties).map((locator) => ({
		node,
		locator,
		name: `${node.description.name}.${locator.name}`,
	})),
);

it.each(locators)(
	'$name: "From List" first and by default, with its listSearch method, and "By ID"',
	({ node, locator }) => {
		const [first, ...rest] = locator.modes ?? [];
		expect(first?.name).toBe('list');
		expect(locator.default).toEqual({ mode: 'list', value: '' });
		const method = first?.typeOptions?.searchListMethod ?? '';
		expect(typeof node.methods?.listSearch?.[method]).toBe('function');
		expect(rest.map((mode) => mode.name)).toContain('id');
	},
);

it('every id parameter of the nodes is a resource locator', () => {
	expect(locators.map((entry) => entry.name)).toEqual([
		'cultureAmp.employeeId',
		'cultureAmp.performanceCycleId',
		'cultureAmp.managerReviewId',
		'blynk.deviceId',
		'blynk.orgId',
		'blynk.orgId',
	]);
});
