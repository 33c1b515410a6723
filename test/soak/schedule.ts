import type { Fault } from '../fakes/fakeProvider';
import { between, logBetween, pick } from './clock';
import type { Random } from './clock';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
export const DAY = 24 * 60 * MINUTE;

/** A stretch of virtual time in which one part of the provider misbehaves. */
export interface FaultWindow {
	kind:
		| 'token endpoint down'
		| 'token endpoint 429'
		| 'slow token endpoint'
		| 'sign-ins refused'
		| 'API 5xx'
		| 'API 429';
	from: number;
	until: number;
	/** What the affected requests get. */
	fault: (until: number, now: number) => Fault;
}

/** Something that happens once: the n8n process restarts, the provider revokes refresh tokens, another worker renews. */
export interface FaultEvent {
	kind: 'restart' | 'refresh tokens revoked' | 'second process renews';
	at: number;
	/** For 'second process renews': it dies before n8n stores what it got. */
	crashesBeforeSaving?: boolean;
}

/** How often each fault happens (per day) and how long it lasts (ms). */
const WINDOWS: Array<{
	kind: FaultWindow['kind'];
	perDay: number;
	shortest: number;
	longest: number;
	fault: (random: Random) => FaultWindow['fault'];
}> = [
	{
		kind: 'token endpoint down',
		perDay: 4,
		shortest: 2 * SECOND,
		longest: 30 * MINUTE,
		fault: (random) => {
			const answer = pick<Fault>(random, [
				{ type: 'status', status: 503 },
				{ type: 'status', status: 502 },
				{ type: 'html', status: 502 },
				{ type: 'reset' },
				{ type: 'malformedJson' },
			]);
			return () => answer;
		},
	},
	{
		kind: 'token endpoint 429',
		perDay: 0.25,
		shortest: MINUTE,
		longest: 10 * MINUTE,
		fault: () => tooManyRequests,
	},
	{
		kind: 'slow token endpoint',
		perDay: 0.5,
		shortest: 10 * MINUTE,
		longest: 60 * MINUTE,
		fault: (random) => {
			const ms = between(random, 20 * SECOND, 29 * SECOND);
			return () => ({ type: 'slow', ms });
		},
	},
	{
		kind: 'sign-ins refused',
		perDay: 1,
		shortest: 2 * MINUTE,
		longest: 20 * MINUTE,
		fault: () => () => ({
			type: 'status',
			status: 400,
			body: {
				error: 'invalid_grant',
				error_description: 'Invalid credentials',
				message: 'Invalid credentials',
			},
		}),
	},
	{
		kind: 'API 5xx',
		perDay: 1,
		shortest: 10 * SECOND,
		longest: 10 * MINUTE,
		fault: (random) => {
			const status = pick(random, [500, 502, 503]);
			return () => ({ type: 'status', status });
		},
	},
	{
		kind: 'API 429',
		perDay: 0.5,
		shortest: MINUTE,
		longest: 5 * MINUTE,
		fault: () => tooManyRequests,
	},
];

function tooManyRequests(until: number, now: number): Fault {
	return {
		type: 'status',
		status: 429,
		body: { message: 'Too many requests' },
		headers: { 'Retry-After': String(Math.max(1, Math.ceil((until - now) / SECOND))) },
	};
}

const EVENTS: Array<{ kind: FaultEvent['kind']; perDay: number; rotatingOnly: boolean }> = [
	{ kind: 'restart', perDay: 1 / 3, rotatingOnly: false },
	{ kind: 'refresh tokens revoked', perDay: 1 / 7, rotatingOnly: true },
	{ kind: 'second process renews', perDay: 1 / 7, rotatingOnly: true },
];

/** How many of a thing happening `perDay` fall in `days`: the whole part, and the rest by chance. */
function countIn(random: Random, perDay: number, days: number): number {
	const expected = perDay * days;
	return Math.floor(expected) + (random() < expected % 1 ? 1 : 0);
}

/** The faults one credential meets over `days` from `start`, drawn from `random`. */
export class FaultSchedule {
	readonly windows: FaultWindow[] = [];
	readonly events: FaultEvent[] = [];
	/** The provider's clock is off by this much, for the whole run (minutes, either way). */
	readonly clockSkewMs: number;

	constructor(random: Random, start: number, days: number, rotatesRefreshTokens: boolean) {
		const end = start + days * DAY;
		for (const spec of WINDOWS) {
			for (let i = countIn(random, spec.perDay, days); i > 0; i--) {
				const from = between(random, start, end);
				const until = from + logBetween(random, spec.shortest, spec.longest);
				this.windows.push({ kind: spec.kind, from, until, fault: spec.fault(random) });
			}
		}
		for (const spec of EVENTS) {
			if (spec.rotatingOnly && !rotatesRefreshTokens) continue;
			for (let i = countIn(random, spec.perDay, days); i > 0; i--) {
				this.events.push({
					kind: spec.kind,
					at: between(random, start, end),
					crashesBeforeSaving: spec.kind === 'second process renews' ? random() < 0.5 : undefined,
				});
			}
		}
		this.events.sort((a, b) => a.at - b.at);
		this.clockSkewMs = Math.round(between(random, 1, 10) * MINUTE) * (random() < 0.5 ? -1 : 1);
	}

	/** Whether a window of `kind` covers any moment of [from, until]. */
	during(kinds: Array<FaultWindow['kind']>, from: number, until = from): FaultWindow | undefined {
		return this.windows.find((w) => kinds.includes(w.kind) && w.from <= until && from < w.until);
	}

	/** What a request of `kind` ('sign-in', 'refresh', 'api') gets at `now`, if a window covers it. */
	faultFor(kind: string, now: number): Fault | undefined {
		const kinds: Array<FaultWindow['kind']> =
			kind === 'api'
				? ['API 5xx', 'API 429']
				: kind === 'sign-in'
					? ['token endpoint down', 'token endpoint 429', 'sign-ins refused', 'slow token endpoint']
					: ['token endpoint down', 'token endpoint 429', 'slow token endpoint'];
		const window = this.during(kinds, now);
		return window?.fault(window.until, now);
	}

	/** How many windows and events of each kind, for the report. */
	counts(): Record<string, number> {
		const counts: Record<string, number> = {};
		for (const { kind } of [...this.windows, ...this.events])
			counts[kind] = (counts[kind] ?? 0) + 1;
		return counts;
	}
}
