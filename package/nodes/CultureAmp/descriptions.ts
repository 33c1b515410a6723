import type { INodeProperties } from 'n8n-workflow';
import { listProperties, operationProperty } from '../common/descriptions';

/** The read resources of Culture Amp's public API (spec: https://api.cultureamp.com/spec). */

function operations(resource: string, options: Array<[name: string, value: string, action: string]>): INodeProperties {
	return operationProperty(
		resource,
		options.map(([name, value, action]) => ({ name, value, action, description: action })),
	);
}

function idProperty(resource: string, name: string, label: string, shownFor: string[]): INodeProperties {
	return {
		displayName: label,
		name,
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 96b1cff7-3099-44a9-bd28-0292be8aff7f',
		displayOptions: { show: { resource: [resource], operation: shownFor } },
	};
}

const afterDate: INodeProperties = {
	displayName: 'Processed After',
	name: 'afterDate',
	type: 'dateTime',
	default: '',
	description: 'Only records the Culture Amp API processed after this moment (after_date)',
};

export const employeeProperties: INodeProperties[] = [
	operations('employee', [
		['Get', 'get', 'Get an employee'],
		['Get Demographics', 'getDemographics', 'Get the demographics of an employee'],
		['Get Manager Reviews', 'getManagerReviews', 'Get the manager reviews of an employee'],
		['Get Many', 'getAll', 'Get many employees'],
	]),
	idProperty('employee', 'employeeId', 'Employee ID', ['get', 'getDemographics', 'getManagerReviews']),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: { show: { resource: ['employee'], operation: ['getAll'] } },
		options: [
			{
				displayName: 'Email',
				name: 'email',
				type: 'string',
				placeholder: 'name@email.com',
				default: '',
				description: 'Only the employee with this email address',
			},
			{
				displayName: 'Employee Identifier',
				name: 'employeeIdentifier',
				type: 'string',
				default: '',
				description: "Your organization's own ID for the employee (takes precedence over Email)",
			},
		],
	},
	...listProperties('employee', ['getAll', 'getManagerReviews']),
];

export const performanceCycleProperties: INodeProperties[] = [
	operations('performanceCycle', [
		['Get', 'get', 'Get a performance cycle'],
		['Get Manager Reviews', 'getManagerReviews', 'Get the manager reviews of a performance cycle'],
		['Get Many', 'getAll', 'Get many performance cycles'],
	]),
	idProperty('performanceCycle', 'performanceCycleId', 'Performance Cycle ID', ['get', 'getManagerReviews']),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: { show: { resource: ['performanceCycle'], operation: ['getAll'] } },
		options: [
			afterDate,
			{
				displayName: 'State',
				name: 'state',
				type: 'options',
				options: ['active', 'closed', 'ready'].map((state) => ({ name: state[0].toUpperCase() + state.slice(1), value: state })),
				default: 'active',
			},
		],
	},
	...listProperties('performanceCycle', ['getAll', 'getManagerReviews']),
];

export const managerReviewProperties: INodeProperties[] = [
	operations('managerReview', [
		['Get', 'get', 'Get a manager review'],
		['Get Many', 'getAll', 'Get many manager reviews'],
	]),
	idProperty('managerReview', 'managerReviewId', 'Manager Review ID', ['get']),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: { show: { resource: ['managerReview'], operation: ['getAll'] } },
		options: [afterDate],
	},
	...listProperties('managerReview'),
];
