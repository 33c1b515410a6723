import type { INodeType } from 'n8n-workflow';
import { registeredNodes } from '../harness/packageManifest';
import type { TriggerCase } from '../harness/triggerCase';
import { providerFixtures } from '../providers';

/** A trigger case with its node, loaded as package/package.json registers it. */
export interface TriggerRun extends TriggerCase {
	nodeType: INodeType;
}

/** A new instance of the registered node `name`, as each case had its own. */
function nodeNamed(name: string): INodeType {
	const found = registeredNodes().find((nodeType) => nodeType.description.name === name);
	if (!found) throw new Error(`package/package.json registers no node "${name}"`);
	return found;
}

/**
 * Every trigger of the package against its fake: each provider fixture's `triggers`
 * (test/providers/<provider>.ts), in the fixtures' order.
 */
export const triggerCases: TriggerRun[] = providerFixtures.flatMap((fixture) =>
	(fixture.triggers ?? []).map((trigger) => ({ ...trigger, nodeType: nodeNamed(trigger.node) })),
);
