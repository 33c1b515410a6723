import { renewalWindow } from '../../package/credentials/common/expiry';
import { demoProviders } from '../demo/providers';
import type { DemoProvider } from '../demo/providers';
import type { FakeProvider } from '../fakes/fakeProvider';
import { findQueueServicePrograms, QueueServices } from '../harness/queueServices';
import { RealN8n, sleepUntil } from '../harness/realN8n';
import { chain, credentialExport, httpRequest, items, webhook } from '../harness/workflows';

/**
 * n8n in queue mode as it is deployed: a main process that receives webhook calls and puts
 * executions on a Redis queue, two `n8n worker` processes that run them, one PostgreSQL they
 * all share, and one credential per provider used by every execution on both workers. Tokens
 * live 10 s, and a provider that rotates refresh tokens spends the old one at each refresh, so
 * the workers keep renewing the same credential at the same moments. Each burst runs, per provider, the demo workflow (this
 * package's nodes, then n8n's HTTP Request node) and a fan-out workflow whose HTTP Request node
 * sends 10 items at once, so renewals also meet inside one worker. Asserted from the fakes'
 * request logs, n8n's execution records (PostgreSQL) and the workers' logs.
 */
jest.setTimeout(20 * 60_000);

const PORTS = { postgres: 55432, redis: 56379, main: 5680, workers: [5681, 5682] };
const WORKER_CONCURRENCY = 5;
const LIFETIME_SECONDS = 10;
const BURST_EVERY_MS = 3_000;
/** 12 bursts over 33 s: more than three token lifetimes. */
const BURSTS = 12;
/** Per provider and burst: calls of the demo workflow, and of the fan-out workflow. */
const DEMO_CALLS = 2;
const FAN_OUT_CALLS = 1;
const FAN_OUT_ITEMS = 10;
const EXECUTIONS_PER_PROVIDER = BURSTS * (DEMO_CALLS + FAN_OUT_CALLS);
/** Each execution takes well under a second; a call unanswered this long is reported, not awaited. */
const WEBHOOK_TIMEOUT_MS = 120_000;

const found = findQueueServicePrograms();
const programs = 'unavailable' in found ? undefined : found;
if ('unavailable' in found) {
	console.warn(
		`SKIPPED: the queue-mode suite needs Redis and PostgreSQL on this machine.\n${found.unavailable}`,
	);
}
const describeWithServices = programs ? describe : describe.skip;

interface Running {
	provider: DemoProvider;
	fake: FakeProvider;
	workflows: Array<{ id: string; path: string; calls: number; definition: object }>;
}

/** The demo workflow behind a webhook, and the fan-out one: webhook → 10 items → HTTP Request. */
function queueWorkflows(provider: DemoProvider, url: string): Running['workflows'] {
	const path = `queue-${provider.credential.type}`;
	const demo = provider.workflow(url, webhook(path)) as { id: string };
	const fanOut = chain(`FanOut${provider.credential.id}`, `${provider.name} fan-out`, [
		webhook(`${path}-fan-out`),
		...items(FAN_OUT_ITEMS),
		httpRequest('HTTP Request', provider.credential, `${url}${provider.apiPath}`),
	]) as { id: string };
	return [
		{ id: demo.id, path, calls: DEMO_CALLS, definition: demo },
		{ id: fanOut.id, path: `${path}-fan-out`, calls: FAN_OUT_CALLS, definition: fanOut },
	];
}

let services: QueueServices | undefined;
let main: RealN8n | undefined;
const workers: RealN8n[] = [];
let mainLog = '';
const workerLogs: string[] = PORTS.workers.map(() => '');
let running: Running[] = [];

beforeAll(async () => {
	if (!programs) return;
	services = new QueueServices(programs, PORTS);
	await services.start();
	running = await Promise.all(
		demoProviders.map(async (provider) => {
			const fake = provider.createFake(LIFETIME_SECONDS);
			const url = await fake.start();
			return { provider, fake, workflows: queueWorkflows(provider, url) };
		}),
	);

	main = await RealN8n.create({ port: PORTS.main, extraEnv: services.n8nEnv() });
	await main.importCredentials(
		running.map(({ provider, fake }) =>
			credentialExport(provider.credential, provider.credentialData(fake.url)),
		),
	);
	for (const { id, definition } of running.flatMap(({ workflows }) => workflows)) {
		await main.importWorkflow(definition);
		await main.cli(['publish:workflow', `--id=${id}`]);
	}
	await main.start((text) => (mainLog += text));
	await main.signInAsOwner();

	for (const [index, port] of PORTS.workers.entries()) {
		const worker = await RealN8n.create({
			port,
			extraEnv: {
				...services.n8nEnv(),
				QUEUE_HEALTH_CHECK_ACTIVE: 'true',
				QUEUE_HEALTH_CHECK_PORT: String(port),
			},
		});
		workers.push(worker);
		await worker.start(
			(text) => (workerLogs[index] += text),
			['worker', `--concurrency=${WORKER_CONCURRENCY}`],
		);
	}
});

afterAll(async () => {
	// Workers first: they hold executions and database connections; the servers last.
	await Promise.allSettled(workers.map((worker) => worker.stop()));
	await main?.stop();
	await Promise.allSettled(running.map(({ fake }) => fake.stop()));
	await services?.stop();
	for (const n8n of [main, ...workers]) n8n?.removeUserFolder();
});

/** Webhook calls that got no answer: why, for the report. */
const unanswered: string[] = [];

/** Calls the workflow's production webhook; n8n answers once a worker has run it. 0: no answer. */
async function callWebhook(path: string): Promise<number> {
	try {
		const response = await fetch(`http://localhost:${PORTS.main}/webhook/${path}`, {
			signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
		});
		await response.text();
		return response.status;
	} catch (error) {
		const { message, cause } = error as Error & { cause?: Error };
		unanswered.push(
			`webhook ${path} (called ${new Date().toISOString()}): ${cause?.message ?? message}`,
		);
		return 0;
	}
}

/** Waits (up to a minute) until n8n's database records `count` executions as stopped. */
async function allExecutionsStopped(count: number): Promise<void> {
	const deadline = Date.now() + 60_000;
	while (Date.now() < deadline) {
		const [[stopped = '0'] = []] = await services!.query(
			'SELECT count(*) FROM execution_entity WHERE "stoppedAt" IS NOT NULL',
		);
		if (Number(stopped) >= count) return;
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
}

/** n8n's own lines about trouble (errors, stalled or crashed jobs), to explain a failure. */
function troubleInLogs(): string[] {
	return [mainLog, ...workerLogs].flatMap((log, index) =>
		log
			.split('\n')
			.filter((line) => /error|stall|crash|timed? ?out|lost/i.test(line))
			.slice(-10)
			.map((line) => `${index === 0 ? 'main' : `worker ${index}`}: ${line.trim()}`),
	);
}

/** Which worker ran each execution, from the line every worker logs when it starts one. */
function executionsByWorker(): Map<string, number> {
	const byWorker = new Map<string, number>();
	workerLogs.forEach((log, worker) => {
		for (const [, id] of log.matchAll(/Worker started execution (\d+)/g)) byWorker.set(id, worker);
	});
	return byWorker;
}

interface Figures {
	provider: string;
	executions: number;
	succeeded: number;
	perWorker: number[];
	signIns: number;
	refreshes: number;
	/** Refresh tokens the other worker had already spent: the loser signs in again. */
	refreshRaces: number;
	/** The most token exchanges two workers may need: one each per renewal, and to start. */
	exchangeBound: number;
	apiRequests: number;
	/** API requests answered 401 (expired, unknown or missing token): sent for nothing. */
	wastedRequests: number;
	expiredTokenRequests: number;
}

function figuresFor(
	{ provider, fake, workflows }: Running,
	executions: string[][],
	byWorker: Map<string, number>,
): Figures {
	const mine = executions.filter(([, workflow]) => workflows.some(({ id }) => id === workflow));
	const issued = fake.log.filter(
		(entry) => (entry.kind === 'sign-in' || entry.kind === 'refresh') && entry.status === 200,
	);
	const api = fake.log.filter((entry) => entry.kind === 'api');
	const windowMs =
		Math.max(...api.map((entry) => entry.at)) - Math.min(...issued.map((entry) => entry.at));
	const lifetimeMs = LIFETIME_SECONDS * 1000;
	// A token is renewed at most one renewal window before expiry, or two when a worker would
	// hand over a remembered token (n8n stores it before signing with it): renewals come that
	// often at most. Each worker draws its own point in the window, but with 10 s tokens the
	// points are at most 0.42 s apart and a burst comes every 3 s: both workers usually find the
	// token due in the same burst, so each may renew (test/unit/renewalJitter.test.ts shows the
	// jitter with hour-long tokens, where the points are minutes apart).
	const renewalsDue = Math.floor(windowMs / (lifetimeMs - 2 * renewalWindow(lifetimeMs)));
	return {
		provider: provider.name,
		executions: mine.length,
		succeeded: mine.filter(([, , status]) => status === 'success').length,
		perWorker: PORTS.workers.map(
			(_, worker) => mine.filter(([id]) => byWorker.get(id) === worker).length,
		),
		signIns: issued.filter((entry) => entry.kind === 'sign-in').length,
		refreshes: issued.filter((entry) => entry.kind === 'refresh').length,
		refreshRaces: fake.log.filter((entry) => entry.kind === 'refresh' && entry.status !== 200)
			.length,
		exchangeBound: PORTS.workers.length * renewalsDue + PORTS.workers.length,
		apiRequests: api.length,
		wastedRequests: api.filter((entry) => entry.status === 401).length,
		expiredTokenRequests: fake.expiredTokenRequests(),
	};
}

/**
 * What n8n recorded about each failed execution: the error texts in its run data (stored
 * "flatted": a JSON array whose strings are the values).
 */
async function failureReports(
	executions: string[][],
	byWorker: Map<string, number>,
): Promise<string[]> {
	const failed = executions.filter(([, , status]) => status !== 'success');
	return await Promise.all(
		failed.map(async ([id, workflow, status]) => {
			const [[data = '[]'] = []] = await services!.query(
				`SELECT data FROM execution_data WHERE "executionId" = ${Number(id)}`,
			);
			const texts = (JSON.parse(data) as unknown[]).filter(
				(value): value is string =>
					typeof value === 'string' &&
					/fail|error|expired|refus|reject|renew/i.test(value) &&
					value.length < 400,
			);
			return `execution ${id} (${workflow}, worker ${(byWorker.get(id) ?? -1) + 1}, ${status}): ${[...new Set(texts)].join(' | ')}`;
		}),
	);
}

function printFigures(all: Figures[], answers: number[], failures: string[]): void {
	const rows = all.map((f) =>
		[
			f.provider.padEnd(12),
			`${f.succeeded}/${f.executions}`.padStart(10),
			f.perWorker.join(' + ').padStart(9),
			String(f.signIns).padStart(8),
			String(f.refreshes).padStart(9),
			`${f.signIns + f.refreshes} <= ${f.exchangeBound}`.padStart(9),
			String(f.refreshRaces).padStart(6),
			String(f.apiRequests).padStart(5),
			String(f.wastedRequests).padStart(7),
			String(f.expiredTokenRequests).padStart(8),
		].join('  '),
	);
	console.log(
		[
			`n8n queue mode: main + ${PORTS.workers.length} workers (concurrency ${WORKER_CONCURRENCY}), tokens live ${LIFETIME_SECONDS} s,`,
			`${BURSTS} bursts every ${BURST_EVERY_MS / 1000} s of ${DEMO_CALLS} demo + ${FAN_OUT_CALLS} fan-out (${FAN_OUT_ITEMS} parallel items) webhook calls per provider;`,
			`HTTP answers: ${answers.filter((s) => s === 200).length}/${answers.length} OK`,
			'provider      succeeded  per worker  sign-ins  refreshes  exchanges  races    API  wasted  expired',
			...rows,
			'races: a refresh token the other worker had just spent (answered 4xx, followed by a sign-in); wasted: API calls answered 401.',
			...failures,
			...unanswered,
			...(failures.length + unanswered.length > 0 ? troubleInLogs() : []),
		].join('\n'),
	);
}

describeWithServices('one credential per provider shared by two n8n queue-mode workers', () => {
	test('bursts over three token lifetimes all succeed on both workers, with no expired token and bounded exchanges', async () => {
		const started = Date.now();
		const calls: Array<Promise<number>> = [];
		for (let burst = 0; burst < BURSTS; burst++) {
			await sleepUntil(started + burst * BURST_EVERY_MS);
			for (const { path, calls: count } of running.flatMap(({ workflows }) => workflows)) {
				for (let call = 0; call < count; call++) calls.push(callWebhook(path));
			}
		}
		const answers = await Promise.all(calls);
		await allExecutionsStopped(running.length * EXECUTIONS_PER_PROVIDER);

		const executions = await services!.query(
			'SELECT id, "workflowId", status, mode FROM execution_entity ORDER BY id',
		);
		const byWorker = executionsByWorker();
		const figures = running.map((provider) => figuresFor(provider, executions, byWorker));
		printFigures(figures, answers, await failureReports(executions, byWorker));

		for (const f of figures) {
			expect({ provider: f.provider, executions: f.executions, succeeded: f.succeeded }).toEqual({
				provider: f.provider,
				executions: EXECUTIONS_PER_PROVIDER,
				succeeded: EXECUTIONS_PER_PROVIDER,
			});
			expect({
				provider: f.provider,
				expired: f.expiredTokenRequests,
				wasted: f.wastedRequests,
			}).toEqual({
				provider: f.provider,
				expired: 0,
				wasted: 0,
			});
			expect(f.signIns + f.refreshes).toBeLessThanOrEqual(f.exchangeBound);
		}
		// An execution whose answer n8n's main lost on its way back from the worker (it relays
		// answers over Redis) still counts: every execution, as the database records it, is asserted
		// above, and the lost answers are printed. An answer that arrived must be a 200.
		expect(answers.filter((status) => status !== 200 && status !== 0)).toEqual([]);
		expect(
			executions.filter(([, , status, mode]) => status !== 'success' || mode !== 'webhook'),
		).toEqual([]);
		expect(executions.filter(([id]) => !byWorker.has(id))).toEqual([]);
		const perWorker = PORTS.workers.map((_, worker) =>
			figures.reduce((sum, f) => sum + f.perWorker[worker], 0),
		);
		expect(perWorker.every((count) => count > 0)).toBe(true);
	});

	test('nothing n8n printed (main and workers) contains a secret or a token', () => {
		const printed = [main!.output, mainLog, ...workerLogs].join('\n');
		const secrets = running.flatMap(({ provider, fake }) => [
			...fake.issuedTokens,
			...Object.entries(provider.credentialData(fake.url))
				.filter(([key]) => /secret|password/i.test(key))
				.map(([, value]) => String(value)),
		]);
		expect(secrets.length).toBeGreaterThan(running.length);
		for (const secret of secrets) expect(printed).not.toContain(secret);
	});
});
