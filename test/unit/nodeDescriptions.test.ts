import type { INodeProperties, INodePropertyOptions, INodeTypeDescription } from 'n8n-workflow';
import { registeredNodes } from '../harness/packageManifest';

/**
 * What n8n's editor shows of each node's description: the subtitle under a node on the canvas
 * (an expression n8n evaluates with the node's parameters) and, for a node with a trigger, the
 * one entry n8n's nodes panel makes of the pair, which carries the trigger's description
 * (n8n-editor-ui's generateMergedNodesAndActions). The e2e suite reads both in the editor
 * (test/e2e/editor.test.ts).
 */
const descriptions = registeredNodes().map(({ description }) => description);

/** The subtitle as the editor shows it for these parameter values. */
function subtitle(description: INodeTypeDescription, parameters: Record<string, unknown>): string {
	const expression = /^=\{\{(.*)\}\}$/s.exec(description.subtitle ?? '')?.[1];
	if (!expression) return description.subtitle ?? '';
	return String(new Function('$parameter', `return (${expression});`)(parameters));
}

const optionsOf = (property: INodeProperties) => (property.options ?? []) as INodePropertyOptions[];

const operations = descriptions
	.filter((description) => description.properties.some(({ name }) => name === 'resource'))
	.flatMap((description) =>
		description.properties
			.filter(({ name }) => name === 'operation')
			.flatMap((property) =>
				(property.displayOptions?.show?.resource ?? []).flatMap((resource) =>
					optionsOf(property).map((option) => ({
						node: description.displayName,
						description,
						resource: String(resource),
						operation: String(option.value),
						action: option.action,
					})),
				),
			),
	);

test.each(operations)(
	'$node, $resource / $operation: the canvas shows its action, "$action"',
	({ description, resource, operation, action }) => {
		expect(action).toBeDefined();
		expect(subtitle(description, { resource, operation })).toBe(action);
	},
);

const events = descriptions.flatMap((description) =>
	description.properties
		.filter(({ name }) => name === 'event')
		.flatMap((property) =>
			optionsOf(property).map((option) => ({
				node: description.displayName,
				description,
				value: String(option.value),
				name: option.name,
			})),
		),
);

test.each(events)(
	'$node, event $value: the canvas shows "$name"',
	({ description, value, name }) => {
		expect(subtitle(description, { event: value })).toBe(name);
	},
);

const pairs = descriptions
	.filter(({ name }) => name.endsWith('Trigger'))
	.map((trigger) => ({
		trigger,
		node: descriptions.find(({ name }) => name === trigger.name.replace(/Trigger$/, ''))!,
	}));

test.each(pairs.map((pair) => [pair.node.displayName, pair] as const))(
	"the nodes panel's entry for %s says what the node does, then what starts the trigger",
	(_, { trigger, node }) => {
		const firstWords = node.description.split(' ').slice(0, 3).join(' ');
		expect(trigger.description.slice(0, firstWords.length)).toBe(firstWords);
		expect(trigger.description).toContain(', or start a workflow when ');
	},
);
