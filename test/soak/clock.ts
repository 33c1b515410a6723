/**
 * The soak's virtual clock and its random numbers. The package and the fakes read time through
 * Date.now only (sockets stay real), so replacing it lets 90 days pass in minutes; waits the
 * fakes simulate (a slow token endpoint) move the clock instead of taking time.
 */
export class VirtualClock {
	private now: number;
	private readonly realNow = Date.now;

	constructor(readonly start: number) {
		this.now = start;
	}

	install(): void {
		Date.now = () => this.now;
	}

	uninstall(): void {
		Date.now = this.realNow;
	}

	read(): number {
		return this.now;
	}

	/** Moves to `at`; the clock never goes back (a simulated wait may have passed it already). */
	moveTo(at: number): void {
		this.now = Math.max(this.now, at);
	}

	advance(ms: number): void {
		this.now += ms;
	}
}

/** A seeded generator (mulberry32): the same seed gives the same faults and the same traffic. */
export function seededRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export type Random = () => number;

export function between(random: Random, low: number, high: number): number {
	return low + random() * (high - low);
}

/** Spread over orders of magnitude (seconds to half an hour), as outage lengths are. */
export function logBetween(random: Random, low: number, high: number): number {
	return Math.exp(between(random, Math.log(low), Math.log(high)));
}

export function pick<T>(random: Random, choices: readonly T[]): T {
	return choices[Math.floor(random() * choices.length)];
}
