import type {
	INodeProperties,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeListSearchItems,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import {
	cultureAmp,
	describeGrant,
	requestedPermissions,
} from '../../credentials/providers/cultureAmp';
import {
	actionSubtitle,
	requestProperties,
	standardNodeFields,
	userInfoProperties,
	optionsProperty,
} from '../common/descriptions';
import {
	collectPages,
	executeOperations,
	listRecords,
	nextLinkAt,
	sendRequest,
	tokenUserInfo,
} from '../common/operations';
import type { Operation, Paging } from '../common/operations';
import { listSearch, requiredId } from '../common/locators';
import type { LocatorList } from '../common/locators';
import { callApi, credentialsFor } from '../common/request';
import { SIMPLIFY_VERSION, simplifyProperties, withSimplify } from '../common/simplify';
import type { SimpleRecord } from '../common/simplify';
import {
	employeeProperties,
	managerReviewProperties,
	performanceCycleProperties,
} from './descriptions';

const nextPath = nextLinkAt('pagination.nextPath');

/** `pagination.nextPath` is documented as "/v1/…"; a path relative to the /v1 server URL works too. */
export const paging: Paging = {
	next: (page, call) => {
		const link = nextPath.next(page, call);
		return link?.startsWith('/') && !/^\/v1(\/|\?|$)/i.test(link) ? `/v1${link}` : link;
	},
};

const idParameter = (ctx: IExecuteFunctions, name: string, itemIndex: number) =>
	encodeURIComponent(requiredId(ctx, name, itemIndex));

/** A single record: Culture Amp wraps it in `data`. */
function getOne(path: (ctx: IExecuteFunctions, itemIndex: number) => string): Operation {
	return async (ctx, itemIndex) => {
		const answer = (await callApi(
			ctx,
			cultureAmp,
			{ method: 'GET', path: path(ctx, itemIndex) },
			itemIndex,
		)) as IDataObject;
		return answer?.data ?? answer;
	};
}

/**
 * A list, page after page, cut to the node's Limit unless Return All (or `everything`, for
 * lists the node offers no Limit for); `filters` maps node filter names to API query names.
 */
function getMany(
	path: (ctx: IExecuteFunctions, itemIndex: number) => string,
	filters: Record<string, string> = {},
	everything = false,
): Operation {
	return async (ctx, itemIndex) => {
		const chosen = ctx.getNodeParameter('filters', itemIndex, {}) as IDataObject;
		const qs: IDataObject = {};
		for (const [name, apiName] of Object.entries(filters)) {
			const value = chosen[name];
			if (value === undefined || value === '') continue;
			qs[apiName] = name === 'afterDate' ? new Date(String(value)).toISOString() : value;
		}
		const first = {
			method: 'GET' as const,
			path: path(ctx, itemIndex),
			qs: Object.keys(qs).length ? qs : undefined,
		};
		if (everything) return await collectPages(ctx, cultureAmp, first, itemIndex, { paging });
		return await listRecords(ctx, cultureAmp, first, itemIndex, paging);
	};
}

/** Expiry, entity and granted permissions of the token; never the token. */
const userInfo: Operation = async (ctx, itemIndex) => {
	const asked = requestedPermissions(await credentialsFor(ctx, cultureAmp, itemIndex));
	const probe =
		!asked.includes('employees-read') && asked.includes('performance-evaluations-read')
			? '/v1/performance-cycles'
			: '/v1/employees';
	const info = (await tokenUserInfo(cultureAmp, { method: 'GET', path: probe })(
		ctx,
		itemIndex,
	)) as IDataObject;
	return { ...info, ...describeGrant(await credentialsFor(ctx, cultureAmp, itemIndex)) };
};

const employee = (ctx: IExecuteFunctions, i: number) =>
	`/v1/employees/${idParameter(ctx, 'employeeId', i)}`;
const cycle = (ctx: IExecuteFunctions, i: number) =>
	`/v1/performance-cycles/${idParameter(ctx, 'performanceCycleId', i)}`;
const review = (ctx: IExecuteFunctions, i: number) =>
	`/v1/manager-reviews/${idParameter(ctx, 'managerReviewId', i)}`;

/** What Simplify keeps (fields of the spec's Employee and ManagerReview schemas). */
const SIMPLE: SimpleRecord[] = [
	{
		name: 'employees',
		fields: ['id', 'employeeIdentifier', 'name', 'preferredName', 'email', 'startDate', 'endDate'],
		operations: ['employee.get', 'employee.getAll'],
	},
	{
		name: 'manager reviews',
		fields: [
			'managerReviewId',
			'performanceCycleId',
			'employeeId',
			'managerId',
			'status',
			'reviewAcknowledged',
			'completedAt',
		],
		operations: [
			'managerReview.get',
			'managerReview.getAll',
			'employee.getManagerReviews',
			'performanceCycle.getManagerReviews',
		],
	},
];

/** A list of every record of `path`, as the resource locators show it. */
const listOf = (path: string, item: LocatorList['item']): LocatorList => ({
	first: () => ({ call: { method: 'GET', path }, paging }),
	item,
});
const named = (record: IDataObject, id: unknown): INodeListSearchItems => ({
	name: String(record.name ?? id),
	value: String(id),
});

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
				description: 'Send an authenticated request to any path of the Culture Amp API',
			},
			{ name: 'Employee', value: 'employee', description: 'Employees of the account' },
			{
				name: 'Manager Review',
				value: 'managerReview',
				description: 'Manager reviews of performance cycles',
			},
			{
				name: 'Performance Cycle',
				value: 'performanceCycle',
				description: 'Performance cycles of the account',
			},
			{
				name: 'User Info',
				value: 'userInfo',
				description: 'Who the Culture Amp token belongs to and when it expires',
			},
		],
		default: 'userInfo',
	},
	...userInfoProperties(
		'Entity, granted permissions and expiry of the token; never the token itself',
	),
	...requestProperties('Culture Amp', '/v1/employees'),
	...employeeProperties,
	...performanceCycleProperties,
	...managerReviewProperties,
	...simplifyProperties(SIMPLE),
	optionsProperty(),
];

export class CultureAmp implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Culture Amp',
		name: 'cultureAmp',
		icon: {
			light: 'file:../../icons/cultureAmp.svg',
			dark: 'file:../../icons/cultureAmp.dark.svg',
		},
		...standardNodeFields,
		version: [1, SIMPLIFY_VERSION],
		defaultVersion: SIMPLIFY_VERSION,
		subtitle: actionSubtitle(properties),
		description: 'Read Culture Amp employees and performance data with a self-renewing token',
		defaults: { name: 'Culture Amp' },
		usableAsTool: true,
		credentials: [{ name: 'cultureAmpApi', required: true }],
		properties,
	};

	methods = {
		listSearch: {
			searchEmployees: listSearch(
				cultureAmp,
				listOf('/v1/employees', (employee) => ({
					...named(employee, employee.id),
					description: typeof employee.email === 'string' ? employee.email : undefined,
				})),
			),
			searchPerformanceCycles: listSearch(
				cultureAmp,
				listOf('/v1/performance-cycles', (cycle) => named(cycle, cycle.id)),
			),
			searchManagerReviews: listSearch(
				cultureAmp,
				listOf('/v1/manager-reviews', (review) => ({
					name: `Employee ${String(review.employeeId)} (${String(review.status)})`,
					value: String(review.managerReviewId),
					description: `Performance cycle ${String(review.performanceCycleId)}`,
				})),
			),
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executeOperations(
			this,
			withSimplify(
				{
					'userInfo.get': userInfo,
					'request.send': sendRequest(cultureAmp),
					'employee.get': getOne(employee),
					'employee.getAll': getMany(() => '/v1/employees', {
						email: 'email',
						employeeIdentifier: 'employee_identifier',
					}),
					'employee.getDemographics': getMany(
						(ctx, i) => `${employee(ctx, i)}/demographics`,
						{},
						true,
					),
					'employee.getManagerReviews': getMany((ctx, i) => `${employee(ctx, i)}/manager-reviews`),
					'performanceCycle.get': getOne(cycle),
					'performanceCycle.getAll': getMany(() => '/v1/performance-cycles', {
						afterDate: 'after_date',
						state: 'state',
					}),
					'performanceCycle.getManagerReviews': getMany(
						(ctx, i) => `${cycle(ctx, i)}/manager-reviews`,
					),
					'managerReview.get': getOne(review),
					'managerReview.getAll': getMany(() => '/v1/manager-reviews', { afterDate: 'after_date' }),
				},
				SIMPLE,
			),
		);
	}
}
