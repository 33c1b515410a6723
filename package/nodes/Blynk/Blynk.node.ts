import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { blynk } from '../../credentials/providers/blynk';
import {
	actionSubtitle,
	listProperties,
	requestProperties,
	standardNodeFields,
	userInfoProperties,
	optionsProperty,
} from '../common/descriptions';
import {
	endpointUserInfo,
	executeOperations,
	listRecords,
	numberedPages,
	sendRequest,
} from '../common/operations';
import type { Operation } from '../common/operations';
import {
	listSearch,
	locatorValue,
	requiredId,
	resourceLocator,
	versionedLocator,
} from '../common/locators';
import type { LocatorList, LocatorOptions } from '../common/locators';
import { callApi } from '../common/request';
import { SIMPLIFY_VERSION, simplifyProperties, withSimplify } from '../common/simplify';
import type { SimpleRecord } from '../common/simplify';

const PROFILE_PATH = '/api/v1/organization/profile';

/** Blynk pages from 0 with `page` and `size`; answers are `{ content: [...], totalElements }`. */
const pages = (maxPageSize: number) =>
	numberedPages({
		pageParam: 'page',
		sizeParam: 'size',
		firstPage: 0,
		maxPageSize,
		totalKey: 'totalElements',
	});
export const DEVICE_PAGES = pages(1000);
const SEARCH_PAGES = pages(100);

function searchQuery(resource: string, what: string): INodeProperties {
	return {
		displayName: 'Search Query',
		name: 'query',
		type: 'string',
		required: true,
		default: '',
		displayOptions: { show: { resource: [resource], operation: ['search'] } },
		description: `Text to look for in ${what} (up to 255 characters)`,
	};
}

/** A Blynk list endpoint, paged, with the node's Return All / Limit and the given query. */
function list(
	path: string,
	paging: ReturnType<typeof pages>,
	query: (ctx: IExecuteFunctions, item: number) => IDataObject,
): Operation {
	return async (ctx, itemIndex) =>
		await listRecords(
			ctx,
			blynk,
			{ method: 'GET', path, qs: query(ctx, itemIndex) },
			itemIndex,
			paging,
		);
}

const search = (ctx: IExecuteFunctions, itemIndex: number) => ({
	query: ctx.getNodeParameter('query', itemIndex) as string,
});

function deviceFilters(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const query: IDataObject = {};
	// 0 was this option's default before it was a resource locator: no organization chosen.
	const orgId = options.orgId === undefined ? '' : locatorValue(ctx, 'options.orgId', itemIndex);
	if (orgId !== '' && orgId !== '0') query.orgId = orgId;
	if (options.includeSubOrgDevices) query.includeSubOrgDevices = true;
	return query;
}

/** A single record by its id in the query string, e.g. `?deviceId=`. */
function getById(path: string, param: string, parameter: string): Operation {
	return async (ctx, itemIndex) =>
		await callApi(
			ctx,
			blynk,
			{ method: 'GET', path, qs: { [param]: requiredId(ctx, parameter, itemIndex) } },
			itemIndex,
		);
}

/** Blynk ids are integers. */
const integerId = (what: string): LocatorOptions['idPattern'] => ({
	regex: '^[0-9]+$',
	errorMessage: `Not a valid ${what} ID: Blynk IDs are whole numbers`,
	placeholder: 'e.g. 751',
});

const organizationLocator = (options: Partial<LocatorOptions>): LocatorOptions => ({
	displayName: 'Organization',
	name: 'orgId',
	searchListMethod: 'searchOrganizations',
	hint: "Lists the client's own organization; type to search its sub-organizations (Blynk's search).",
	idPattern: integerId('organization'),
	...options,
});

const named = (record: IDataObject): { name: string; value: string } => ({
	name: `${String(record.name ?? record.id)} (${String(record.id)})`,
	value: String(record.id),
});

/** Devices: Blynk's device search when something is typed, else the device list. */
const deviceList: LocatorList = {
	first: (filter) => ({
		call: filter
			? { method: 'GET', path: '/api/v1/organization/search/devices', qs: { query: filter } }
			: { method: 'GET', path: '/api/v1/organization/devices' },
		paging: DEVICE_PAGES,
		searched: true,
	}),
	item: named,
};

/** No documented endpoint lists sub-organizations without a query: the client's own comes first. */
const organizationList: LocatorList = {
	first: (filter) =>
		filter
			? {
					call: { method: 'GET', path: '/api/v1/organization/search', qs: { query: filter } },
					paging: SEARCH_PAGES,
					searched: true,
				}
			: { call: { method: 'GET', path: PROFILE_PATH } },
	item: named,
};

/** What Simplify keeps of a device (fields of the documented device record; never its token). */
const SIMPLE: SimpleRecord[] = [
	{
		name: 'devices',
		fields: ['id', 'name', 'orgId', 'templateId', 'ownerUserId', 'status', 'activatedAt'],
		operations: ['device.get', 'device.getAll', 'device.search'],
	},
];

/** Device → Get Many's own options, in the node's Options collection. */
const getManyDevices = { show: { '/resource': ['device'], '/operation': ['getAll'] } };
const deviceOptions: INodeProperties[] = [
	{
		displayName: 'Include Sub-Organization Devices',
		name: 'includeSubOrgDevices',
		type: 'boolean',
		default: false,
		displayOptions: getManyDevices,
		description: 'Whether to include the devices of sub-organizations',
	},
	...versionedLocator(
		organizationLocator({
			displayOptions: getManyDevices,
			description: "List the devices of this (sub-)organization instead of the client's own",
		}),
		{
			displayName: 'Organization ID',
			type: 'number',
			default: 0,
			description: "List the devices of this (sub-)organization instead of the client's own",
		},
	),
];

const properties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'API Request',
				value: 'request',
				description: 'Send an authenticated request to any path of the Blynk API',
			},
			{ name: 'Device', value: 'device', description: 'Devices of the organization' },
			{
				name: 'Organization',
				value: 'organization',
				description: 'The organization and its sub-organizations',
			},
			{ name: 'User', value: 'user', description: 'Members of the organization' },
			{
				name: 'User Info',
				value: 'userInfo',
				description: 'Who the Blynk token belongs to and when it expires',
			},
		],
		default: 'userInfo',
	},
	...userInfoProperties(
		'The organization the OAuth2 client belongs to (GET /api/v1/organization/profile) and when the token expires; never the token itself',
	),
	...requestProperties('Blynk', PROFILE_PATH),
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['device'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description: 'Get a device by its ID',
				action: 'Get a device',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List the devices of the organization',
				action: 'Get many devices',
			},
			{
				name: 'Search',
				value: 'search',
				description: 'Find devices by a search query',
				action: 'Search devices',
			},
		],
		default: 'getAll',
	},
	// Device → Get came with the locators: no saved node holds a plain device ID.
	resourceLocator({
		displayName: 'Device',
		name: 'deviceId',
		required: true,
		searchListMethod: 'searchDevices',
		hint: "Type to search devices (Blynk's device search).",
		idPattern: integerId('device'),
		displayOptions: { show: { resource: ['device'], operation: ['get'] } },
	}),
	searchQuery('device', 'device names and fields'),
	...listProperties('device', ['getAll', 'search']),
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['organization'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description: 'Get an organization by its ID',
				action: 'Get an organization',
			},
			{
				name: 'Search',
				value: 'search',
				description: 'Find sub-organizations by a search query',
				action: 'Search organizations',
			},
		],
		default: 'get',
	},
	...versionedLocator(
		organizationLocator({
			required: true,
			displayOptions: { show: { resource: ['organization'], operation: ['get'] } },
			description: 'The organization or sub-organization',
		}),
		{
			displayName: 'Organization ID',
			type: 'number',
			required: true,
			default: 0,
			description: 'ID of the organization or sub-organization',
		},
	),
	searchQuery('organization', 'organization names and fields'),
	...listProperties('organization', ['search']),
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['user'] } },
		options: [
			{
				name: 'Search',
				value: 'search',
				description: 'Find members by a search query',
				action: 'Search users',
			},
		],
		default: 'search',
	},
	searchQuery('user', 'member names, emails and fields'),
	...listProperties('user', ['search']),
	...simplifyProperties(SIMPLE),
	optionsProperty(deviceOptions),
];

export class Blynk implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Blynk',
		name: 'blynk',
		icon: { light: 'file:../../icons/blynk.svg', dark: 'file:../../icons/blynk.dark.svg' },
		...standardNodeFields,
		version: [1, SIMPLIFY_VERSION],
		defaultVersion: SIMPLIFY_VERSION,
		subtitle: actionSubtitle(properties),
		description:
			'Read Blynk.Cloud devices, users and organizations through the Organization API with a self-renewing token',
		defaults: { name: 'Blynk' },
		usableAsTool: true,
		credentials: [{ name: 'blynkApi', required: true }],
		properties,
	};

	methods = {
		listSearch: {
			searchDevices: listSearch(blynk, deviceList),
			searchOrganizations: listSearch(blynk, organizationList),
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executeOperations(
			this,
			withSimplify(
				{
					'userInfo.get': endpointUserInfo(blynk, { method: 'GET', path: PROFILE_PATH }),
					'request.send': sendRequest(blynk),
					'device.getAll': list('/api/v1/organization/devices', DEVICE_PAGES, deviceFilters),
					'device.search': list('/api/v1/organization/search/devices', DEVICE_PAGES, search),
					'device.get': getById('/api/v1/organization/device', 'deviceId', 'deviceId'),
					'organization.get': getById('/api/v1/organization', 'orgId', 'orgId'),
					'organization.search': list('/api/v1/organization/search', SEARCH_PAGES, search),
					'user.search': list('/api/v1/organization/search/users', SEARCH_PAGES, search),
				},
				SIMPLE,
			),
		);
	}
}
