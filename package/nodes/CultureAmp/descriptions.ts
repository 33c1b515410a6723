import type { INodeProperties } from 'n8n-workflow';
import { listProperties } from '../common/descriptions';
import { versionedLocator } from '../common/locators';

/** The read resources of Culture Amp's public API (spec: https://api.cultureamp.com/spec). */

const UUID = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';

/**
 * "From List" (searchListMethod) or "By ID" (a UUID, as the spec's path parameters are); in
 * node version 1 the plain "… ID" field it was.
 */
function idProperty(
	resource: string,
	name: string,
	label: string,
	shownFor: string[],
	searchListMethod: string,
	hint: string,
): INodeProperties[] {
	const placeholder = 'e.g. 96b1cff7-3099-44a9-bd28-0292be8aff7f';
	return versionedLocator(
		{
			displayName: label,
			name,
			required: true,
			searchListMethod,
			hint,
			idPattern: {
				regex: UUID,
				errorMessage: `Not a valid ${label}: Culture Amp IDs are UUIDs`,
				placeholder,
			},
			displayOptions: { show: { resource: [resource], operation: shownFor } },
		},
		{ displayName: `${label} ID`, type: 'string', required: true, default: '', placeholder },
	);
}

const FILTERED_HERE =
	'The Culture Amp API has no search by name: the filter applies to the records listed so far';

const afterDate: INodeProperties = {
	displayName: 'Processed After',
	name: 'afterDate',
	type: 'dateTime',
	default: '',
	description: 'Only records the Culture Amp API processed after this moment (after_date)',
};

export const employeeProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['employee'] } },
		options: [
			{ name: 'Get', value: 'get', description: 'Get an employee', action: 'Get an employee' },
			{
				name: 'Get Demographics',
				value: 'getDemographics',
				description: 'Get the demographics of an employee',
				action: 'Get the demographics of an employee',
			},
			{
				name: 'Get Manager Reviews',
				value: 'getManagerReviews',
				description: 'Get the manager reviews of an employee',
				action: 'Get the manager reviews of an employee',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'Get many employees',
				action: 'Get many employees',
			},
		],
		default: 'getAll',
	},
	...idProperty(
		'employee',
		'employeeId',
		'Employee',
		['get', 'getDemographics', 'getManagerReviews'],
		'searchEmployees',
		`${FILTERED_HERE} (name, email).`,
	),
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
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['performanceCycle'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description: 'Get a performance cycle',
				action: 'Get a performance cycle',
			},
			{
				name: 'Get Manager Reviews',
				value: 'getManagerReviews',
				description: 'Get the manager reviews of a performance cycle',
				action: 'Get the manager reviews of a performance cycle',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'Get many performance cycles',
				action: 'Get many performance cycles',
			},
		],
		default: 'getAll',
	},
	...idProperty(
		'performanceCycle',
		'performanceCycleId',
		'Performance Cycle',
		['get', 'getManagerReviews'],
		'searchPerformanceCycles',
		`${FILTERED_HERE}.`,
	),
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
				options: [
					{ name: 'Active', value: 'active' },
					{ name: 'Closed', value: 'closed' },
					{ name: 'Ready', value: 'ready' },
				],
				default: 'active',
			},
		],
	},
	...listProperties('performanceCycle', ['getAll', 'getManagerReviews']),
];

export const managerReviewProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['managerReview'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description: 'Get a manager review',
				action: 'Get a manager review',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'Get many manager reviews',
				action: 'Get many manager reviews',
			},
		],
		default: 'getAll',
	},
	...idProperty(
		'managerReview',
		'managerReviewId',
		'Manager Review',
		['get'],
		'searchManagerReviews',
		`Reviews have no name: listed by employee ID and status. ${FILTERED_HERE}.`,
	),
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
