import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { isJsonObject } from '../../credentials/common/fields';
import type { Operation } from './operations';

/** The node version that has Simplify; workflows saved with an earlier one keep full records. */
export const SIMPLIFY_VERSION = 1.1;

/** A kind of record a node returns, and the few fields Simplify keeps of it. */
export interface SimpleRecord {
	/** What the records are, in the parameter's description, e.g. "employees". */
	name: string;
	fields: string[];
	/** The `resource.operation`s that return such records. */
	operations: string[];
}

/**
 * The `simple` switch (n8n's "Simplify", on by default) for each resource with an operation
 * in `records`, shown from SIMPLIFY_VERSION on; its hint lists the fields kept.
 */
export function simplifyProperties(records: SimpleRecord[]): INodeProperties[] {
	const resourceOf = (key: string) => key.split('.')[0];
	const resources = [...new Set(records.flatMap((record) => record.operations.map(resourceOf)))];
	return resources.map((resource) => {
		const keys = records.flatMap((record) =>
			record.operations.filter((key) => resourceOf(key) === resource),
		);
		const kept = records
			.filter((record) => record.operations.some((key) => resourceOf(key) === resource))
			.map((record) => `${record.name}: ${record.fields.join(', ')}`);
		return {
			displayName: 'Simplify',
			name: 'simple',
			type: 'boolean',
			default: true,
			displayOptions: {
				show: {
					resource: [resource],
					operation: keys.map((key) => key.split('.')[1]),
					'@version': [{ _cnd: { gte: SIMPLIFY_VERSION } }],
				},
			},
			description: 'Whether to return a simplified version of the response instead of the raw data',
			hint: `Keeps only ${kept.join('; ')}`,
		};
	});
}

/** `operations` with each one named in `records` returning only its fields when Simplify is on. */
export function withSimplify(
	operations: Record<string, Operation>,
	records: SimpleRecord[],
): Record<string, Operation> {
	const simplified = { ...operations };
	for (const { fields, operations: keys } of records) {
		for (const key of keys) {
			const run = operations[key];
			simplified[key] = async (ctx, itemIndex) => {
				const result = await run(ctx, itemIndex);
				if (!(ctx.getNodeParameter('simple', itemIndex, false) as boolean)) return result;
				return Array.isArray(result)
					? result.map((record) => pick(record, fields))
					: pick(result, fields);
			};
		}
	}
	return simplified;
}

function pick(record: unknown, fields: string[]): unknown {
	if (!isJsonObject(record)) return record;
	return Object.fromEntries(
		fields
			.filter((field) => field in record)
			.map((field) => [field, (record as IDataObject)[field]]),
	);
}
