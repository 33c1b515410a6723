import { addDemoRecords, demoProviders, growingLists } from '../demo/providers';
import type { DemoProvider, RunningDemo } from '../demo/providers';
import type { ProviderRig } from '../harness/credentialRig';
import { providerFixtures } from '../providers';

/**
 * What `npm start` adds every minute for the trigger examples to emit. What a trigger emits of
 * these records is checked in a real n8n (test/e2e/triggers.test.ts adds them the same way).
 */
const MINUTE = 60_000;
const at = Date.UTC(2026, 11, 2, 3, 0, 0);
const running = (): RunningDemo[] =>
	demoProviders.map((provider) => ({ provider, fake: provider.createFake(), url: '' }));

describe('the demo lists npm start grows', () => {
	const before = running();
	const first = addDemoRecords(before, at);
	const second = addDemoRecords(before, at + MINUTE);
	const afterRestart = running();
	const third = addDemoRecords(afterRestart, at + 2 * MINUTE);

	test('one new record a minute in each list a trigger watches, each one new, also after a restart', () => {
		const growing = demoProviders.filter((provider) => provider.newRecord).length;
		expect(growing).toBeGreaterThan(0);
		expect(first).toHaveLength(growing);
		expect(new Set([...first, ...second, ...third]).size).toBe(3 * growing);
	});

	/** The first trigger case of a fixture watches the list its `demo.newRecord` grows. */
	const watched = providerFixtures.flatMap(({ demo, triggers }) =>
		demo.newRecord ? [{ name: demo.name, trigger: triggers![0] }] : [],
	);
	test.each(watched)(
		'$name: each record is newer to its trigger than the last, also after a restart',
		({ name, trigger }) => {
			const records = (demos: RunningDemo[]) =>
				trigger.list({
					fake: demos.find((demo) => demo.provider.name === name)!.fake,
				} as ProviderRig);
			const [last, restarted] = [records(before), records(afterRestart)];
			if (trigger.keyField) {
				const key = (record?: Record<string, unknown>) => {
					const value = String(record?.[trigger.keyField!]);
					return /^\d+$/.test(value) ? value.padStart(20, '0') : value;
				};
				expect(key(last.at(-2)) < key(last.at(-1))).toBe(true);
				expect(key(last.at(-1)) < key(restarted.at(-1))).toBe(true);
				expect(last.slice(0, -2).every((record) => key(record) < key(last.at(-2)))).toBe(true);
			} else {
				const ids = last.map((record) => record[trigger.idField]);
				expect(ids).not.toContain(restarted.at(-1)![trigger.idField]);
			}
			expect(third.map(String)).toContain(String(restarted.at(-1)![trigger.idField]));
		},
	);
});

describe('what npm start says grows every minute', () => {
	const demos = (...lists: Array<string | undefined>) =>
		lists.map((growingList) => ({ ...demoProviders[0], growingList }) as DemoProvider);

	test('each list a demo grows, in the demos\' order, the last after "and"', () => {
		expect(growingLists(demos('A users', undefined, 'B devices', 'C orders'))).toBe(
			'the A users, B devices and C orders',
		);
		expect(growingLists(demos(undefined, 'A users'))).toBe('the A users');
	});

	test('nothing when no demo grows a list', () => {
		expect(growingLists(demos(undefined))).toBeUndefined();
	});
});
