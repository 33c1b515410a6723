import { execFile } from 'child_process';
import { join } from 'path';
import { promisify } from 'util';
import { FakeOurPeople } from '../fakes/ourPeople';
import { seededRandom } from '../soak/clock';
import { parseSummary } from '../soak/report';
import type { Totals } from '../soak/report';
import { DAY, FaultSchedule } from '../soak/schedule';

/**
 * Issue 28's chaos soak for a simulated week (`npm run soak` runs 90 days): every credential,
 * steady traffic through n8n-core, faults drawn from the seed (SOAK_SEED, 1 unless told). It runs
 * as its own process, as `npm run soak` does: a restart there loads a fresh copy of package/.
 */
const ROOT = join(__dirname, '..', '..');
const SEED = Number(process.env.SOAK_SEED ?? 1);
const DAYS = 7;

describe(`the soak, ${DAYS} simulated days, seed ${SEED}`, () => {
	let output = '';
	let totals: Totals;

	beforeAll(async () => {
		const run = await promisify(execFile)(
			join(ROOT, 'node_modules', '.bin', 'tsx'),
			[join(ROOT, 'scripts', 'soak.ts'), '--days', String(DAYS), '--seed', String(SEED)],
			{ cwd: ROOT, maxBuffer: 10_000_000 },
		);
		output = run.stdout;
		totals = parseSummary(output.trim().split('\n').pop()!)!;
	}, 600_000);

	it('ends with the summary line, over every credential and the whole span', () => {
		expect(totals).toBeDefined();
		expect(totals.days).toBe(DAYS);
		// Eight credentials, a request every ~10 minutes and 5 items every hour each.
		expect(totals.requests).toBeGreaterThan(8 * DAYS * 250);
		expect(totals.failed).toBeGreaterThan(0);
	});

	// Fails until the lifecycle renews early and signs with the held token while a renewal fails
	// (issue 28, point 1): on main, seed 1 gives 2 avoidable failures (a refresh answered by a
	// reset connection or a 502 page in the last 30 s of a token that still lived).
	it('fails no request that could have succeeded', () => {
		const avoidable = output.split('\n').filter((line) => / \d+ × /.test(line));
		expect(avoidable).toEqual([]);
		expect(totals.avoidable).toBe(0);
	});

	it('never sends an expired token', () => {
		expect(totals.expired).toBe(0);
	});

	it('never locks the account', () => {
		expect(totals.lockouts).toBe(0);
	});

	it('stays within 10 % of one token call per token lifetime', () => {
		expect(totals.calls).toBeLessThanOrEqual(Math.floor(totals.limit * 1.1));
	});
});

describe('what the soak relies on', () => {
	it('draws the same faults from the same seed, and others from another', () => {
		const start = Date.parse('2027-01-04T00:00:00Z');
		const draw = (seed: number) => new FaultSchedule(seededRandom(seed), start, 90, true);
		const strip = (schedule: FaultSchedule) =>
			JSON.stringify([schedule.windows.map(({ fault: _, ...window }) => window), schedule.events]);
		expect(strip(draw(5))).toBe(strip(draw(5)));
		expect(strip(draw(5))).not.toBe(strip(draw(6)));
		const schedule = draw(5);
		expect(Object.keys(schedule.counts()).sort()).toEqual(
			[
				'API 429',
				'API 5xx',
				'refresh tokens revoked',
				'restart',
				'second process renews',
				'sign-ins refused',
				'slow token endpoint',
				'token endpoint 429',
				'token endpoint down',
			].sort(),
		);
		const longest = Math.max(...schedule.windows.map((w) => w.until - w.from));
		expect(longest).toBeLessThanOrEqual(60 * 60_000);
		expect(schedule.windows.every((w) => w.from >= start && w.from < start + 90 * DAY)).toBe(true);
		expect(Math.abs(schedule.clockSkewMs)).toBeGreaterThanOrEqual(60_000);
	});

	describe('a fake provider', () => {
		const fakes: FakeOurPeople[] = [];
		afterAll(async () => await Promise.all(fakes.map(async (fake) => await fake.stop())));

		/** A started OurPeople fake, and a sign-in to it with `secret`. */
		async function started(clockSkewMs = 0) {
			const fake = new FakeOurPeople({ tokenLifetimeSeconds: 3600 });
			fake.clockSkewMs = clockSkewMs;
			fakes.push(fake);
			const url = await fake.start();
			const signIn = async (secret = 'demo-secret-0123456789') =>
				await fetch(`${url}/v1/auth`, {
					method: 'POST',
					headers: { 'Content-Type': 'application/json' },
					body: JSON.stringify({ id: 'demo-client', secret }),
				});
			return { fake, url, signIn };
		}

		it('locks the account after 5 refused sign-ins in a row, and counts each sign-in the lock refuses', async () => {
			const { fake, signIn } = await started();
			fake.lockoutAfter = 5;
			expect((await signIn()).status).toBe(200);
			for (let i = 0; i < 4; i++) expect((await signIn('wrong')).status).toBe(401);
			expect((await signIn()).status).toBe(200);
			expect(fake.lockouts).toBe(0);
			for (let i = 0; i < 5; i++) expect((await signIn('wrong')).status).toBe(401);
			const locked = await signIn();
			expect(locked.status).toBe(400);
			expect(await locked.json()).toMatchObject({ error: 'invalid_grant' });
			expect(fake.isLocked()).toBe(true);
			expect(fake.lockouts).toBe(1);
		});

		it('issues and checks expiries on its own clock, and says it in its Date header', async () => {
			const { fake, signIn } = await started(-5 * 60_000);
			const answer = await signIn();
			const providerNow = Date.parse(answer.headers.get('date')!);
			expect(Date.now() - providerNow).toBeGreaterThan(4 * 60_000);
			const { token, refresh_token: refreshToken } = (await answer.json()) as Record<
				string,
				string
			>;
			// Our clock: it lives an hour from now, whatever the provider's clock says.
			const expiresAt = fake.accessTokenExpiresAt(token)!;
			expect(Math.abs(expiresAt - (Date.now() + 3600_000))).toBeLessThan(5_000);
			expect(fake.refreshTokenIsLive(refreshToken)).toBe(true);
			fake.refreshTokens.revokeAll();
			expect(fake.refreshTokenIsLive(refreshToken)).toBe(false);
		});

		it('answers a scheduled fault, and a slow answer only after its wait', async () => {
			const { fake, url, signIn } = await started();
			const waits: number[] = [];
			fake.wait = async (ms) => {
				waits.push(ms);
			};
			fake.scheduledFault = (kind) =>
				kind === 'api' ? { type: 'status', status: 503 } : undefined;
			expect((await fetch(`${url}/v1/users`)).status).toBe(503);
			fake.scheduledFault = (kind) =>
				kind === 'sign-in' ? { type: 'slow', ms: 25_000 } : undefined;
			expect((await signIn()).status).toBe(200);
			expect(waits).toEqual([25_000]);
			fake.scheduledFault = () => ({ type: 'reset' });
			await expect(signIn()).rejects.toThrow();
		});
	});
});
