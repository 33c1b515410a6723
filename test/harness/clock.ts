/**
 * The test file's clock. Every deadline, expiry and wait of the package and the fakes reads
 * `Date.now()` or sets a `setTimeout` (n8n-workflow's `sleep`); here both run on real time plus
 * an offset that `advanceClock` moves forward. A jump fires, in order, every timeout that falls
 * due, so a test of the 30 s token deadline, a Retry-After or a token's expiry takes no real
 * time, and both sides (the credential and the fake provider) agree on what time it is. Until
 * a test jumps, time passes as usual. Installed in the test file's own globals on import (jest
 * gives each test file its own).
 */
const real = {
	now: Date.now.bind(Date),
	setTimeout: globalThis.setTimeout,
	clearTimeout: globalThis.clearTimeout,
	setImmediate: globalThis.setImmediate,
};

interface Pending {
	due: number;
	/** Real timers set when a jump brought it closer than its own real timer. */
	sooner: NodeJS.Timeout[];
}

let ahead = 0;
const pending = new Map<NodeJS.Timeout, Pending>();
const callbacks = new WeakMap<NodeJS.Timeout, () => void>();

/** Runs the timeout's callback, whichever real timer (its own, or a sooner one) fires first. */
function fire(handle: NodeJS.Timeout): void {
	const entry = pending.get(handle);
	if (entry) {
		pending.delete(handle);
		real.clearTimeout(handle);
		for (const timer of entry.sooner) real.clearTimeout(timer);
	}
	callbacks.get(handle)?.();
}

function install(): void {
	Date.now = () => real.now() + ahead;
	globalThis.setTimeout = ((run: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
		const delay = Math.max(Number(ms) || 0, 0);
		// Its own real timer runs the callback itself, so `refresh()` keeps working.
		const handle: NodeJS.Timeout = real.setTimeout(() => fire(handle), delay);
		callbacks.set(handle, () => run(...args));
		pending.set(handle, { due: Date.now() + delay, sooner: [] });
		return handle;
	}) as typeof setTimeout;
	globalThis.clearTimeout = ((handle?: NodeJS.Timeout) => {
		const entry = handle && pending.get(handle);
		if (entry) {
			pending.delete(handle);
			for (const timer of entry.sooner) real.clearTimeout(timer);
		}
		real.clearTimeout(handle);
	}) as typeof clearTimeout;
}

install();

/** Lets what a fired timeout started (promises, loopback I/O already answered) run. */
const settle = async () => await new Promise((resolve) => real.setImmediate(resolve));

/**
 * Moves the clock `ms` ahead at once: `Date.now()` jumps, and every timeout due by then fires
 * in order (with what each started run in between), as if `ms` had passed.
 */
export async function advanceClock(ms: number): Promise<void> {
	ahead += ms;
	for (;;) {
		const now = Date.now();
		const due = [...pending].filter(([, entry]) => entry.due <= now);
		if (due.length === 0) break;
		due.sort(([, a], [, b]) => a.due - b.due);
		fire(due[0][0]);
		await settle();
	}
	for (const [handle, entry] of pending) {
		const sooner = real.setTimeout(() => fire(handle), entry.due - Date.now());
		if (!handle.hasRef()) sooner.unref();
		entry.sooner.push(sooner);
	}
}

/** When each timeout still pending falls due (what the code under test is waiting for). */
export function timeoutsDue(): number[] {
	return [...pending.values()].map((entry) => entry.due);
}

/**
 * When each wait the code under test is in falls due: its timeouts set for more than 100 ms
 * and less than 30 s from now (a Retry-After, a Batch Interval); not a fake's latency, nor a
 * token exchange's 30 s deadline or n8n's 300 s request timeout.
 */
export function waitsDue(): number[] {
	const now = Date.now();
	return timeoutsDue().filter((due) => due - now > 100 && due - now < 30_000);
}

/** Whether a timeout of 100 ms or less (a fake's latency) is about to fire (one overdue by a second is taken for cleared). */
function shortTimeoutPending(): boolean {
	const now = Date.now();
	return timeoutsDue().some((due) => due - now <= 100 && now - due < 1000);
}

/**
 * Awaits `work`, jumping the clock to each wait (`waitsDue`) instead of waiting for it. It
 * jumps only once no shorter timeout is about to fire, so a fake's latency passes in real time
 * and is never cut short.
 */
export async function skipWaits<T>(work: Promise<T>): Promise<T> {
	let done = false;
	const finish = () => (done = true);
	work.then(finish, finish);
	for (;;) {
		await until(() => done || (waitsDue().length > 0 && !shortTimeoutPending()), Infinity);
		if (done) return await work;
		await advanceClock(Math.min(...waitsDue()) - Date.now());
	}
}

/**
 * Waits, in real time, until `condition` holds (e.g. a fake has seen a request); at most `ms`,
 * generous because a loaded 2-core machine may take seconds to start a score of fakes: this
 * bounds a hang, it does not measure speed.
 */
export async function until(condition: () => boolean, ms = 30_000): Promise<void> {
	const started = real.now();
	while (!condition()) {
		if (real.now() - started > ms) throw new Error(`not met within ${ms} ms: ${condition}`);
		await new Promise((resolve) => real.setTimeout(resolve, 5));
	}
}

/** Moves the clock just past the expiry of the token a stored credential holds. */
export async function passTokenExpiry(stored: { tokenExpiresAt?: unknown }): Promise<void> {
	const expiresAt = Date.parse(String(stored.tokenExpiresAt));
	expect(expiresAt).toBeGreaterThan(Date.now());
	await advanceClock(expiresAt - Date.now() + 50);
}
