import { NodeOperationError } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import {
	cultureAmp,
	describeGrant,
	requestedPermissions,
} from '../../credentials/providers/cultureAmp';
import {
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
import { callApi, credentialsFor } from '../common/request';
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

function idParameter(ctx: IExecuteFunctions, name: string, itemIndex: number): string {
	const id = String(ctx.getNodeParameter(name, itemIndex, '')).trim();
	if (id === '')
		throw new NodeOperationError(ctx.getNode(), `Enter the ${name.replace(/Id$/, ' ID')}`, {
			itemIndex,
		});
	return encodeURIComponent(id);
}

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

export class CultureAmp implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Culture Amp',
		name: 'cultureAmp',
		icon: {
			light: 'file:../../icons/cultureAmp.svg',
			dark: 'file:../../icons/cultureAmp.dark.svg',
		},
		...standardNodeFields,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Read Culture Amp employees and performance data with a self-renewing token',
		defaults: { name: 'Culture Amp' },
		usableAsTool: true,
		credentials: [{ name: 'cultureAmpApi', required: true }],
		properties: [
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
			optionsProperty(),
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executeOperations(this, {
			'userInfo.get': userInfo,
			'request.send': sendRequest(cultureAmp),
			'employee.get': getOne(employee),
			'employee.getAll': getMany(() => '/v1/employees', {
				email: 'email',
				employeeIdentifier: 'employee_identifier',
			}),
			'employee.getDemographics': getMany((ctx, i) => `${employee(ctx, i)}/demographics`, {}, true),
			'employee.getManagerReviews': getMany((ctx, i) => `${employee(ctx, i)}/manager-reviews`),
			'performanceCycle.get': getOne(cycle),
			'performanceCycle.getAll': getMany(() => '/v1/performance-cycles', {
				afterDate: 'after_date',
				state: 'state',
			}),
			'performanceCycle.getManagerReviews': getMany((ctx, i) => `${cycle(ctx, i)}/manager-reviews`),
			'managerReview.get': getOne(review),
			'managerReview.getAll': getMany(() => '/v1/manager-reviews', { afterDate: 'after_date' }),
		});
	}
}
