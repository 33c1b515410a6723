import { scrubbed } from '../../package/credentials/common/errors';
import { obtainToken } from '../../package/credentials/common/lifecycle';
import { ourPeople } from '../../package/credentials/providers/ourPeople';
import { errorOf, fakeHttp, uniqueCredentials } from '../unit/helpers';

/**
 * (f) of `npm run bench`: how long answers built to cost time or memory take to handle (the
 * unit tests, test/unit/reviewFindings.test.ts, check what is done with them, not how fast).
 */
export async function hostileAnswers(): Promise<{
	title: string;
	head: string[];
	rows: string[][];
}> {
	const secret = 'Sup3r/Secret=Value+1';
	const text = `${'x'.repeat(5_000_000)}%2B${secret}`;
	const keys: Record<string, unknown> = {};
	for (let i = 0; i < 150_000; i++) keys[`k${i}`] = { v: { w: 1 } };
	const cases: Array<[string, () => unknown]> = [
		['a 5 MB text in a User Info answer, scrubbed', () => scrubbed({ note: text }, [secret])],
		[
			'a tokenless sign-in answer with 150,000 keys, read',
			async () =>
				await errorOf(() =>
					obtainToken(
						ourPeople,
						fakeHttp({ statusCode: 200, body: keys }).http,
						uniqueCredentials(),
					),
				),
		],
	];
	const rows: string[][] = [];
	for (const [answer, handle] of cases) {
		const started = performance.now();
		await handle();
		rows.push([answer, (performance.now() - started).toFixed(0)]);
	}
	return { title: '(f) hostile answers', head: ['Answer', 'Milliseconds'], rows };
}
