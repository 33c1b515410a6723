import { spawn } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { credentialCases } from '../../harness/credentialCases';
import { CredentialRig, statusClass, stopRigs } from '../../harness/credentialRig';
import type { WorkerTask } from '../../harness/credentialWorker';

/**
 * Two n8n worker processes share one credential whose refresh tokens rotate. Both hold the same
 * expired copy and refresh at once: the provider takes one refresh and refuses the other; the
 * loser signs in again. Nobody is locked out and every call succeeds.
 */
const scratch: string[] = [];

afterAll(async () => {
	for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
	await stopRigs();
});

const ROOT = join(__dirname, '..', '..', '..');
const CALLS = 3;

type Result = { ok: number; errors: string[] };

function runWorker(tasks: WorkerTask[]): Promise<Result[]> {
	return new Promise((resolve, reject) => {
		const child = spawn(
			join(ROOT, 'node_modules', '.bin', 'tsx'),
			[join(ROOT, 'test', 'harness', 'credentialWorker.ts'), JSON.stringify(tasks)],
			{
				cwd: ROOT,
			},
		);
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk) => (stdout += chunk));
		child.stderr.on('data', (chunk) => (stderr += chunk));
		child.on('error', reject);
		child.on('close', (code) => {
			if (code !== 0) reject(new Error(`worker exited with ${code}: ${stderr}`));
			else resolve(JSON.parse(stdout.trim().split('\n').pop()!));
		});
	});
}

const sharing = credentialCases.filter((credential) => credential.rotatesRefreshTokens);
const rigs: CredentialRig[] = [];
/** What each worker process got, per credential. */
let results: Array<[Result, Result]>;

// Two processes (starting one loads n8n-core), each taking every credential in turn.
beforeAll(async () => {
	const tasks: Array<(me: string, peer: string) => WorkerTask> = [];
	for (const credential of sharing) {
		const rig = await CredentialRig.start(credential);
		rigs.push(rig);
		await rig.get();
		rig.expireStoredToken();
		rig.fake.clearLog();
		const dir = mkdtempSync(join(tmpdir(), 'n8n-token-auth-workers-'));
		scratch.push(dir);
		const storeFile = join(dir, 'credential.json');
		writeFileSync(storeFile, JSON.stringify(rig.stored()));
		tasks.push((me, peer) => ({
			credentialType: credential.credentialType,
			apiUrl: `${rig.url}${credential.apiPath}`,
			storeFile,
			ready: join(dir, me),
			peerReady: join(dir, peer),
			calls: CALLS,
		}));
	}
	const [a, b] = await Promise.all([
		runWorker(tasks.map((task) => task('a', 'b'))),
		runWorker(tasks.map((task) => task('b', 'a'))),
	]);
	results = a.map((result, index) => [result, b[index]]);
}, 120_000);

describe.each(sharing.map((credential, index) => ({ ...credential, index })))(
	'$name shared by two worker processes',
	({ index }) => {
		it('loses no worker to the refresh race: the loser signs in again and every call succeeds', () => {
			const rig = rigs[index];

			expect(results[index]).toEqual([
				{ ok: CALLS, errors: [] },
				{ ok: CALLS, errors: [] },
			]);
			const tokenCalls = rig.fake.log
				.filter((entry) => entry.kind !== 'api')
				.map((entry) => `${entry.kind} ${statusClass(entry.status)}`);
			expect(tokenCalls.sort()).toEqual(['refresh 200', 'refresh 4xx', 'sign-in 200']);
			expect(
				rig.fake.log.filter((entry) => entry.kind === 'api').map((entry) => entry.status),
			).toEqual(Array(2 * CALLS).fill(200));
		});
	},
);
