import { batchingOption } from '../../package/nodes/common/batching';
import { credentialCases } from '../harness/credentialCases';
import { NodeHelpers } from 'n8n-workflow';
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

/**
 * The field n8n shows (and n8n-core reads) for each id parameter, as NodeHelpers resolves it
 * by node version: workflows saved with version 1 hold plain IDs, which n8n's editor can only
 * show in the plain field they were saved in (in a locator it shows no mode).
 */
it.each([
	['cultureAmpApi', 'employee', 'get', 'employeeId', 'Employee ID', 'string'],
	[
		'cultureAmpApi',
		'performanceCycle',
		'get',
		'performanceCycleId',
		'Performance Cycle ID',
		'string',
	],
	['cultureAmpApi', 'managerReview', 'get', 'managerReviewId', 'Manager Review ID', 'string'],
	['blynkApi', 'organization', 'get', 'orgId', 'Organization ID', 'number'],
	['blynkApi', 'device', 'getAll', 'options.orgId', 'Organization ID', 'number'],
])(
	'%s %s.%s: %s is the plain field "%s" (%s) in node version 1, a resource locator from 1.1',
	(credentialType, resource, operation, path, label, type) => {
		const { description } = nodeFor(credentialType);
		const shown = (typeVersion: number) => {
			const property = NodeHelpers.findDisplayedProperty(
				path,
				description.properties,
				{ resource, operation, options: {} },
				{ typeVersion },
				description,
			) as INodeProperties;
			return { displayName: property.displayName, type: property.type };
		};

		expect(shown(1)).toEqual({ displayName: label, type });
		expect(shown(1.1).type).toBe('resourceLocator');
	},
);
