import { cultureAmp, PRODUCTION_ENTITY_ID } from '../../package/credentials/providers/cultureAmp';
import {
	CULTURE_AMP_ENTITY_ID,
	FakeCultureAmp,
	newEmployee,
	processedAfterSeed,
} from '../fakes/cultureAmp';
import type { DemoProvider } from '../demo/providers';
import type { Recipe } from '../harness/tokenExchangeRecipes';
import type { ConsoleUrls, FieldMistake, ListPaging, SavedNodes, TriggerExample } from '.';
import type { ProviderRig } from '../harness/credentialRig';
import { demoRig, place } from '../harness/triggerCase';
import type { TriggerCase } from '../harness/triggerCase';
import type { ProviderE2e } from '../harness/providerE2e';
import type { IDataObject } from 'n8n-workflow';
import type { NodeCase, NodeCases } from '../integration/nodeCases';
import { chain, httpRequest, packageNode, start } from '../harness/workflows';
import type { CredentialRef } from '../harness/workflows';

const cultureAmpCredential: CredentialRef = {
	id: 'DemoCultureAmp01',
	name: 'Culture Amp (local demo)',
	type: 'cultureAmpApi',
};

/** What `npm start` sets up: the fake on a fixed port, a demo credential and workflow. */
export const demo: DemoProvider = {
	name: 'Culture Amp',
	provider: cultureAmp,
	port: 5802,
	createFake: (lifetime = 120) => new FakeCultureAmp({ tokenLifetimeSeconds: lifetime }),
	credential: cultureAmpCredential,
	apiPath: '/v1/employees',
	listOperation: { resource: 'employee', operation: 'getAll' },
	growingList: 'Culture Amp employees',
	newRecord: (fake, n) => {
		const employee = newEmployee(n);
		(fake as FakeCultureAmp).employees.push(employee);
		return employee.id;
	},
	credentialData: (url) => ({
		baseUrl: url,
		clientId: 'demo-client',
		clientSecret: 'demo-secret-0123456789',
		entityId: '8ed17dce-9eca-4383-a9e1-54f82c362b6d',
		// What demo-client is granted: the credential's Test checks the granted scope.
		permissions: ['employees-read', 'performance-evaluations-read'],
		credentialLocation: 'body',
	}),
	workflow: (url, trigger = start) =>
		chain('DemoCultureAmpFlow', 'Culture Amp demo', [
			trigger,
			packageNode('Who Am I', 'cultureAmp', cultureAmpCredential, {
				resource: 'userInfo',
				operation: 'get',
			}),
			packageNode('Employees', 'cultureAmp', cultureAmpCredential, {
				...demo.listOperation,
				returnAll: true,
			}),
			packageNode('Performance Cycles', 'cultureAmp', cultureAmpCredential, {
				resource: 'performanceCycle',
				operation: 'getAll',
				returnAll: true,
			}),
			httpRequest('HTTP Request', cultureAmpCredential, `${url}/v1/employees`),
		]),
	notes:
		'client id demo-client, secret demo-secret-0123456789; granted employees-read and performance-evaluations-read only; 5 employees, 2 per page; tokens live 120 s',
};

/** The Token Exchange credential filled in to sign in to this provider. */
export const recipe: Recipe = {
	provider: 'Culture Amp',
	createFake: (lifetime) => new FakeCultureAmp({ tokenLifetimeSeconds: lifetime }),
	fields: (url) => ({
		apiUrl: url,
		testPath: '/v1/employees',
		signInUrl: `${url}/v1/oauth2/token`,
		signInFormat: 'form',
		clientAuthentication: 'basic',
		clientId: 'demo-client',
		clientSecret: 'demo-secret-0123456789',
		signInParameters: JSON.stringify({
			grant_type: 'client_credentials',
			scope: `target-entity:${CULTURE_AMP_ENTITY_ID}:employees-read`,
		}),
	}),
	apiPath: '/v1/employees',
	refreshes: false,
};

/** Mistakes only Culture Amp's fields allow. */
export const badInput: FieldMistake[] = [
	['entityId', '', /Entity ID must be a UUID; enter the Culture Amp API's entity id: 8ed17dce-/],
	['entityId', 'production', /Entity ID must be a UUID/],
	[
		'baseUrl',
		'https://acme.cultureamp.com/app',
		/web app, not its API: enter https:\/\/api\.cultureamp\.com/,
	],
];

export const consoleUrls: ConsoleUrls = {
	field: 'baseUrl',
	otherFields: {
		clientId: 'id',
		clientSecret: 'secret',
		entityId: PRODUCTION_ENTITY_ID,
		permissions: ['employees-read'],
	},
	api: ['https://api.cultureamp.com/v1', 'https://sandbox.public-api.development.cultureamp.net'],
	consoles: [
		['https://app.cultureamp.com', 'enter https://api.cultureamp.com as the API URL'],
		['https://cultureamp.com', 'enter https://api.cultureamp.com as the API URL'],
	],
};

const E2E_SECRET = 'ca-e2e-secret-0123456789';
const PERF_ONLY_SECRET = 'ca-e2e-perf-only-secret-987';
const granted = ['employees-read', 'performance-evaluations-read'];
const e2eFields = (url: string, fields: Record<string, unknown>) => ({
	baseUrl: url,
	clientId: 'ca-e2e-client',
	clientSecret: E2E_SECRET,
	entityId: CULTURE_AMP_ENTITY_ID,
	permissions: granted,
	credentialLocation: 'body',
	...fields,
});
const everyEmployee = [1, 2, 3, 4, 5].map((n) => `Employee ${n}`);

/** What the real-n8n suite checks of Culture Amp (test/e2e/providers.test.ts). */
export const e2e: ProviderE2e = {
	createFake: (lifetime) =>
		new FakeCultureAmp({
			tokenLifetimeSeconds: lifetime,
			clients: [
				{ id: 'ca-e2e-client', secret: E2E_SECRET, permissions: granted },
				{
					id: 'ca-e2e-perf-only',
					secret: PERF_ONLY_SECRET,
					permissions: ['performance-evaluations-read'],
				},
			],
		}),
	credentials: [
		{
			label: 'Culture Amp (form body)',
			fields: (url) => e2eFields(`${url}/v1/`, {}),
			basicAuth: false,
			listed: everyEmployee,
			apiCalls: 14,
		},
		{
			// The client has no demographics permission: User Info says it was not granted, the
			// Test button refuses the credential.
			label: 'Culture Amp (Basic header)',
			fields: (url) =>
				e2eFields(url, {
					credentialLocation: 'header',
					permissions: [...granted, 'employee-demographics-read'],
				}),
			basicAuth: true,
			whoAmI: {
				entityId: CULTURE_AMP_ENTITY_ID,
				grantedPermissions: granted,
				missingPermissions: ['employee-demographics-read'],
				warning: /not employee-demographics-read/,
			},
			listed: everyEmployee,
			apiCalls: 14,
			testSays:
				/^Culture Amp sign-in failed: Culture Amp did not grant employee-demographics-read, which the credential asks for\. Ask Culture Amp to add employee-demographics-read to the API credential, or remove it from Permissions\.$/,
		},
		{
			// The Test button lists performance cycles instead of employees.
			label: 'Culture Amp (performance only)',
			fields: (url) =>
				e2eFields(`${url}/v1`, {
					permissions: ['performance-evaluations-read'],
					credentialLocation: 'header',
				}),
			apiPath: '/v1/performance-cycles',
			basicAuth: true,
			apiCalls: 11,
		},
	],
	failures: [
		{
			label: 'a wrong secret',
			fields: { clientSecret: 'ca-e2e-wrong-secret-42' },
			says: /^Culture Amp sign-in failed \(HTTP 401\): Client authentication failed - invalid_client\. Check the Client ID and Client Secret from Culture Amp/,
			reason: 'sign_in_rejected',
			seen: ['sign-in 401'],
		},
		{
			label: 'a permission Culture Amp did not grant',
			fields: {
				clientId: 'ca-e2e-perf-only',
				clientSecret: PERF_ONLY_SECRET,
				permissions: [...granted, 'employee-demographics-read'],
			},
			says: /^Culture Amp request failed \(HTTP 403\): Forbidden\. This endpoint needs the employees-read permission\. The credential asks for it, but Culture Amp did not grant it/,
			reason: 'api_rejected',
			seen: ['sign-in 200', 'api 403'],
			// The Test button names every permission asked for and not granted, before any API call.
			test: {
				says: /^Culture Amp sign-in failed: Culture Amp did not grant employees-read, employee-demographics-read, which/,
				seen: ['sign-in 200'],
			},
		},
		{
			label: 'a malformed Entity ID',
			fields: { entityId: 'not-an-entity' },
			says: /the Entity ID must be a UUID/,
			reason: 'configuration',
			seen: [],
			test: { says: /^Culture Amp credential: the Entity ID must be a UUID/, seen: [] },
		},
	],
};

/** The node's list operation answers page by page, each with a link to the next. */
export const listPaging: ListPaging = 'links';

const fake = (rig: ProviderRig) => rig.fake as FakeCultureAmp;
const employees = (rig: ProviderRig) =>
	fake(rig).employees as unknown as Array<Record<string, unknown>>;

/** The Culture Amp Trigger's `event` over `records`, of which `record(n)` is the n-th new one. */
const cultureAmpEvent = <R extends object>(
	event: string,
	name: string,
	records: (rig: ProviderRig) => Array<Record<string, unknown>>,
	record: (n: number) => R,
	label: keyof R & string,
	idField = 'id',
): TriggerCase => ({
	name: `Culture Amp: ${name} added or changed`,
	node: 'cultureAmpTrigger',
	parameters: { event },
	start: async () => await demoRig('cultureAmpApi'),
	add: (rig, n, atStart) => place(records(rig), record(n), label, atStart),
	label,
	paged: true,
	list: records,
	keyField: 'processedAt',
	idField,
	paging: 'links',
	storedIds: 1,
});

const employeeEvent = cultureAmpEvent('employee', 'employee', employees, newEmployee, 'name');

/** Each event of the Culture Amp Trigger, and the Token Exchange Trigger polling employees. */
export const triggers: TriggerCase[] = [
	employeeEvent,
	cultureAmpEvent(
		'managerReview',
		'manager review',
		(rig) => fake(rig).managerReviews,
		(n) => ({
			managerReviewId: `new-review-${n}`,
			status: 'completed',
			processedAt: processedAfterSeed(n),
		}),
		'managerReviewId',
		'managerReviewId',
	),
	cultureAmpEvent(
		'performanceCycle',
		'performance cycle',
		(rig) => fake(rig).performanceCycles,
		(n) => ({
			id: `new-cycle-${n}`,
			name: `Cycle ${n}`,
			state: 'ready',
			processedAt: processedAfterSeed(n),
		}),
		'name',
	),
	{
		...employeeEvent,
		name: 'Token Exchange: Culture Amp employees by processedAt, over pages',
		node: 'tokenExchangeTrigger',
		parameters: {
			path: '/v1/employees',
			recordsPath: 'data',
			newBy: 'increasing',
			keyPath: 'processedAt',
			idPath: 'id',
			nextPagePath: 'pagination.nextPath',
		},
		// The Token Exchange credential filled in as `recipe` says.
		start: async () => {
			const { tokenExchangeCase } = await import('../harness/credentialCases');
			const { CredentialRig } = await import('../harness/credentialRig');
			return await CredentialRig.start(tokenExchangeCase(recipe));
		},
	},
];

/** The trigger examples the e2e triggers suite publishes: the Culture Amp Trigger, and the Token Exchange Trigger on employees. */
export const triggerExamples: TriggerExample[] = [
	{ example: 'cultureAmpTrigger', credential: 'demo' },
	{ example: 'tokenExchangeTrigger', credential: 'recipe' },
];

const EMPLOYEE_2 = '00000002-3099-44a9-bd28-0292be8aff7f';
const CYCLE = 'b6505a73-d45f-4091-b3fb-74997de4cdc6';
const REVIEW_2 = 'b6505a73-d45f-4091-b3fb-74997de4cd02';
const EMPLOYEES = '/v1/employees';
const EMPLOYEE_FIELDS = 'id employeeIdentifier name preferredName email startDate endDate'.split(
	' ',
);
const REVIEW_FIELDS =
	'managerReviewId performanceCycleId employeeId managerId status reviewAcknowledged completedAt'.split(
		' ',
	);
const getAll = (more: IDataObject = {}) => ({
	resource: 'employee',
	operation: 'getAll',
	returnAll: true,
	...more,
});
/** A workflow saved with node version 1: plain IDs. */
const v1 = (
	resource: string,
	operation: string,
	ids: IDataObject,
	...calls: string[]
): NodeCase => ({
	title: `node version 1: ${resource} → ${operation} with the plain ${Object.keys(ids)[0]} requests it`,
	parameters: { resource, operation, returnAll: true, ...ids },
	run: { typeVersion: 1 },
	calls,
});
const rl = (mode: string, value: string) => ({ __rl: true, mode, value });
/** Version 1 (package 0.1.0) saved the employee ID as a plain string; 1.1 as a resource locator. */
export const savedNodes: SavedNodes = {
	field: 'employeeId',
	versions: [
		{
			typeVersion: 1,
			parameters: { resource: 'employee', operation: 'get', employeeId: EMPLOYEE_2 },
			shown: { label: 'Employee ID', value: EMPLOYEE_2 },
		},
		{
			typeVersion: 1.1,
			parameters: { resource: 'employee', operation: 'get', employeeId: rl('id', EMPLOYEE_2) },
			shown: { label: 'Employee', mode: 'By ID', value: EMPLOYEE_2 },
		},
	],
	run: {
		apiPath: `${EMPLOYEES}/${EMPLOYEE_2}`,
		shows: 'employee2@example.com',
		sameLine: 'Employee 2',
	},
};
/** A fake whose demo client is granted `permissions` only. */
const granting =
	(...permissions: string[]) =>
	() =>
		new FakeCultureAmp({
			clients: [{ id: 'demo-client', secret: 'demo-secret-0123456789', permissions }],
		});
const asking = { permissions: ['employees-read', 'employee-demographics-read'] };

/** What the Culture Amp node does beyond what every node does (test/integration/nodes.test.ts). */
export const nodeCases: NodeCases = {
	plainIds: [
		['employee', 'get', 'employeeId', 'Employee ID', 'string'],
		['performanceCycle', 'get', 'performanceCycleId', 'Performance Cycle ID', 'string'],
		['managerReview', 'get', 'managerReviewId', 'Manager Review ID', 'string'],
	],
	whoAmI: {
		json: {
			entityId: CULTURE_AMP_ENTITY_ID,
			requestedPermissions: ['employees-read', 'performance-evaluations-read'],
			grantedPermissions: ['employees-read', 'performance-evaluations-read'],
			missingPermissions: [],
		},
		callsApi: false,
	},
	operations: [
		{
			title: 'Employee → Get Many with Return All follows pagination.nextPath to the last page',
			parameters: getAll(),
			names: [1, 2, 3, 4, 5].map((n) => `Employee ${n}`),
			calls: [EMPLOYEES, `${EMPLOYEES}?cursor=Mg`, `${EMPLOYEES}?cursor=NA`],
		},
		{
			title: 'Employee → Get Many with a Limit stops fetching pages once it has enough',
			parameters: getAll({ returnAll: false, limit: 3 }),
			names: ['Employee 1', 'Employee 2', 'Employee 3'],
			calls: 2,
		},
		{
			title: 'a nextPath relative to the /v1 server URL is followed',
			arrange: (fake) => ((fake as FakeCultureAmp).nextPathStyle = 'server'),
			parameters: getAll(),
			count: 5,
			calls: 3,
		},
		{
			title: 'the email filter is sent as the documented query parameter',
			parameters: getAll({ filters: { email: 'employee4@example.com' } }),
			names: ['Employee 4'],
			calls: ['/v1/employees?email=employee4%40example.com'],
		},
		{
			title: 'the employee identifier filter is sent as the documented query parameter',
			parameters: getAll({ filters: { employeeIdentifier: '5' } }),
			names: ['Employee 5'],
			calls: ['/v1/employees?employee_identifier=5'],
		},
		{
			title: 'an API pointing at the same next page again stops the list (list_too_long)',
			arrange: (fake) => ((fake as FakeCultureAmp).repeatNextPage = true),
			parameters: getAll(),
			fails: { reason: 'list_too_long', says: /^Culture Amp returned the same next page twice/ },
			calls: 2,
		},
		{
			title: 'Employee → Get returns the employee by ID, trimmed, without the data envelope',
			parameters: {
				resource: 'employee',
				operation: 'get',
				employeeId: rl('id', ` ${EMPLOYEE_2} `),
			},
			json: { id: EMPLOYEE_2, name: 'Employee 2', email: 'employee2@example.com' },
			calls: [`/v1/employees/${EMPLOYEE_2}`],
		},
		{
			title: 'Employee → Get from the list requests that employee',
			parameters: { resource: 'employee', operation: 'get', employeeId: rl('list', EMPLOYEE_2) },
			names: ['Employee 2'],
			calls: [`/v1/employees/${EMPLOYEE_2}`],
		},
		{
			title: 'an unknown employee is a 404 that says so',
			parameters: { resource: 'employee', operation: 'get', employeeId: 'no-such-employee' },
			fails: {
				reason: 'api_error',
				says: /^Culture Amp request failed \(HTTP 404\): Employee not found/,
			},
		},
		{
			title: 'an ID cannot reach another path',
			parameters: { resource: 'employee', operation: 'get', employeeId: '../performance-cycles' },
			fails: { reason: 'api_error', says: /HTTP 404/ },
			calls: ['/v1/employees/..%2Fperformance-cycles'],
		},
		{
			title: 'Performance Cycle → Get',
			parameters: { resource: 'performanceCycle', operation: 'get', performanceCycleId: CYCLE },
			json: { id: CYCLE, name: 'H1 performance cycle', state: 'active' },
			calls: [`/v1/performance-cycles/${CYCLE}`],
		},
		{
			title: 'Manager Review → Get: the simple fields by default',
			parameters: { resource: 'managerReview', operation: 'get', managerReviewId: REVIEW_2 },
			json: { employeeId: EMPLOYEE_2, performanceCycleId: CYCLE },
			keys: REVIEW_FIELDS,
		},
		{
			title: "a cycle's manager reviews, over two pages, simplified",
			parameters: {
				resource: 'performanceCycle',
				operation: 'getManagerReviews',
				performanceCycleId: CYCLE,
				returnAll: true,
			},
			count: 3,
			keys: REVIEW_FIELDS,
			calls: [
				`/v1/performance-cycles/${CYCLE}/manager-reviews`,
				`/v1/performance-cycles/${CYCLE}/manager-reviews?cursor=Mg`,
			],
		},
		{
			title: "an employee's manager reviews, in full with Simplify off",
			parameters: {
				resource: 'employee',
				operation: 'getManagerReviews',
				employeeId: EMPLOYEE_2,
				returnAll: true,
				simple: false,
			},
			json: { managerReviewId: REVIEW_2 },
			has: ['performanceRating.ratingBuckets', 'openTextQuestions'],
			count: 1,
			calls: [`/v1/employees/${EMPLOYEE_2}/manager-reviews`],
		},
		{
			title: 'manager reviews processed after a date',
			parameters: {
				resource: 'managerReview',
				operation: 'getAll',
				returnAll: true,
				filters: { afterDate: '2024-01-01T00:00:00Z' },
			},
			count: 3,
			calls: [
				'/v1/manager-reviews?after_date=2024-01-01T00%3A00%3A00.000Z',
				'/v1/manager-reviews?cursor=Mg&after_date=2024-01-01T00%3A00%3A00.000Z',
			],
		},
		{
			title: 'API Request calls any API path and returns the answer as is',
			parameters: {
				resource: 'request',
				operation: 'send',
				method: 'GET',
				path: '/v1/performance-cycles',
			},
			json: { data: [{ id: CYCLE }] },
		},
		{
			title: 'employees: the simple fields by default',
			parameters: getAll({ returnAll: false, limit: 2 }),
			keys: EMPLOYEE_FIELDS,
			json: { name: 'Employee 1', endDate: null },
		},
		{
			title: 'employees: the full record with Simplify off',
			parameters: getAll({ returnAll: false, limit: 2, simple: false }),
			json: { name: 'Employee 1', birthDate: '1990-01-01' },
		},
		{
			title: 'a workflow saved with node version 1 keeps the full records',
			parameters: getAll({ returnAll: false, limit: 2 }),
			run: { typeVersion: 1 },
			json: { name: 'Employee 1', birthDate: '1990-01-01' },
		},
		v1('performanceCycle', 'get', { performanceCycleId: CYCLE }, `/v1/performance-cycles/${CYCLE}`),
		v1(
			'employee',
			'getManagerReviews',
			{ employeeId: EMPLOYEE_2 },
			`/v1/employees/${EMPLOYEE_2}/manager-reviews`,
		),
		v1(
			'performanceCycle',
			'getManagerReviews',
			{ performanceCycleId: CYCLE },
			`/v1/performance-cycles/${CYCLE}/manager-reviews`,
			`/v1/performance-cycles/${CYCLE}/manager-reviews?cursor=Mg`,
		),
		v1('employee', 'get', { employeeId: EMPLOYEE_2 }, `/v1/employees/${EMPLOYEE_2}`),
		v1('managerReview', 'get', { managerReviewId: REVIEW_2 }, `/v1/manager-reviews/${REVIEW_2}`),
		{
			title: 'permissions not granted do not stop a run: a node still gets what was granted',
			fake: granting('employees-read'),
			fields: asking,
			parameters: getAll({ returnAll: false, limit: 1 }),
			count: 1,
		},
		{
			title:
				'User Info says which permissions were not granted, even when its probe call gets a 403',
			fake: granting('performance-evaluations-read'),
			fields: {
				permissions: [
					'employees-read',
					'performance-evaluations-read',
					'employee-demographics-read',
				],
			},
			parameters: { resource: 'userInfo', operation: 'get' },
			json: {
				grantedPermissions: ['performance-evaluations-read'],
				missingPermissions: ['employees-read', 'employee-demographics-read'],
				warning:
					/^Culture Amp granted fewer permissions than asked: not employees-read, employee-demographics-read\. Requests that need them fail with HTTP 403/,
			},
			calls: [EMPLOYEES],
		},
	],
	lists: [
		{
			title: 'employees by name and ID, a page at a time (pagination.nextPath)',
			method: 'searchEmployees',
			pages: 3,
			listed: [1, 2, 3, 4, 5].map(
				(n) => `Employee ${n} = 0000000${n}-3099-44a9-bd28-0292be8aff7f (employee${n}@example.com)`,
			),
			calls: [EMPLOYEES, `${EMPLOYEES}?cursor=Mg`, `${EMPLOYEES}?cursor=NA`],
		},
		{
			title:
				'a name typed filters each page here (the API has no name search), reading on until one matches',
			method: 'searchEmployees',
			filter: 'employee 4',
			listed: ['Employee 4 = 00000004-3099-44a9-bd28-0292be8aff7f (employee4@example.com)'],
			more: /^\/v1\/employees\?cursor=/,
		},
		{
			title: 'an email typed matches whatever its case',
			method: 'searchEmployees',
			filter: 'EMPLOYEE5@',
			listed: ['Employee 5 = 00000005-3099-44a9-bd28-0292be8aff7f (employee5@example.com)'],
		},
		{
			title: 'performance cycles by name',
			method: 'searchPerformanceCycles',
			listed: [`H1 performance cycle = ${CYCLE}`],
		},
		{
			title: 'manager reviews by employee and status',
			method: 'searchManagerReviews',
			filter: 'completed',
			more: /\?cursor=Mg$/,
			listed: [1, 2].map(
				(n) =>
					`Employee 0000000${n}-3099-44a9-bd28-0292be8aff7f (completed) = b6505a73-d45f-4091-b3fb-74997de4cd0${n} (Performance cycle ${CYCLE})`,
			),
		},
		{
			title: "a permission not granted fails with the package's error, which names it",
			fake: granting('performance-evaluations-read'),
			method: 'searchEmployees',
			fails: {
				reason: 'api_rejected',
				says: /^Culture Amp request failed \(HTTP 403\): Forbidden\. .*employees-read/,
			},
		},
		{
			title: 'a pagination token that is not a page of the list is refused before anything is sent',
			method: 'searchEmployees',
			token: '/v1/performance-cycles?cursor=Mg',
			fails: { reason: 'configuration', says: /^Culture Amp: not a page of this list/ },
			calls: [],
		},
	],
};
