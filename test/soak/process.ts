import { join, sep } from 'path';
import type { ExecuteContext } from 'n8n-core';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { declaringNode } from '../harness/credentialRig';
import { executeContext, StoredCredentials } from '../harness/n8nCore';
import { credentialTypeNamed } from '../harness/packageManifest';

const PACKAGE_SOURCES = join(__dirname, '..', '..', 'package') + sep;
const NODE_MODULES = `${sep}node_modules${sep}`;

/**
 * The package's code as a new n8n process loads it: every module of package/ evaluated again,
 * so none of the memory the last copy kept (single-flight maps, remembered failures, newest
 * tokens, signing plans) carries over. Works where modules load through Node's require (tsx).
 */
function freshPackageCopy(): void {
	for (const file of Object.keys(require.cache)) {
		if (file.startsWith(PACKAGE_SOURCES) && !file.includes(NODE_MODULES))
			delete require.cache[file];
	}
}

/**
 * One n8n process using one credential: its own copy of the package, and the credential as n8n
 * reads it from the database (`stored`, the database row, survives the process).
 */
export class N8nProcess {
	readonly credentials: StoredCredentials;

	constructor(
		readonly credentialType: string,
		stored: ICredentialDataDecryptedObject,
	) {
		freshPackageCopy();
		this.credentials = new StoredCredentials({
			[credentialType]: credentialTypeNamed(credentialType),
		});
		this.credentials.store.set(credentialType, structuredClone(stored));
		this.context = executeContext(this.credentials, {
			nodeType: declaringNode(credentialType),
			credentialType,
			parameters: {},
		}).context;
	}

	/**
	 * The node's context. n8n builds one per execution; the credential is read from the database
	 * for every request either way, so one context stands for all (building it costs more than the
	 * request).
	 */
	private readonly context: ExecuteContext;

	/** The database row as this process last wrote it. */
	stored(): ICredentialDataDecryptedObject {
		return this.credentials.read(this.credentialType);
	}

	/** One execution of a node that sends `items` GETs to `url` at once, as n8n's HTTP Request node does. */
	async execute(url: string, items: number): Promise<Array<PromiseSettledResult<unknown>>> {
		const context = this.context;
		return await Promise.allSettled(
			Array.from(
				{ length: items },
				async () =>
					await context.helpers.httpRequestWithAuthentication.call(context, this.credentialType, {
						url,
						method: 'GET',
						json: true,
					}),
			),
		);
	}

	/** What this process does after its request got a 401: n8n renews the credential it holds. */
	async renewAsAfter401(): Promise<void> {
		const { context, node } = executeContext(this.credentials, {
			nodeType: declaringNode(this.credentialType),
			credentialType: this.credentialType,
			parameters: {},
		});
		await this.credentials.preAuthentication(
			{ helpers: context.helpers },
			this.stored(),
			this.credentialType,
			node,
			true,
		);
	}
}
