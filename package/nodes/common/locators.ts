import { NodeOperationError } from 'n8n-workflow';
import type {
	IDataObject,
	IDisplayOptions,
	IExecuteFunctions,
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
	INodeProperties,
} from 'n8n-workflow';
import { withReason } from '../../credentials/common/errors';
import { isJsonObject } from '../../credentials/common/fields';
import type { TokenProvider } from '../../credentials/common/types';
import { listIn } from './operations';
import type { Paging } from './operations';
import { callApi } from './request';
import type { ApiCall } from './request';
import { SIMPLIFY_VERSION } from './simplify';

/** Where a resource locator's list comes from: one declaration per kind of record. */
export interface LocatorList {
	/**
	 * The first page for `filter` (undefined: nothing typed), how later pages follow, and
	 * whether the API applied the filter (its search); if not, each page is filtered here by
	 * what `item` shows.
	 */
	first(filter: string | undefined): { call: ApiCall; paging?: Paging; searched?: boolean };
	/** What the list shows of a record: its name (and a description) and its id. */
	item(record: IDataObject): INodeListSearchItems;
}

/**
 * Pages read at most per list request while none of them has a record matching the filter, and
 * the time spent on them (checked after each page); then the editor gets the next page's token
 * and reads on when the user scrolls.
 */
const MAX_FILTERED_PAGES = 5;
const FILTERED_SEARCH_MS = 10_000;
/** Records asked for per page, where the API takes a page size. */
const LIST_PAGE_SIZE = 100;

/**
 * A listSearch method: one page of records (or of matches, when filtered here) with the
 * next page's path as paginationToken. Calls go through `callApi`: the same credential, token
 * lifecycle and errors as the node's operations; nothing but names and ids is returned.
 */
export function listSearch(provider: TokenProvider, list: LocatorList) {
	return async function (
		this: ILoadOptionsFunctions,
		filter?: string,
		paginationToken?: string,
	): Promise<INodeListSearchResult> {
		const wanted = filter?.trim() || undefined;
		const { call: asked, paging, searched } = list.first(wanted);
		const sized = paging?.first?.(LIST_PAGE_SIZE);
		const first = sized ? { ...asked, qs: { ...asked.qs, ...sized } } : asked;
		let call = paginationToken ? nextCall(this, provider, first, paginationToken) : first;
		const results: INodeListSearchItems[] = [];
		const started = Date.now();
		for (let page = 1; ; page++) {
			const answer = await callApi(this, provider, call, 0);
			const items = listIn(answer).filter(isJsonObject).map(list.item);
			results.push(...(searched || !wanted ? items : items.filter(matching(wanted))));
			const next = paging?.next(answer, call);
			if (next === undefined) return { results };
			const spent = Date.now() - started;
			if (results.length > 0 || page >= MAX_FILTERED_PAGES || spent >= FILTERED_SEARCH_MS)
				return { results, paginationToken: next };
			call = { method: 'GET', path: next, headers: first.headers };
		}
	};
}

function matching(filter: string) {
	const lower = filter.toLowerCase();
	return (item: INodeListSearchItems) =>
		[item.name, item.description, String(item.value)].some((text) =>
			text?.toLowerCase().includes(lower),
		);
}

/** A paginationToken is a next-page path of this very list; any other is refused. */
function nextCall(
	ctx: ILoadOptionsFunctions,
	provider: TokenProvider,
	first: ApiCall,
	token: string,
): ApiCall {
	const fix = 'Open the list again to start from its first page.';
	if (token.split('?')[0] !== first.path) {
		const error = new NodeOperationError(
			ctx.getNode(),
			`${provider.name}: not a page of this list. ${fix}`,
			{
				description: fix,
			},
		);
		throw withReason(error, 'configuration');
	}
	return { method: 'GET', path: token, headers: first.headers };
}

export interface LocatorOptions {
	displayName: string;
	name: string;
	/** The listSearch method of the node's `methods.listSearch`. */
	searchListMethod: string;
	/** Which ids the "By ID" mode accepts (a regex), and the message for others. */
	idPattern: { regex: string; errorMessage: string; placeholder: string };
	description?: string;
	hint?: string;
	required?: boolean;
	displayOptions?: IDisplayOptions;
}

/** A resource locator: "From List" first (n8n's default mode), then "By ID". */
export function resourceLocator(options: LocatorOptions): INodeProperties {
	const { idPattern, searchListMethod, hint, ...rest } = options;
	return {
		...rest,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				hint,
				typeOptions: { searchListMethod, searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: idPattern.placeholder,
				validation: [
					{
						type: 'regex',
						properties: { regex: idPattern.regex, errorMessage: idPattern.errorMessage },
					},
				],
			},
		],
	};
}

/**
 * The node version from which id parameters are resource locators (the version that brought
 * Simplify). n8n's editor shows the plain id a node of an earlier version was saved with in a
 * locator with no mode picked ("Mode...", its check skipped), so such nodes keep their field.
 */
export const LOCATOR_VERSION = SIMPLIFY_VERSION;

/**
 * The parameter `options.name` as a resource locator from LOCATOR_VERSION on, and before it as
 * `before`: the plain field version 1 had, in which saved workflows hold a string or number.
 */
export function versionedLocator(
	options: LocatorOptions,
	before: Pick<INodeProperties, 'displayName' | 'type' | 'default'> & Partial<INodeProperties>,
): INodeProperties[] {
	const shownFrom = (version: NonNullable<IDisplayOptions['show']>['@version']) => ({
		...options.displayOptions,
		show: { ...options.displayOptions?.show, '@version': version },
	});
	return [
		{
			...before,
			name: options.name,
			displayOptions: shownFrom([{ _cnd: { lt: LOCATOR_VERSION } }]),
		},
		resourceLocator({
			...options,
			displayOptions: shownFrom([{ _cnd: { gte: LOCATOR_VERSION } }]),
		}),
	];
}

/**
 * The id a locator parameter holds: `{ mode, value }` from the locator, or the plain string
 * (or number) of the field before it (node version 1); '' when empty.
 */
export function locatorValue(ctx: IExecuteFunctions, name: string, itemIndex: number): string {
	const value = ctx.getNodeParameter(name, itemIndex, '', { extractValue: true }) as unknown;
	return String(value ?? '').trim();
}

/** `locatorValue` of a parameter that must be set, e.g. `employeeId` ("Enter the employee ID"). */
export function requiredId(ctx: IExecuteFunctions, name: string, itemIndex: number): string {
	const id = locatorValue(ctx, name, itemIndex);
	if (id === '') {
		const field = name.replace(/Id$/, '').replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`);
		const problem = new NodeOperationError(ctx.getNode(), `Enter the ${field} ID`, { itemIndex });
		throw withReason(problem, 'configuration');
	}
	return id;
}
