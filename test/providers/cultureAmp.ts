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
