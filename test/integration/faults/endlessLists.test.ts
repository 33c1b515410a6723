import type { Fault, FakeRequest } from '../../fakes/fakeProvider';
import { credentialCases } from '../../harness/credentialCases';
import { CredentialRig, stopRigs } from '../../harness/credentialRig';
import type { ProviderRig } from '../../harness/credentialRig';
import { reasonOf } from '../../../package/credentials/common/errors';
import { headlineOf } from '../../harness/headline';
import { PollRunner } from '../../harness/pollRig';
import { errorOf } from '../helpers';
import { triggerCases } from '../triggerCases';
import { nodeFor } from './nodeTypes';

/**
 * Lists that never end, whatever the API answers (a new next link every time, a page that is
 * always full, pages that take long): every node's Return All and every trigger's poll stops at
 * a bound of pages, records held or time, with an error naming the bound and what to do. A poll
 * that stops there changes no state: the next one emits what came meanwhile, once.
 */

type Paging = 'links' | 'numbered';

/** The credentials whose node's list pages (`listPaging` in test/providers/<provider>.ts). */
const pagedNodes = credentialCases.flatMap(({ listPaging, ...credential }) =>
	credential.listOperation && listPaging && listPaging !== 'one page'
		? [{ ...credential, paging: listPaging }]
		: [],
);
const pagedTriggers = triggerCases.filter((trigger) => trigger.paging);

const rigs: ProviderRig[] = [];
afterAll(async () => {
	await Promise.all(rigs.map(async (rig) => await rig.fake.stop()));
	await stopRigs();
});

/** Date.now as the package sees it: `advance` moves it on (a page that took that long). */
const realNow = Date.now.bind(Date);
let elapsedMs = 0;
beforeEach(() => {
	elapsedMs = 0;
	jest.spyOn(Date, 'now').mockImplementation(() => realNow() + elapsedMs);
});
afterEach(() => jest.restoreAllMocks());

/**
 * An API whose list goes on past every bound: `links` answers `perPage` records and a new next
 * link every time, `numbered` a full page of the size asked for. Each page takes `pageMs`. It
 * ends after 1500 pages or 150000 records, so that a reader without bounds fails the test
 * instead of hanging it.
 */
function endlessList(rig: ProviderRig, paging: Paging, perPage: number, pageMs = 0): void {
	let page = 0;
	rig.fake.apiFault = (request: FakeRequest): Fault => {
		page += 1;
		elapsedMs += pageMs;
		const size = paging === 'links' ? perPage : Number(request.query.get('size'));
		const last = page >= 1500 || page * size >= 150_000;
		const records = Array.from({ length: size }, (_, index) => ({
			id: `endless-${page}-${index}`,
			name: `Endless ${page}.${index}`,
			processedAt: new Date(realNow()).toISOString(),
		}));
		const body =
			paging === 'links'
				? {
						data: records,
						pagination: last ? {} : { nextPath: `${request.path}?cursor=page-${page}` },
					}
				: { content: records, totalElements: last ? page * size : Number.MAX_SAFE_INTEGER };
		return { type: 'status', status: 200, body };
	};
}

const apiCalls = (rig: ProviderRig) => rig.fake.log.filter((entry) => entry.kind === 'api').length;

const PAGES_FIX = 'Narrow the list with its filters, or turn off Return All and set a Limit.';

describe.each(pagedNodes)("$name node's Return All", (credential) => {
	let rig: CredentialRig;
	const returnAll = async () =>
		await errorOf(rig.runNode(nodeFor(rig.type), { ...credential.listOperation, returnAll: true }));

	beforeEach(async () => {
		rig = await CredentialRig.start(credential);
	});

	if (credential.paging === 'links')
		it('stops after 1000 pages of a list that links a new next page every time', async () => {
			endlessList(rig, 'links', 0);

			const error = await returnAll();

			expect(error.message).toBe(
				`${credential.name}: the list did not end within 1000 pages, the most one run reads. ${PAGES_FIX}`,
			);
			expect(apiCalls(rig)).toBe(1000);
			expect(reasonOf(error)).toBe('list_too_long');
		}, 60_000);

	it('holds at most 100000 records: a list whose pages are always full stops there', async () => {
		endlessList(rig, credential.paging, 1000);

		const error = await returnAll();

		expect(error.message).toBe(
			`${credential.name}: the list has more than 100000 records, the most one run holds. ${PAGES_FIX}`,
		);
		expect(apiCalls(rig)).toBe(101);
	}, 60_000);

	it('stops after 5 min of pages that each take a minute', async () => {
		endlessList(rig, credential.paging, 10, 60_000);

		const error = await returnAll();

		expect(error.message).toBe(
			`${credential.name}: the list did not end within 5 min (5 pages read), the longest one run reads. ${PAGES_FIX}`,
		);
		expect(apiCalls(rig)).toBe(5);
	});
});

describe.each(pagedTriggers)('$name', (trigger) => {
	let rig: ProviderRig;
	let runner: PollRunner;

	beforeEach(async () => {
		rig = await trigger.start();
		rigs.push(rig);
		runner = new PollRunner(rig, trigger.nodeType, trigger.parameters);
	});

	/** An endless list fails the poll with `problem`; afterwards nothing was lost or repeated. */
	async function stopsAndLosesNothing(problem: RegExp, pages: number, list: () => void) {
		await runner.poll();
		const saved = JSON.stringify(runner.saved);
		const one = trigger.add(rig, 1);
		rig.fake.clearLog();
		list();

		const error = await errorOf(runner.poll());
		rig.fake.apiFault = undefined;

		expect(headlineOf(error)).toMatch(problem);
		expect(error.message).toMatch(/Nothing was emitted or marked as seen: the next poll reads /);
		expect(reasonOf(error)).toBe('list_too_long');
		expect(apiCalls(rig)).toBe(pages);
		expect(JSON.stringify(runner.saved)).toBe(saved);
		expect((await runner.poll())?.map((item) => item[trigger.label])).toEqual([one]);
		expect(await runner.poll()).toBeNull();
	}

	if (trigger.paging === 'links')
		it('a poll stops after 1000 pages of a list that links a new next page every time, and the next poll emits what came meanwhile', async () => {
			await stopsAndLosesNothing(
				/: the list did not end within 1000 pages, the most one run reads$/,
				1000,
				() => endlessList(rig, 'links', 0),
			);
		}, 60_000);

	it('a poll holds at most 100000 records: pages that are always full stop it, and the next poll emits what came meanwhile', async () => {
		await stopsAndLosesNothing(
			/: the list has more than 100000 records, the most one run holds$/,
			101,
			() => endlessList(rig, trigger.paging!, 1000),
		);
	}, 60_000);

	it("a poll stops within 3/4 of the time n8n's durable scheduler gives it (27 s of 36 s by default), and the next poll emits what came meanwhile", async () => {
		runner.pollBudgetMs = 36_000;
		await stopsAndLosesNothing(
			/: the list did not end within 27 s \(3 pages read\), the longest one run reads$/,
			3,
			() => endlessList(rig, trigger.paging!, 10, 10_000),
		);
	});

	it('without a budget from n8n, a poll stops within 3/4 of PollContext default (5 min)', async () => {
		await stopsAndLosesNothing(
			/: the list did not end within 225 s \(4 pages read\), the longest one run reads$/,
			4,
			() => endlessList(rig, trigger.paging!, 10, 60_000),
		);
	});
});
