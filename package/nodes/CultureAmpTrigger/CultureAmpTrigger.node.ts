import type {
	INodeProperties,
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { cultureAmp } from '../../credentials/providers/cultureAmp';
import { paging } from '../CultureAmp/CultureAmp.node';
import { eventSubtitle } from '../common/descriptions';
import { pollNewRecords, triggerNodeFields } from '../common/polling';
import type { Key, TriggerSource } from '../common/polling';
import type { ApiCall } from '../common/request';

/**
 * `after_date` ("processed after") a second before the mark: records processed in the same
 * second as the last one emitted are read again and told apart by id, not skipped.
 */
const processedAfter = (call: ApiCall, mark: Key): ApiCall => ({
	...call,
	qs: { ...call.qs, after_date: new Date(Number(mark) - 1000).toISOString() },
});

/** Each event: a list of the public API (https://api.cultureamp.com/spec), new by `processedAt`. */
const EVENTS: Record<string, Omit<TriggerSource, 'provider' | 'newness' | 'paging'>> = {
	employee: {
		name: 'employees',
		call: { method: 'GET', path: '/v1/employees' },
		id: (record) => record.id,
	},
	managerReview: {
		name: 'manager-reviews',
		call: { method: 'GET', path: '/v1/manager-reviews' },
		id: (record) => record.managerReviewId ?? record.id,
		from: processedAfter,
	},
	performanceCycle: {
		name: 'performance-cycles',
		call: { method: 'GET', path: '/v1/performance-cycles' },
		id: (record) => record.id,
		from: processedAfter,
	},
};

const properties: INodeProperties[] = [
	{
		displayName: 'Event',
		name: 'event',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Employee Added or Changed',
				value: 'employee',
				description: 'An employee Culture Amp processed since the last poll (processedAt)',
			},
			{
				name: 'Manager Review Added or Changed',
				value: 'managerReview',
				description: 'A manager review Culture Amp processed since the last poll',
			},
			{
				name: 'Performance Cycle Added or Changed',
				value: 'performanceCycle',
				description: 'A performance cycle Culture Amp processed since the last poll',
			},
		],
		default: 'employee',
	},
];

export class CultureAmpTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Culture Amp Trigger',
		name: 'cultureAmpTrigger',
		icon: {
			light: 'file:../../icons/cultureAmp.svg',
			dark: 'file:../../icons/cultureAmp.dark.svg',
		},
		...triggerNodeFields,
		subtitle: eventSubtitle(properties),
		description:
			'Read Culture Amp employees and performance data, or start a workflow when Culture Amp processes new or changed records',
		defaults: { name: 'Culture Amp Trigger' },
		credentials: [{ name: 'cultureAmpApi', required: true }],
		properties,
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const event = EVENTS[this.getNodeParameter('event') as string] ?? EVENTS.employee;
		return await pollNewRecords(this, {
			...event,
			provider: cultureAmp,
			paging,
			newness: {
				by: 'increasing',
				key: (record: IDataObject) => record.processedAt,
				keyName: 'processedAt',
			},
		});
	}
}
