import type { IDataObject, INodeType } from 'n8n-workflow';
import { BlynkTrigger } from '../../package/nodes/BlynkTrigger/BlynkTrigger.node';
import { CultureAmpTrigger } from '../../package/nodes/CultureAmpTrigger/CultureAmpTrigger.node';
import { OurPeopleTrigger } from '../../package/nodes/OurPeopleTrigger/OurPeopleTrigger.node';
import { TokenExchangeTrigger } from '../../package/nodes/TokenExchangeTrigger/TokenExchangeTrigger.node';
import { newDevice } from '../fakes/blynk';
import type { FakeBlynk } from '../fakes/blynk';
import { newEmployee, processedAfterSeed } from '../fakes/cultureAmp';
import type { FakeCultureAmp } from '../fakes/cultureAmp';
import type { FakeOurPeople } from '../fakes/ourPeople';
import { caseFor } from '../harness/credentialCases';
import { CredentialRig } from '../harness/credentialRig';
import type { ProviderRig } from '../harness/credentialRig';
import { recipe as cultureAmpRecipe } from '../providers/cultureAmp';
import { BlynkFixture } from './blynkFixture';
import { CultureAmpFixture } from './cultureAmpFixture';
import { Fixture as OurPeopleFixture } from './ourPeopleFixture';

/**
 * Every trigger of the package against its fake: how to start it, how to add the n-th new
 * record while it runs, and which field tells the records apart in what it emits. Record n is
 * newer than record n - 1; `atStart` puts it first in the list (for keys, not list order).
 */
export interface TriggerCase {
	name: string;
	nodeType: INodeType;
	parameters: IDataObject;
	start(): Promise<ProviderRig>;
	/** Adds record n; returns its label. */
	add(rig: ProviderRig, n: number, atStart?: boolean): unknown;
	/** The field of an emitted record that `add` returned. */
	label: string;
	/** Whether the list after two additions spans several pages (so page 2 can fail). */
	paged: boolean;
	/** The fake's list that `add` adds to. */
	list(rig: ProviderRig): Array<Record<string, unknown>>;
	/** The field of a record the trigger orders by (none: new by id alone), and its id field. */
	keyField?: string;
	idField: string;
	/** How the list says there is a next page: a link in each answer, or a full numbered page. */
	paging?: 'links' | 'numbered';
}

function place<R extends object>(
	list: unknown[],
	record: R,
	label: keyof R,
	atStart = false,
): unknown {
	if (atStart) list.unshift(record);
	else list.push(record);
	return record[label];
}

const cultureAmp = (rig: ProviderRig) => rig.fake as FakeCultureAmp;

export const triggerCases: TriggerCase[] = [
	{
		name: 'Culture Amp: employee added or changed',
		nodeType: new CultureAmpTrigger(),
		parameters: { event: 'employee' },
		start: async () => await CultureAmpFixture.start(),
		add: (rig, n, atStart) => place(cultureAmp(rig).employees, newEmployee(n), 'name', atStart),
		label: 'name',
		paged: true,
		list: (rig) => cultureAmp(rig).employees as unknown as Array<Record<string, unknown>>,
		keyField: 'processedAt',
		idField: 'id',
		paging: 'links',
	},
	{
		name: 'Culture Amp: manager review added or changed',
		nodeType: new CultureAmpTrigger(),
		parameters: { event: 'managerReview' },
		start: async () => await CultureAmpFixture.start(),
		add: (rig, n, atStart) =>
			place(
				cultureAmp(rig).managerReviews,
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
		list: (rig) => cultureAmp(rig).managerReviews,
		keyField: 'processedAt',
		idField: 'managerReviewId',
		paging: 'links',
	},
	{
		name: 'Culture Amp: performance cycle added or changed',
		nodeType: new CultureAmpTrigger(),
		parameters: { event: 'performanceCycle' },
		start: async () => await CultureAmpFixture.start(),
		add: (rig, n, atStart) =>
			place(
				cultureAmp(rig).performanceCycles,
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
		list: (rig) => cultureAmp(rig).performanceCycles,
		keyField: 'processedAt',
		idField: 'id',
		paging: 'links',
	},
	{
		name: 'Blynk: device added (with sub-organizations)',
		nodeType: new BlynkTrigger(),
		parameters: { event: 'device', options: { includeSubOrgDevices: true } },
		start: async () => await BlynkFixture.start(),
		add: (rig, n, atStart) =>
			place((rig.fake as FakeBlynk).devices, newDevice(n, n % 2 ? 751 : 658), 'name', atStart),
		label: 'name',
		paged: false,
		list: (rig) => (rig.fake as FakeBlynk).devices,
		keyField: 'id',
		idField: 'id',
		paging: 'numbered',
	},
	{
		name: 'OurPeople: user added',
		nodeType: new OurPeopleTrigger(),
		parameters: { event: 'user' },
		start: async () => await OurPeopleFixture.start(),
		// Ids that sort downwards: a new user is one the list did not have, in list order.
		add: (rig, n) =>
			place(
				(rig.fake as FakeOurPeople).users,
				{
					id: `${String.fromCharCode(122 - n)}-user`,
					name: `User ${n}`,
					email: `u${n}@example.com`,
				},
				'name',
			),
		label: 'name',
		paged: false,
		list: (rig) => (rig.fake as FakeOurPeople).users,
		idField: 'id',
	},
	{
		name: 'Token Exchange: Culture Amp employees by processedAt, over pages',
		nodeType: new TokenExchangeTrigger(),
		parameters: {
			path: '/v1/employees',
			recordsPath: 'data',
			newBy: 'increasing',
			keyPath: 'processedAt',
			idPath: 'id',
			nextPagePath: 'pagination.nextPath',
		},
		start: async () =>
			await CredentialRig.start({
				...caseFor('tokenExchangeApi'),
				createFake: cultureAmpRecipe.createFake,
				fields: (url) => cultureAmpRecipe.fields(url) as never,
			}),
		add: (rig, n, atStart) => place(cultureAmp(rig).employees, newEmployee(n), 'name', atStart),
		label: 'name',
		paged: true,
		list: (rig) => cultureAmp(rig).employees as unknown as Array<Record<string, unknown>>,
		keyField: 'processedAt',
		idField: 'id',
		paging: 'links',
	},
];
