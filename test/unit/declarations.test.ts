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
import { providerFixtures } from '../providers';

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

/** Every parameter in `properties`, those in collections included. */
function parametersIn(
	properties: Array<INodeProperties | INodePropertyOptions | INodePropertyCollection>,
): INodeProperties[] {
	return properties.flatMap((property) => {
		const nested =
			'options' in property ? property.options : 'values' in property ? property.values : undefined;
		const own = 'type' in property ? [property] : [];
		return [...own, ...(Array.isArray(nested) ? parametersIn(nested) : [])];
	});
}

const parameters = registeredNodes().flatMap((node) =>
	parametersIn(node.description.properties).map((parameter) => ({
		node,
		parameter,
		name: `${node.description.name}.${parameter.name}`,
	})),
);
const locators = parameters
	.filter(({ parameter }) => parameter.type === 'resourceLocator')
	.map(({ parameter, ...rest }) => ({ locator: parameter, ...rest }));

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

/** Polling triggers are left out: their ids stay the plain fields they were. */
it('every id parameter of the action nodes is a resource locator, or before node version 1.1 the plain field it was', () => {
	const ids = parameters.filter(
		({ node, parameter }) => !node.description.polling && /Id$/.test(parameter.name),
	);
	expect(ids.length).toBeGreaterThan(0);
	for (const { parameter, name } of ids) {
		if (parameter.type === 'resourceLocator') continue;
		expect({ name, shownIn: parameter.displayOptions?.show?.['@version'] }).toEqual({
			name,
			shownIn: [{ _cnd: { lt: 1.1 } }],
		});
	}
});

/**
 * The field n8n shows (and n8n-core reads) for each id parameter, as NodeHelpers resolves it
 * by node version: workflows saved with version 1 hold plain IDs, which n8n's editor can only
 * show in the plain field they were saved in (in a locator it shows no mode).
 */
it.each(
	providerFixtures.flatMap(({ demo, nodeCases }) =>
		(nodeCases?.plainIds ?? []).map((row) => [demo.credential.type, ...row]),
	),
)(
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
