import { cultureAmp, PRODUCTION_ENTITY_ID } from '../../package/credentials/providers/cultureAmp';
import {
	CULTURE_AMP_ENTITY_ID,
	FakeCultureAmp,
	newEmployee,
	processedAfterSeed,
} from '../fakes/cultureAmp';
import type { DemoProvider } from '../demo/providers';
import type { Recipe } from '../harness/tokenExchangeRecipes';
import type { ConsoleUrls, FieldMistake, ListPaging, TriggerExample } from '.';
import type { ProviderRig } from '../harness/credentialRig';
import { place } from '../harness/triggerCase';
import type { TriggerCase } from '../harness/triggerCase';
import type { ProviderE2e } from '../harness/providerE2e';
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
const ownRig = async () =>
	await (await import('../integration/cultureAmpFixture')).CultureAmpFixture.start();

/** Each event of the Culture Amp Trigger, and the Token Exchange Trigger polling employees. */
export const triggers: TriggerCase[] = [
	{
		name: 'Culture Amp: employee added or changed',
		node: 'cultureAmpTrigger',
		parameters: { event: 'employee' },
		start: ownRig,
		add: (rig, n, atStart) => place(fake(rig).employees, newEmployee(n), 'name', atStart),
		label: 'name',
		paged: true,
		list: employees,
		keyField: 'processedAt',
		idField: 'id',
		paging: 'links',
		storedIds: 1,
	},
	{
		name: 'Culture Amp: manager review added or changed',
		node: 'cultureAmpTrigger',
		parameters: { event: 'managerReview' },
		start: ownRig,
		add: (rig, n, atStart) =>
			place(
				fake(rig).managerReviews,
				{
					managerReviewId: `new-review-${n}`,
					status: 'completed',
					processedAt: processedAfterSeed(n),
				},
				'managerReviewId',
				atStart,
			),
		label: 'managerReviewId',
		paged: true,
		list: (rig) => fake(rig).managerReviews,
		keyField: 'processedAt',
		idField: 'managerReviewId',
		paging: 'links',
		storedIds: 1,
	},
	{
		name: 'Culture Amp: performance cycle added or changed',
		node: 'cultureAmpTrigger',
		parameters: { event: 'performanceCycle' },
		start: ownRig,
		add: (rig, n, atStart) =>
			place(
				fake(rig).performanceCycles,
				{
					id: `new-cycle-${n}`,
					name: `Cycle ${n}`,
					state: 'ready',
					processedAt: processedAfterSeed(n),
				},
				'name',
				atStart,
			),
		label: 'name',
		paged: true,
		list: (rig) => fake(rig).performanceCycles,
		keyField: 'processedAt',
		idField: 'id',
		paging: 'links',
		storedIds: 1,
	},
	{
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
		add: (rig, n, atStart) => place(fake(rig).employees, newEmployee(n), 'name', atStart),
		label: 'name',
		paged: true,
		list: employees,
		keyField: 'processedAt',
		idField: 'id',
		paging: 'links',
		storedIds: 1,
	},
];

/** The trigger examples the e2e triggers suite publishes: the Culture Amp Trigger, and the Token Exchange Trigger on employees. */
export const triggerExamples: TriggerExample[] = [
	{ example: 'cultureAmpTrigger', credential: 'demo' },
	{ example: 'tokenExchangeTrigger', credential: 'recipe' },
];
