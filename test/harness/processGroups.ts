import { spawn } from 'child_process';
import type { ChildProcess, SpawnOptions } from 'child_process';

/**
 * Runs `command` (exec'd, so it keeps the pid) in a new process group, next to a watcher that
 * stops the group once the process that started it is gone: SIGTERM, then SIGKILL 10 s later.
 * Signal or exit handlers cannot do this: Jest runs tests with a copy of `process` whose
 * handlers never fire, and a test process may be killed outright (Ctrl+C, `timeout`, CI).
 */
const WATCHED = [
	`( trap '' TERM; while kill -0 "$0" 2>/dev/null; do sleep 1; done; kill -TERM 0; sleep 10; kill -KILL 0 )`,
	'</dev/null >/dev/null 2>&1 &',
	'exec "$@"',
].join(' ');

const live = new Set<ChildProcess>();

function killGroup(child: ChildProcess): void {
	try {
		process.kill(-child.pid!, 'SIGKILL');
	} catch {
		// already gone
	}
}

/**
 * Servers the tests start (n8n and its task runner, Postgres, Redis) run in groups of their
 * own, so stopping one stops everything it forked, and a failed or interrupted run leaves no
 * server behind.
 */
export function spawnGroup(command: string, args: string[], options: SpawnOptions): ChildProcess {
	const child = spawn('sh', ['-c', WATCHED, String(process.pid), command, ...args], {
		...options,
		detached: true,
	});
	if (child.pid === undefined) throw new Error(`could not start ${command}`);
	live.add(child);
	child.on('exit', () => {
		// The leader is gone; its watcher and anything it left in its group go too.
		killGroup(child);
		live.delete(child);
	});
	return child;
}

/** `signal` to the leader (a graceful shutdown), then SIGKILL to the whole group after `graceMs`. */
export async function stopGroup(
	child: ChildProcess | undefined,
	graceMs = 20_000,
	signal: NodeJS.Signals = 'SIGTERM',
): Promise<void> {
	if (!child || !live.has(child)) return;
	const exited = new Promise((resolve) => child.once('exit', resolve));
	if (child.exitCode === null && child.signalCode === null) child.kill(signal);
	let timer: NodeJS.Timeout | undefined;
	await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, graceMs)))]);
	clearTimeout(timer);
	killGroup(child);
	live.delete(child);
}
