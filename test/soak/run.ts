import { safetyFloor } from '../../package/credentials/common/expiry';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { tokenExchange } from '../../package/credentials/providers/tokenExchange';
import type { FakeProvider, RefreshTokens } from '../fakes/fakeProvider';
import { credentialCases } from '../harness/credentialCases';
import { providerFixtures } from '../providers';
import { between, seededRandom } from './clock';
import type { VirtualClock } from './clock';
import { N8nProcess } from './process';
import { DAY, FaultSchedule } from './schedule';

/** Every token lives an hour (what the benchmark uses; the "an hour or more"). */
export const TOKEN_LIFETIME_MS = 3_600_000;
/**
 * Steady traffic: one request every ~10 minutes (0.5–1.5 × this apart), and a burst of parallel
 * items every hour. Denser traffic finds the same faults; this rate keeps 90 days of all eight
 * credentials within minutes on two cores.
 */
export const REQUEST_EVERY_MS = 10 * 60_000;
export const BURST_EVERY_MS = 3_600_000;
export const BURST_ITEMS = 5;
/** A request that waited longer than this (virtual time) for its answer was held back. */
const HELD_BACK_MS = 10_000;
/**
 * A held token counts as valid when the provider still takes it for this long: the package's
 * safety floor (30 s for an hour-long token), inside which it never sends a token by design
 * (clock differences, the request's flight).
 */
export const HELD_TOKEN_FLOOR_MS = safetyFloor(TOKEN_LIFETIME_MS);
/** The fake locks the account after this many sign-ins refused in a row (as providers do). */
const LOCKOUT_AFTER = 5;

/** A credential the soak drives: each provider's own, and the Token Exchange credential's recipe for it. */
export interface SoakSubject {
	name: string;
	credentialType: string;
	createFake(lifetimeSeconds: number): FakeProvider;
	fields(url: string): object;
	apiPath: string;
	rotatesRefreshTokens: boolean;
}

export const soakSubjects: SoakSubject[] = [
	...credentialCases
		.filter((entry) => entry.credentialType !== tokenExchange.credentialType)
		.map((entry) => ({ ...entry })),
	// The recipe for each provider; the sign-in styles' fakes (tokenExchangeStyles.ts) do not
	// yet keep their own clock when the soak skews it.
	...providerFixtures.map(({ recipe }) => ({
		name: `Token Exchange (${recipe.provider})`,
		credentialType: tokenExchange.credentialType,
		createFake: recipe.createFake,
		fields: recipe.fields,
		apiPath: recipe.apiPath,
		rotatesRefreshTokens: recipe.refreshes,
	})),
];

export interface SoakResult {
	name: string;
	requests: number;
	failed: number;
	avoidable: number;
	/** Requests that took longer than HELD_BACK_MS (a slow token endpoint in their way). */
	heldBack: number;
	/** API requests that carried a token the provider considered expired. */
	expired: number;
	lockouts: number;
	tokenCalls: number;
	limit: number;
	/** The messages of avoidable failures, with how often each was seen. */
	avoidableMessages: Map<string, number>;
	faults: Record<string, number>;
	clockSkewMs: number;
}

/** The subject's seed: the run's seed mixed with its place in the list, so each credential meets its own faults. */
function subjectSeed(seed: number, index: number): number {
	return (Math.imul(seed, 0x9e3779b1) + index * 0x85ebca6b) >>> 0;
}

/**
 * Drives one credential for `days` of virtual time from `clock`'s start: steady traffic through
 * n8n-core's request helpers, the faults of its schedule, and the oracle's verdict on each failure.
 */
export async function soak(
	subject: SoakSubject,
	index: number,
	seed: number,
	days: number,
	clock: VirtualClock,
): Promise<SoakResult> {
	const random = seededRandom(subjectSeed(seed, index));
	const start = clock.read();
	const end = start + days * DAY;
	const schedule = new FaultSchedule(random, start, days, subject.rotatesRefreshTokens);
	const fake = subject.createFake(TOKEN_LIFETIME_MS / 1000);
	fake.clockSkewMs = schedule.clockSkewMs;
	fake.lockoutAfter = LOCKOUT_AFTER;
	fake.scheduledFault = (kind) => schedule.faultFor(kind, Date.now());
	fake.wait = async (ms) => clock.advance(ms);
	// An address rather than "localhost": a DNS look-up per request would cost more than the request.
	const url = (await fake.start()).replace('//localhost:', '//127.0.0.1:');
	// Fakes that check an audience (a JWT's `aud`) compare it with the address they are reached at.
	fake.url = url;
	const apiUrl = `${url}${subject.apiPath}`;
	const { credentialType } = subject;
	let n8n = new N8nProcess(credentialType, {});
	n8n.credentials.save(credentialType, subject.fields(url) as ICredentialDataDecryptedObject);

	const result: SoakResult = {
		name: subject.name,
		requests: 0,
		failed: 0,
		avoidable: 0,
		heldBack: 0,
		expired: 0,
		lockouts: 0,
		tokenCalls: 0,
		limit: Math.ceil((days * DAY) / TOKEN_LIFETIME_MS),
		avoidableMessages: new Map(),
		faults: schedule.counts(),
		clockSkewMs: schedule.clockSkewMs,
	};
	const tokenCalls = () => fake.count('sign-in') + fake.count('refresh');

	/** The oracle: could the request have succeeded at `at`, had the package done its best? */
	const tokenAvailable = (at: number): boolean => {
		const stored = n8n.stored();
		const held = typeof stored.accessToken === 'string' ? stored.accessToken : '';
		const expiresAt = held ? fake.accessTokenExpiresAt(held) : undefined;
		if (expiresAt !== undefined && expiresAt - at >= HELD_TOKEN_FLOOR_MS) return true;
		if (schedule.during(['token endpoint down', 'token endpoint 429'], at)) return false;
		if (!schedule.during(['sign-ins refused'], at)) return true;
		return typeof stored.refreshToken === 'string' && fake.refreshTokenIsLive(stored.refreshToken);
	};

	/**
	 * Lets work the package started without the request waiting for it (a renewal in the
	 * background) reach the fake and be answered before virtual time moves on.
	 */
	const settle = async () => {
		for (let turn = 0; turn < 3 || (fake.inFlight > 0 && turn < 10_000); turn++) {
			await new Promise((resolve) => setImmediate(resolve));
		}
	};

	const execute = async (items: number) => {
		const sentAt = Date.now();
		const couldSucceed = tokenAvailable(sentAt);
		const outcomes = await n8n.execute(apiUrl, items);
		const answeredAt = Date.now();
		const apiUp = !schedule.during(['API 5xx', 'API 429'], sentAt, answeredAt);
		for (const outcome of outcomes) {
			result.requests += 1;
			if (answeredAt - sentAt > HELD_BACK_MS) result.heldBack += 1;
			if (outcome.status === 'fulfilled') continue;
			result.failed += 1;
			if (!apiUp || !couldSucceed) continue;
			result.avoidable += 1;
			const message = String((outcome.reason as Error).message);
			result.avoidableMessages.set(message, (result.avoidableMessages.get(message) ?? 0) + 1);
		}
		await settle();
	};

	const happen = async (event: FaultSchedule['events'][number]) => {
		if (event.kind === 'restart') {
			n8n = new N8nProcess(credentialType, n8n.stored());
		} else if (event.kind === 'refresh tokens revoked') {
			(fake as FakeProvider & { refreshTokens?: RefreshTokens }).refreshTokens?.revokeAll();
			// Our process must try its refresh token once to learn it was revoked.
			result.limit += 1;
		} else {
			// Another worker, sharing the database row, renews after a 401 of its own.
			const before = tokenCalls();
			const other = new N8nProcess(credentialType, n8n.stored());
			await other.renewAsAfter401().catch(() => undefined);
			// Its calls are its own; when it dies before n8n stores its answer, ours learns of the
			// spent refresh token by being refused once.
			result.limit += tokenCalls() - before + (event.crashesBeforeSaving ? 1 : 0);
			if (!event.crashesBeforeSaving) {
				n8n.credentials.store.set(credentialType, other.stored());
			}
		}
	};

	// The gaps between requests come from `random` too, after the schedule: same seed, same run.
	let nextRequest = start + between(random, 0, REQUEST_EVERY_MS);
	let nextBurst = start + between(random, 0, BURST_EVERY_MS);
	const events = [...schedule.events];
	for (;;) {
		const nextEvent = events[0]?.at ?? Infinity;
		const at = Math.min(nextRequest, nextBurst, nextEvent);
		if (at >= end) break;
		clock.moveTo(at);
		if (at === nextEvent) await happen(events.shift()!);
		else if (at === nextBurst) {
			nextBurst += BURST_EVERY_MS;
			await execute(BURST_ITEMS);
		} else {
			nextRequest += REQUEST_EVERY_MS * between(random, 0.5, 1.5);
			await execute(1);
		}
	}
	result.expired = fake.expiredTokenRequests();
	result.lockouts = fake.lockouts;
	result.tokenCalls = tokenCalls();
	await fake.stop();
	return result;
}
