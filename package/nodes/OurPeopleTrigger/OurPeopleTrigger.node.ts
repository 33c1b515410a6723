import type {
	INodeProperties,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { ourPeople } from '../../credentials/providers/ourPeople';
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
				name: 'User Added',
				value: 'user',
				description: 'A user whose ID was not in the list at the last poll',
			},
		],
		default: 'user',
	},
];

export class OurPeopleTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'OurPeople Trigger',
		name: 'ourPeopleTrigger',
		icon: { light: 'file:../../icons/ourPeople.svg', dark: 'file:../../icons/ourPeople.dark.svg' },
		...triggerNodeFields,
		subtitle: eventSubtitle(properties),
		description: 'Read OurPeople users and call its API, or start a workflow when a user is added',
		defaults: { name: 'OurPeople Trigger' },
		credentials: [{ name: 'ourPeopleApi', required: true }],
		properties,
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		// GET /v1/users answers the whole list with no creation time: new means an id not seen before.
		return await pollNewRecords(this, {
			provider: ourPeople,
			name: 'users',
			call: { method: 'GET', path: '/v1/users' },
			id: (record) => record.id,
			newness: { by: 'id' },
		});
	}
}
