import type {
	INodeProperties,
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { blynk } from '../../credentials/providers/blynk';
import { DEVICE_PAGES } from '../Blynk/Blynk.node';
import { eventSubtitle } from '../common/descriptions';
import { pollNewRecords, triggerNodeFields } from '../common/polling';

const properties: INodeProperties[] = [
	{
		displayName: 'Event',
		name: 'event',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Device Added',
				value: 'device',
				description: 'A device with an ID above the highest one seen so far',
			},
		],
		default: 'device',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Include Sub-Organization Devices',
				name: 'includeSubOrgDevices',
				type: 'boolean',
				default: false,
				description: 'Whether to include the devices of sub-organizations',
			},
			{
				displayName: 'Organization ID',
				name: 'orgId',
				type: 'number',
				default: 0,
				description: "Watch the devices of this (sub-)organization instead of the client's own",
			},
		],
	},
];

export class BlynkTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Blynk Trigger',
		name: 'blynkTrigger',
		icon: { light: 'file:../../icons/blynk.svg', dark: 'file:../../icons/blynk.dark.svg' },
		...triggerNodeFields,
		subtitle: eventSubtitle(properties),
		description:
			'Read Blynk.Cloud devices, users and organizations, or start a workflow when a device is added',
		defaults: { name: 'Blynk Trigger' },
		credentials: [{ name: 'blynkApi', required: true }],
		properties,
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const qs: IDataObject = {};
		if (options.orgId) qs.orgId = options.orgId;
		if (options.includeSubOrgDevices) qs.includeSubOrgDevices = true;
		return await pollNewRecords(this, {
			provider: blynk,
			name: `devices ${JSON.stringify(qs)}`,
			call: { method: 'GET', path: '/api/v1/organization/devices', qs },
			paging: DEVICE_PAGES,
			id: (record) => record.id,
			// Blynk numbers devices as it creates them.
			newness: { by: 'increasing', key: (record) => record.id, keyName: 'id' },
		});
	}
}
