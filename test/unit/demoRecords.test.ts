import { addDemoRecords, demoProviders, growingLists } from '../demo/providers';
import type { DemoProvider, RunningDemo } from '../demo/providers';
import type { FakeBlynk } from '../fakes/blynk';
import type { FakeCultureAmp } from '../fakes/cultureAmp';
import type { FakeOurPeople } from '../fakes/ourPeople';

/**
 * What `npm start` adds every minute for the trigger examples to emit. What a trigger emits of
 * these records is checked in a real n8n (test/e2e/triggers.test.ts adds them the same way).
 */
const MINUTE = 60_000;
const at = Date.UTC(2026, 11, 2, 3, 0, 0);
const running = (): RunningDemo[] =>
	demoProviders.map((provider) => ({ provider, fake: provider.createFake(), url: '' }));
const byName = (demos: RunningDemo[], name: string) =>
	demos.find((demo) => demo.provider.name === name)!.fake;

describe('the demo lists npm start grows', () => {
	test('one new record a minute in each list a trigger watches, newer than the last, also after a restart', () => {
		const before = running();
		const first = addDemoRecords(before, at);
		const second = addDemoRecords(before, at + MINUTE);
		const afterRestart = running();
		const third = addDemoRecords(afterRestart, at + 2 * MINUTE);

		const growing = demoProviders.filter((provider) => provider.newRecord).length;
		expect(growing).toBeGreaterThan(0);
		expect(first).toHaveLength(growing);
		expect(new Set([...first, ...second, ...third]).size).toBe(3 * growing);
		const employees = (demos: RunningDemo[]) =>
			(byName(demos, 'Culture Amp') as FakeCultureAmp).employees.map((e) => e.processedAt);
		const devices = (demos: RunningDemo[]) =>
			(byName(demos, 'Blynk.Cloud') as FakeBlynk).devices.map((d) => Number(d.id));
		const users = (demos: RunningDemo[]) =>
			(byName(demos, 'OurPeople') as FakeOurPeople).users.map((u) => String(u.id));
		// Culture Amp's trigger goes by processedAt, Blynk's by the highest id: both keep growing.
		expect(employees(before).slice(-2)[0] < employees(before).slice(-1)[0]).toBe(true);
		expect(employees(before).slice(-1)[0] < employees(afterRestart).slice(-1)[0]).toBe(true);
		expect(Math.max(...devices(before))).toBeLessThan(Math.max(...devices(afterRestart)));
		expect(Math.max(...devices(before).slice(0, -2))).toBeLessThan(devices(before).at(-2)!);
		// OurPeople's trigger goes by ids it has not listed before.
		expect(users(before)).not.toContain(users(afterRestart).at(-1));
		expect(third).toContain(users(afterRestart).at(-1));
	});
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
