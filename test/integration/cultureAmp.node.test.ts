import type { IDataObject } from 'n8n-workflow';
import { reasonOf } from '../../package/credentials/common/errors';
import { errorOf } from './helpers';
import { CultureAmpFixture } from './cultureAmpFixture';
import { headlineOf } from '../harness/headline';

/**
 * What only Culture Amp has beyond its fixture's `nodeCases` (test/integration/nodes.test.ts):
 * the credential's Test checks the granted permissions, and its lists, which the API cannot
 * search, are filtered here within a time bound.
 */

let f: CultureAmpFixture;

afterEach(async () => {
	await f.fake.stop();
});

const apiCalls = () => f.fake.log.filter((entry) => entry.kind === 'api');

describe("the credential's Test", () => {
	/** What n8n's Test sends after signing in: the credential's own test request. */
	async function pressTest() {
		const { request } = f.credential.createType().test as { request: { headers: IDataObject } };
		await f.pressTest();
		return await f.get(`${f.url}/v1/employees`, { headers: request.headers });
	}

	it('names a permission asked for and not granted, and sends nothing more', async () => {
		f = await CultureAmpFixture.start({ granted: ['employees-read'] });
		f.save({ permissions: ['employees-read', 'employee-demographics-read'] });

		const error = await errorOf(pressTest());

		expect(reasonOf(error)).toBe('configuration');
		expect(headlineOf(error)).toMatch(/did not grant employee-demographics-read\b/);
		expect(error.description).toMatch(/^Ask Culture Amp to add employee-demographics-read /);
		expect(apiCalls()).toEqual([]);
	});

	it('passes when everything asked for was granted, without sending its marker', async () => {
		f = await CultureAmpFixture.start();
		const headers: string[] = [];
		f.fake.apiFault = (request) => {
			headers.push(...Object.keys(request.headers));
			return undefined;
		};

		await pressTest();

		expect(apiCalls()).toHaveLength(1);
		expect(headers).toContain('authorization');
		expect(headers.filter((name) => /credential-test/i.test(name))).toEqual([]);
	});
});

it.each(['searchEmployees', 'searchPerformanceCycles', 'searchManagerReviews'])(
	'%s: a filter nothing matches reads pages for 10 s at most, then hands the editor the next page',
	async (method) => {
		const ca = (f = await CultureAmpFixture.start());
		const realNow = Date.now.bind(Date);
		let elapsedMs = 0;
		jest.spyOn(Date, 'now').mockImplementation(() => realNow() + elapsedMs);
		let page = 0;
		// A list that never ends, of records the filter does not match; each page takes 6 s.
		ca.fake.apiFault = (request) => {
			page += 1;
			elapsedMs += 6_000;
			const records = [{ id: `other-${page}`, managerReviewId: `other-${page}`, name: 'Other' }];
			const nextPath = `${request.path}?cursor=${Buffer.from(String(page)).toString('base64url')}`;
			return { type: 'status', status: 200, body: { data: records, pagination: { nextPath } } };
		};

		const result = await ca.listSearch(method, 'nobody').finally(() => jest.restoreAllMocks());

		expect(result.results).toEqual([]);
		expect(result.paginationToken).toMatch(/\?cursor=Mg$/);
		expect(apiCalls()).toHaveLength(2);
	},
);
