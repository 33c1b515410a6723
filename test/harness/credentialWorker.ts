/**
 * One n8n worker process for the cross-process test (`tsx test/harness/credentialWorker.ts '<tasks JSON>'`).
 * Like an n8n worker in queue mode it holds its own copy of the stored credential, reads it from
 * and writes it to a store shared with the other worker (a file standing in for n8n's
 * database), and calls the API through n8n-core. Runs the tasks (one per credential) one after
 * another, so a process starts once for all of them; prints a `{ ok, errors }` per task as JSON.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'fs';
import { setTimeout as wait } from 'timers/promises';
import { caseFor } from './credentialCases';
import { declaringNode } from './credentialRig';
import { executeContext, StoredCredentials } from './n8nCore';

export interface WorkerTask {
	credentialType: string;
	apiUrl: string;
	storeFile: string;
	/** This worker's ready file, and the other worker's: both read the credential before either renews it. */
	ready: string;
	peerReady: string;
	calls: number;
}

const PEER_TIMEOUT_MS = 20_000;

class SharedStore extends StoredCredentials {
	private metPeer = false;

	constructor(private readonly task: WorkerTask) {
		super({ [task.credentialType]: caseFor(task.credentialType).createType() });
	}

	read(type: string) {
		this.store.set(type, JSON.parse(readFileSync(this.task.storeFile, 'utf8')));
		return super.read(type);
	}

	async getDecrypted(...args: Parameters<StoredCredentials['getDecrypted']>) {
		const data = await super.getDecrypted(...args);
		if (!this.metPeer) await this.meetPeer();
		return data;
	}

	async preAuthentication(...args: Parameters<StoredCredentials['preAuthentication']>) {
		const output = await super.preAuthentication(...args);
		if (output) {
			// Written whole and renamed, so the other worker never reads half a file.
			const partial = `${this.task.storeFile}.${process.pid}`;
			writeFileSync(partial, JSON.stringify(this.store.get(args[2])));
			renameSync(partial, this.task.storeFile);
		}
		return output;
	}

	private async meetPeer(): Promise<void> {
		this.metPeer = true;
		writeFileSync(this.task.ready, '');
		const deadline = Date.now() + PEER_TIMEOUT_MS;
		while (!existsSync(this.task.peerReady)) {
			if (Date.now() > deadline) throw new Error('the other worker never read the credential');
			await wait(5);
		}
	}
}

async function run(task: WorkerTask): Promise<{ ok: number; errors: string[] }> {
	const store = new SharedStore(task);
	const type = task.credentialType;
	const result = { ok: 0, errors: [] as string[] };
	for (let call = 0; call < task.calls; call++) {
		const { context } = executeContext(store, {
			nodeType: declaringNode(type),
			credentialType: type,
			parameters: {},
		});
		try {
			await context.helpers.httpRequestWithAuthentication.call(context, type, {
				url: task.apiUrl,
				method: 'GET',
				json: true,
			});
			result.ok += 1;
		} catch (error) {
			result.errors.push((error as Error).message);
		}
	}
	return result;
}

async function main(tasks: WorkerTask[]): Promise<void> {
	const results = [];
	for (const task of tasks) results.push(await run(task));
	process.stdout.write(`${JSON.stringify(results)}\n`);
}

main(JSON.parse(process.argv[2]) as WorkerTask[]).catch((error) => {
	process.stderr.write(`${(error as Error).stack}\n`);
	process.exit(1);
});
