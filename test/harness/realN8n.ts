import { execFile, spawn } from 'child_process';
import type { ChildProcess } from 'child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { parse as unflatten } from 'flatted';
import { join, resolve } from 'path';
import { createInterface } from 'readline';
import { promisify } from 'util';
import { spawnGroup, stopGroup } from './processGroups';

const run = promisify(execFile);
const REPO = resolve(__dirname, '..', '..');
const PACKAGE_NAME = 'n8n-nodes-token-auth';

export interface N8nInstall {
	cacheDir: string;
	nodeBin: string;
	n8nBin: string;
}

/** Which n8n to run; default: the pinned 2.x on a downloaded Node 24 (see scripts/ensure-n8n.sh). */
export interface N8nVersion {
	version?: string;
	/** Run n8n on this machine's Node instead of a downloaded Node 24 (n8n 1.x). */
	systemNode?: boolean;
}

/**
 * The Node and n8n to run, installed once into a cache outside the repo. The install script's
 * progress lines go to `onProgress` as they come (a cold install takes minutes).
 */
async function ensureN8n(
	{ version, systemNode }: N8nVersion = {},
	onProgress: (line: string) => void = () => {},
): Promise<N8nInstall> {
	const child = spawn('bash', [join(REPO, 'scripts', 'ensure-n8n.sh')], {
		env: {
			...process.env,
			...(version ? { N8N_VERSION: version } : {}),
			...(systemNode ? { N8N_NODE: 'system' } : {}),
		},
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let stdout = '';
	let stderr = '';
	child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
	createInterface({ input: child.stderr }).on('line', (line) => {
		stderr += `${line}\n`;
		if (line.startsWith('[ensure-n8n]')) onProgress(line.replace(/^\[ensure-n8n\] /, ''));
	});
	const code = await new Promise<number | null>((done) => child.on('close', done));
	if (code !== 0) throw new Error(`scripts/ensure-n8n.sh exited with ${code}:\n${stderr}`);
	const value = (key: string) =>
		/^(\w+)=(.*)$/m.exec(stdout.split('\n').find((l) => l.startsWith(`${key}=`)) ?? '')?.[2];
	const cacheDir = value('CACHE_DIR');
	const nodeBin = value('NODE_BIN');
	const n8nBin = value('N8N_BIN');
	if (!cacheDir || !nodeBin || !n8nBin)
		throw new Error(`scripts/ensure-n8n.sh printed no install paths:\n${stdout}`);
	return { cacheDir, nodeBin, n8nBin };
}

/**
 * Puts the built package where n8n installs community packages
 * (`<user folder>/.n8n/nodes/node_modules/<name>`), from the tarball `npm pack` makes, so n8n
 * sees exactly what users would download.
 */
async function installPackage(userFolder: string): Promise<void> {
	const nodesDir = join(userFolder, '.n8n', 'nodes');
	const target = join(nodesDir, 'node_modules', PACKAGE_NAME);
	rmSync(target, { recursive: true, force: true });
	mkdirSync(target, { recursive: true });
	const packDir = mkdtempSync(join(tmpdir(), 'token-auth-pack-'));
	try {
		await run('npm', ['pack', '--silent', '--pack-destination', packDir], {
			cwd: join(REPO, 'package'),
		});
		const [tarball] = readdirSync(packDir).filter((f) => f.endsWith('.tgz'));
		await run('tar', ['-xzf', join(packDir, tarball), '-C', target, '--strip-components=1']);
	} finally {
		rmSync(packDir, { recursive: true, force: true });
	}
	writeFileSync(
		join(nodesDir, 'package.json'),
		JSON.stringify({
			name: 'installed-nodes',
			private: true,
			dependencies: { [PACKAGE_NAME]: 'file:' },
		}),
	);
}

export interface N8nOptions {
	/**
	 * Folder for n8n's database and settings, under the cache; a fresh temporary one when
	 * omitted. Never inside the repo: from there the package would find the repo's own
	 * node_modules/n8n-workflow instead of n8n's, as no real install does.
	 */
	userFolderName?: string;
	port?: number;
	extraEnv?: Record<string, string>;
	n8n?: N8nVersion;
}

/**
 * The newest n8n 1.x, on this machine's Node 20. Its default expression engine loads
 * isolated-vm 6, which ships no build for Node 20 (only 22 and 24): run the legacy engine.
 */
export const N8N_1X: Pick<N8nOptions, 'n8n' | 'extraEnv'> = {
	n8n: { version: '1.123.81', systemNode: true },
	extraEnv: { N8N_EXPRESSION_ENGINE: 'legacy' },
};

/**
 * n8n 2.41.1's durable scheduler for poll triggers with durable poll cursors (all off by
 * default; each needs the ones before it): a new poll context per tick, the trigger's state in
 * a cursor n8n commits, a per-poll timeout (N8N_SCHEDULER_POLL_TIMEOUT).
 */
export const DURABLE_SCHEDULER_ENV: Record<string, string> = {
	N8N_SCHEDULER_ENABLED: 'true',
	N8N_SCHEDULER_POLL_TRIGGERS_ENABLED: 'true',
	N8N_USE_WORKFLOW_PUBLICATION_SERVICE: 'true',
	N8N_POLLER_DURABLE_CURSORS_ENABLED: 'true',
};

/** A real n8n (the pinned 2.x unless told) with this package installed, driven through its CLI. */
export class RealN8n {
	readonly userFolder: string;
	private server?: ChildProcess;

	private constructor(
		private readonly install: N8nInstall,
		private readonly options: N8nOptions,
	) {
		this.userFolder = options.userFolderName
			? join(install.cacheDir, options.userFolderName)
			: mkdtempSync(join(tmpdir(), 'token-auth-n8n-'));
	}

	static async create(
		options: N8nOptions = {},
		onProgress?: (line: string) => void,
	): Promise<RealN8n> {
		const n8n = new RealN8n(await ensureN8n(options.n8n, onProgress), options);
		await installPackage(n8n.userFolder);
		return n8n;
	}

	get port(): number {
		return this.options.port ?? 5678;
	}

	env(): NodeJS.ProcessEnv {
		// Jest sets NODE_ENV=test, which silences n8n's CLI output; n8n must run as users run it.
		const inherited = Object.fromEntries(
			Object.entries(process.env).filter(([key]) => !/^(NODE_ENV|JEST_|N8N_)/.test(key)),
		);
		return {
			...inherited,
			PATH: `${this.install.nodeBin}:${process.env.PATH ?? ''}`,
			N8N_USER_FOLDER: this.userFolder,
			N8N_ENCRYPTION_KEY: 'token-auth-local-test-key',
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_RUNNERS_ENABLED: 'false',
			N8N_SECURE_COOKIE: 'false',
			N8N_PORT: String(this.port),
			N8N_RUNNERS_BROKER_PORT: String(this.port + 1000),
			N8N_LOG_LEVEL: 'info',
			DB_SQLITE_POOL_SIZE: '2',
			...this.options.extraEnv,
		};
	}

	/** Everything n8n printed, over all commands: tests check it for leaked secrets. */
	output = '';

	/** Runs one n8n CLI command to completion. */
	async cli(args: string[], { allowFailure = false } = {}): Promise<CliResult> {
		const child = spawn(this.install.n8nBin, args, {
			env: this.env(),
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		const result: CliResult = { code: null, stdout: '', output: '' };
		child.stdout.on('data', (chunk: Buffer) => {
			result.stdout += chunk.toString();
			result.output += chunk.toString();
		});
		child.stderr.on('data', (chunk: Buffer) => (result.output += chunk.toString()));
		result.code = await new Promise<number | null>((done) => child.on('close', done));
		this.output += result.output;
		if (result.code !== 0 && !allowFailure) {
			throw new Error(`n8n ${args.join(' ')} exited with ${result.code}:\n${result.output}`);
		}
		return result;
	}

	async importCredentials(credentials: object[]): Promise<void> {
		await this.cli([
			'import:credentials',
			`--input=${this.writeJson('credentials.json', credentials)}`,
		]);
	}

	async importWorkflow(workflow: object): Promise<void> {
		await this.cli(['import:workflow', `--input=${this.writeJson('workflow.json', workflow)}`]);
	}

	/** `n8n execute`: runs a stored workflow and returns its run data; rejects when it fails. */
	async execute(workflowId: string): Promise<ExecutionResult> {
		const { stdout, output } = await this.cli(['execute', `--id=${workflowId}`, '--rawOutput']);
		// The result is pretty-printed JSON from a line that is just "{" to one that is just "}";
		// n8n may log other lines around it.
		const start = stdout.search(/^\{$/m);
		const end = stdout.indexOf('\n}', start);
		if (start < 0 || end < 0) throw new Error(`n8n execute printed no result:\n${output}`);
		return JSON.parse(stdout.slice(start, end + 2)) as ExecutionResult;
	}

	/** `n8n execute` of a workflow expected to fail: returns what n8n printed. */
	async executeFailing(workflowId: string): Promise<string> {
		const { code, output } = await this.cli(['execute', `--id=${workflowId}`, '--rawOutput'], {
			allowFailure: true,
		});
		if (code === 0)
			throw new Error(`workflow ${workflowId} succeeded but was expected to fail:\n${output}`);
		return output;
	}

	/**
	 * `n8n start`, or another long-running command such as `worker`, in the background; resolves
	 * when /healthz/readiness answers on this instance's port (a worker serves it on
	 * QUEUE_HEALTH_CHECK_PORT when QUEUE_HEALTH_CHECK_ACTIVE is set).
	 */
	async start(
		onOutput: (text: string) => void = () => {},
		args: string[] = ['start'],
	): Promise<void> {
		// Another n8n on the port (another suite, a leftover) would answer for this one.
		const taken = await fetch(`http://localhost:${this.port}/healthz`)
			.then(() => true)
			.catch(() => false);
		if (args[0] === 'start' && taken)
			throw new Error(`port ${this.port} is already in use: stop what runs there, or pick another`);
		this.server = spawnGroup(this.install.n8nBin, args, {
			env: this.env(),
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let tail = '';
		const collect = (chunk: Buffer) => {
			tail = (tail + chunk.toString()).slice(-4000);
			onOutput(chunk.toString());
		};
		this.server.stdout!.on('data', collect);
		this.server.stderr!.on('data', collect);
		const exited = new Promise<never>((_, reject) =>
			this.server!.on('exit', (code) =>
				reject(new Error(`n8n ${args.join(' ')} exited with ${code}:\n${tail}`)),
			),
		);
		exited.catch(() => {});
		const deadline = Date.now() + 180_000;
		while (Date.now() < deadline) {
			const answers = (path: string) =>
				fetch(`http://localhost:${this.port}${path}`)
					.then((r) => r.ok)
					.catch(() => false);
			// n8n 1.x reports ready before its REST routes exist.
			if (
				(await answers('/healthz/readiness')) &&
				(args[0] !== 'start' || (await answers('/rest/settings')))
			)
				return;
			await Promise.race([exited, new Promise((r) => setTimeout(r, 500))]);
		}
		throw new Error(`n8n ${args.join(' ')} did not answer on port ${this.port} within 3 minutes`);
	}

	private cookie = '';

	/** The owner's session cookie (after signInAsOwner), for a browser opening the editor. */
	get sessionCookie(): { name: string; value: string } {
		const [name, ...value] = this.cookie.split('=');
		return { name, value: value.join('=') };
	}

	/** Creates the owner account of a fresh instance and signs in as it (for the REST API). */
	async signInAsOwner(): Promise<void> {
		const response = await fetch(`http://localhost:${this.port}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({
				email: 'owner@example.com',
				firstName: 'Test',
				lastName: 'Owner',
				password: 'Passw0rd-e2e-123',
			}),
		});
		if (!response.ok)
			throw new Error(`owner setup failed: HTTP ${response.status} ${await response.text()}`);
		this.cookie = (response.headers.get('set-cookie') ?? '').split(';')[0];
	}

	/** A GET of any path n8n serves (e.g. /types/nodes.json), as the owner. */
	async get(path: string): Promise<Response> {
		return await fetch(`http://localhost:${this.port}${path}`, {
			headers: { Cookie: this.cookie },
		});
	}

	/** A call to n8n's REST API (what the editor uses), as the owner. */
	async rest(method: string, path: string, body?: unknown): Promise<unknown> {
		const response = await fetch(`http://localhost:${this.port}/rest${path}`, {
			method,
			headers: { 'Content-Type': 'application/json', Cookie: this.cookie },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok) throw new Error(`${method} /rest${path}: HTTP ${response.status} ${text}`);
		return (JSON.parse(text) as { data: unknown }).data;
	}

	/**
	 * The executions n8n stored for a workflow (at most 100), oldest first, with their run data,
	 * as the editor reads them (as the owner; n8n sends the data flattened by `flatted`).
	 */
	async executions(workflowId: string): Promise<StoredExecution[]> {
		const filter = encodeURIComponent(JSON.stringify({ workflowId }));
		const { results } = (await this.rest('GET', `/executions?limit=100&filter=${filter}`)) as {
			results: Array<{ id: string }>;
		};
		const stored = await Promise.all(
			results.map(async ({ id }) => {
				const execution = (await this.rest('GET', `/executions/${id}`)) as StoredExecution & {
					data: string;
				};
				return { ...execution, data: unflatten(execution.data) as ExecutionResult['data'] };
			}),
		);
		return stored.sort((a, b) => Number(a.id) - Number(b.id));
	}

	/** Stops the background n8n and everything it started (its task runner). */
	async stop(): Promise<void> {
		await stopGroup(this.server);
	}

	removeUserFolder(): void {
		rmSync(this.userFolder, { recursive: true, force: true });
	}

	private writeJson(name: string, value: unknown): string {
		const path = join(this.userFolder, name);
		writeFileSync(path, JSON.stringify(value, null, 2));
		return path;
	}
}

export interface CliResult {
	code: number | null;
	stdout: string;
	/** stdout and stderr interleaved. */
	output: string;
}

export interface NodeRunData {
	executionStatus?: string;
	error?: { message?: string; description?: string };
	data?: { main?: Array<Array<{ json: Record<string, unknown> }>> };
}

export interface ExecutionResult {
	data: {
		resultData: {
			error?: { message?: string; description?: string };
			runData: Record<string, NodeRunData[]>;
		};
	};
	status?: string;
	finished?: boolean;
}

/** An execution as n8n stored it (`status`: success, error...; `mode`: trigger for a poll). */
export interface StoredExecution extends ExecutionResult {
	id: string;
	mode: string;
	status: string;
	startedAt: string;
}

/** The items a node put out in its first run. */
export function outputOf(
	result: ExecutionResult,
	nodeName: string,
): Array<Record<string, unknown>> {
	const runs = result.data.resultData.runData[nodeName];
	if (!runs?.length) throw new Error(`node "${nodeName}" did not run`);
	if (runs[0].error) throw new Error(`node "${nodeName}" failed: ${runs[0].error.message}`);
	return (runs[0].data?.main?.[0] ?? []).map((item) => item.json);
}

/** Waits in real time until `epochMs` (n8n runs in processes of its own: the test clock of test/harness/clock.ts does not reach them). */
export async function sleepUntil(epochMs: number): Promise<void> {
	const wait = epochMs - Date.now();
	if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
}
