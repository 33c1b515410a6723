import { execFile, execFileSync } from 'child_process';
import type { ChildProcess } from 'child_process';
import { chownSync, mkdirSync, rmSync } from 'fs';
import { connect } from 'net';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { promisify } from 'util';
import { spawnGroup, stopGroup } from './processGroups';

const run = promisify(execFile);
const REPO = resolve(__dirname, '..', '..');
const HOST = '127.0.0.1';
const DATABASE = 'n8n';
const DB_USER = 'n8n';

export interface QueueServicePrograms {
	redisServer: string;
	postgresBin: string;
}

/**
 * Redis and PostgreSQL from the Debian packages (scripts/ensure-queue-services.sh installs
 * them when missing), or why they cannot be had on this machine.
 */
export function findQueueServicePrograms(): QueueServicePrograms | { unavailable: string } {
	let stdout: string;
	try {
		stdout = execFileSync('bash', [join(REPO, 'scripts', 'ensure-queue-services.sh')], {
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'pipe'],
		});
	} catch (error) {
		const stderr = String((error as { stderr?: string }).stderr ?? '').trim();
		return { unavailable: stderr || String(error) };
	}
	const value = (key: string) => new RegExp(`^${key}=(.+)$`, 'm').exec(stdout)?.[1];
	const redisServer = value('REDIS_SERVER');
	const postgresBin = value('POSTGRES_BIN');
	if (!redisServer || !postgresBin)
		return { unavailable: `scripts/ensure-queue-services.sh printed:\n${stdout}` };
	return { redisServer, postgresBin };
}

/** PostgreSQL refuses to run as root: as root, run it as the package's `postgres` user. */
function asDatabaseUser(command: string, args: string[]): [string, string[]] {
	if (process.getuid?.() !== 0) return [command, args];
	return [
		'setpriv',
		['--reuid=postgres', '--regid=postgres', '--init-groups', '--', command, ...args],
	];
}

/**
 * A throwaway PostgreSQL and Redis for n8n's queue mode, in a temp folder, bound to
 * 127.0.0.1, keeping nothing on disk after `stop()`. The folder is named after the ports, which
 * only one run can hold, so an interrupted run's folder is reused and wiped by the next one.
 */
export class QueueServices {
	private readonly dir: string;
	private postgres?: ChildProcess;
	private redis?: ChildProcess;
	/** What the servers printed, for the failure message when one does not come up. */
	output = '';

	constructor(
		private readonly programs: QueueServicePrograms,
		readonly ports: { postgres: number; redis: number },
	) {
		this.dir = join(tmpdir(), `token-auth-queue-${ports.postgres}-${ports.redis}`);
	}

	/** The environment that points n8n (main and workers) at these servers in queue mode. */
	n8nEnv(): Record<string, string> {
		return {
			EXECUTIONS_MODE: 'queue',
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: HOST,
			DB_POSTGRESDB_PORT: String(this.ports.postgres),
			DB_POSTGRESDB_DATABASE: DATABASE,
			DB_POSTGRESDB_USER: DB_USER,
			DB_POSTGRESDB_PASSWORD: 'unused-trust-auth',
			QUEUE_BULL_REDIS_HOST: HOST,
			QUEUE_BULL_REDIS_PORT: String(this.ports.redis),
		};
	}

	async start(): Promise<void> {
		if (await redisAnswers(this.ports.redis)) {
			throw new Error(
				`a Redis already answers on port ${this.ports.redis}: is another queue-mode run going?`,
			);
		}
		rmSync(this.dir, { recursive: true, force: true });
		await Promise.all([this.startPostgres(), this.startRedis()]);
	}

	async stop(): Promise<void> {
		// SIGINT is PostgreSQL's fast shutdown; its SIGTERM waits for every client to leave.
		await Promise.all([stopGroup(this.redis, 10_000), stopGroup(this.postgres, 10_000, 'SIGINT')]);
		rmSync(this.dir, { recursive: true, force: true });
	}

	/** Runs one SQL query against n8n's database; rows of tab-separated values. */
	async query(sql: string): Promise<string[][]> {
		const { stdout } = await this.psql(DATABASE, sql, ['-At', '-F', '\t']);
		return stdout
			.split('\n')
			.filter((line) => line !== '')
			.map((line) => line.split('\t'));
	}

	private async psql(database: string, sql: string, flags: string[] = []) {
		const where = ['-h', HOST, '-p', String(this.ports.postgres), '-U', DB_USER, '-d', database];
		return await run(join(this.programs.postgresBin, 'psql'), [
			...where,
			...['-v', 'ON_ERROR_STOP=1', ...flags, '-c', sql],
		]);
	}

	private collect(child: ChildProcess, name: string): void {
		const append = (chunk: Buffer) => (this.output += `[${name}] ${chunk.toString()}`);
		child.stdout?.on('data', append);
		child.stderr?.on('data', append);
	}

	private async startPostgres(): Promise<void> {
		const { postgresBin } = this.programs;
		const data = join(this.dir, 'postgres');
		const sockets = join(this.dir, 'sockets');
		for (const folder of [this.dir, data, sockets]) {
			mkdirSync(folder, { recursive: true });
			if (process.getuid?.() === 0) chownSync(folder, ...postgresIds());
		}
		const [initdb, initdbArgs] = asDatabaseUser(join(postgresBin, 'initdb'), [
			'-D',
			data,
			'-U',
			DB_USER,
			'--auth=trust',
			'--no-sync',
			'--encoding=UTF8',
			'--locale=C',
		]);
		await run(initdb, initdbArgs);
		const [postgres, args] = asDatabaseUser(join(postgresBin, 'postgres'), [
			'-D',
			data,
			'-p',
			String(this.ports.postgres),
			'-k',
			sockets,
			'-c',
			`listen_addresses=${HOST}`,
			'-c',
			'fsync=off',
			'-c',
			'synchronous_commit=off',
			'-c',
			'full_page_writes=off',
		]);
		this.postgres = spawnGroup(postgres, args, { stdio: ['ignore', 'pipe', 'pipe'] });
		this.collect(this.postgres, 'postgres');
		await this.waitFor('PostgreSQL', this.postgres, async () => {
			await run(join(postgresBin, 'pg_isready'), [
				'-h',
				HOST,
				'-p',
				String(this.ports.postgres),
				'-U',
				DB_USER,
			]);
			return true;
		});
		await this.psql('postgres', `CREATE DATABASE ${DATABASE}`);
	}

	private async startRedis(): Promise<void> {
		this.redis = spawnGroup(
			this.programs.redisServer,
			[
				'--port',
				String(this.ports.redis),
				'--bind',
				HOST,
				'--save',
				'',
				'--appendonly',
				'no',
				'--daemonize',
				'no',
				'--dir',
				this.dir,
			],
			{ stdio: ['ignore', 'pipe', 'pipe'] },
		);
		this.collect(this.redis, 'redis');
		await this.waitFor('Redis', this.redis, () => redisAnswers(this.ports.redis));
	}

	private async waitFor(
		name: string,
		server: ChildProcess,
		ready: () => Promise<boolean>,
	): Promise<void> {
		const deadline = Date.now() + 30_000;
		while (Date.now() < deadline) {
			if (server.exitCode !== null || server.signalCode !== null) break;
			if (await ready().catch(() => false)) return;
			await new Promise((r) => setTimeout(r, 200));
		}
		throw new Error(`${name} did not come up:\n${this.output}`);
	}
}

function postgresIds(): [number, number] {
	const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
	const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
	return [uid, gid];
}

/** True when a Redis on `port` answers PING. */
function redisAnswers(port: number): Promise<boolean> {
	return new Promise((done) => {
		const socket = connect(port, HOST, () => socket.write('PING\r\n'));
		socket.setTimeout(1000, () => socket.destroy());
		socket.on('data', (data) => {
			done(data.toString().startsWith('+PONG'));
			socket.end();
		});
		socket.on('error', () => done(false));
		socket.on('close', () => done(false));
	});
}
