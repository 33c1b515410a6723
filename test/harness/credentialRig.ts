import type { ExecuteContext } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INode,
	INodeExecutionData,
	INodeListSearchResult,
	INodeType,
} from 'n8n-workflow';
import type { Fault, FakeProvider } from '../fakes/fakeProvider';
import type { CredentialCase } from './credentialCases';
import { passTokenExpiry } from './clock';
import { executeContext, loadOptionsContext, StoredCredentials } from './n8nCore';

/** n8n's credential modal runs preAuthentication with this mock node when "Test" is pressed. */
const TEST_BUTTON_NODE = {
	type: 'n8n-nodes-base.noOp',
	parameters: { temp: '' },
} as unknown as INode;

/** A node that only declares the credential, as any node calling n8n's request helpers does. */
export function declaringNode(credentialType: string): INodeType {
	return {
		description: {
			displayName: 'Caller',
			name: 'caller',
			group: [],
			version: 1,
			description: '',
			defaults: {},
			inputs: [],
			outputs: [],
			credentials: [{ name: credentialType, required: true }],
			properties: [],
		},
	};
}

/** What a rig knows of its credential: a case of the table, whose fake the rig is given. */
export type RiggedCredential = Omit<CredentialCase, 'createFake'>;

/** How many input items a node run gets (or their json), and whether the node continues on fail. */
export interface RunOptions {
	items?: number | IDataObject[];
	continueOnFail?: boolean;
	/** The node's version in the workflow (a workflow saved earlier keeps its version). */
	typeVersion?: number;
}

let rigsMade = 0;

/**
 * One credential against its own fake, through n8n-core's request helpers. A subclass says
 * which credential, fake and node; its tests stop the fake.
 */
export class ProviderRig<Fake extends FakeProvider = FakeProvider> {
	readonly store: StoredCredentials;
	readonly type: string;
	url = '';

	protected constructor(
		readonly credential: RiggedCredential,
		readonly fake: Fake,
	) {
		this.type = credential.credentialType;
		this.store = new StoredCredentials({ [this.type]: credential.createType() });
	}

	/**
	 * A number no other rig of this test file has: a client (and URL) of its own keeps the
	 * lifecycle's in-process memory from carrying a token or a rejection from one test into another.
	 */
	protected static serial(): number {
		rigsMade += 1;
		return rigsMade;
	}

	/** Starts the fake and saves the credential as the user filled it in for it. */
	protected async started(): Promise<this> {
		this.url = await this.fake.start();
		this.save();
		return this;
	}

	/** The node that uses the credential in `context` and `run`. */
	protected node(): INodeType {
		return declaringNode(this.type);
	}

	/** The credential as the user filled it in for this fake, with `changes`, and no token yet. */
	fields(changes: IDataObject = {}): ICredentialDataDecryptedObject {
		return { ...this.credential.fields(this.url), ...changes } as ICredentialDataDecryptedObject;
	}

	save(changes: IDataObject = {}): void {
		this.store.save(this.type, this.fields(changes));
	}

	stored(): ICredentialDataDecryptedObject {
		return this.store.read(this.type);
	}

	context(nodeType: INodeType = this.node()): ExecuteContext {
		return executeContext(this.store, { nodeType, credentialType: this.type, parameters: {} })
			.context;
	}

	/** What a node does with `this.helpers.httpRequestWithAuthentication`. */
	async get(
		url = `${this.url}${this.credential.apiPath}`,
		extra: IDataObject = {},
	): Promise<IDataObject> {
		return await this.getWithin(this.context(), url, extra);
	}

	/** `get` within `context`: calls sharing one context are one node execution. */
	async getWithin(
		context: ExecuteContext,
		url = `${this.url}${this.credential.apiPath}`,
		extra: IDataObject = {},
	): Promise<IDataObject> {
		return await context.helpers.httpRequestWithAuthentication.call(context, this.type, {
			url,
			method: 'GET',
			json: true,
			...extra,
		});
	}

	/** What n8n's HTTP Request node does: the legacy helper, which renews after any error. */
	async legacyGet(
		uri = `${this.url}${this.credential.apiPath}`,
		extra: IDataObject = {},
	): Promise<unknown> {
		const context = this.context();
		return await context.helpers.requestWithAuthentication.call(context, this.type, {
			uri,
			method: 'GET',
			json: true,
			...extra,
		});
	}

	/** The credential modal's Test button, up to the point where it can fail: preAuthentication. */
	async pressTest(): Promise<ICredentialDataDecryptedObject | undefined> {
		const context = this.context();
		return await this.store.preAuthentication(
			{ helpers: context.helpers },
			this.stored(),
			this.type,
			TEST_BUTTON_NODE,
			false,
		);
	}

	/** Runs `nodeType` over `items` input items; returns its output items. */
	async runNode(
		nodeType: INodeType,
		parameters: IDataObject,
		options: RunOptions = {},
	): Promise<INodeExecutionData[]> {
		const json =
			typeof options.items === 'object'
				? options.items
				: Array.from({ length: options.items ?? 1 }, (_, index) => ({ index }));
		const items = json.map((entry) => ({ json: entry }));
		const { context } = executeContext(this.store, {
			nodeType,
			credentialType: this.type,
			parameters,
			items,
			continueOnFail: options.continueOnFail,
			typeVersion: options.typeVersion,
		});
		const [output] = (await nodeType.execute!.call(context)) as INodeExecutionData[][];
		return output;
	}

	/** Runs the rig's node (see `node`) over `items` input items; returns its output items. */
	async run(parameters: IDataObject, options: RunOptions = {}): Promise<INodeExecutionData[]> {
		return await this.runNode(this.node(), parameters, options);
	}

	/**
	 * What the editor gets when a resource locator's list opens or is searched: the node's
	 * listSearch `method` with the `filter` typed and the `paginationToken` of the page before.
	 */
	async listSearch(
		method: string,
		filter?: string,
		paginationToken?: string,
		parameters: IDataObject = {},
	): Promise<INodeListSearchResult> {
		const nodeType = this.node();
		const search = nodeType.methods?.listSearch?.[method];
		if (!search) throw new Error(`${nodeType.description.name} has no listSearch "${method}"`);
		const context = loadOptionsContext(
			this.store,
			{ nodeType, credentialType: this.type, parameters },
			`parameters.${method}`,
		);
		return await search.call(context, filter, paginationToken);
	}

	/** Requests the token endpoint saw: sign-ins and refreshes. */
	tokenRequests(): number {
		return this.fake.count('sign-in') + this.fake.count('refresh');
	}

	/** API requests whose token the provider accepted and answered. */
	acceptedApiCalls(): number {
		return this.fake.log.filter(
			(entry) => entry.kind === 'api' && entry.token === 'valid' && entry.status === 200,
		).length;
	}

	/** Every sign-in and refresh from now on gets `fault` (up to `times` of each). */
	failTokenEndpoint(fault: Fault, times = 100): void {
		this.fake.injectFault('sign-in', fault, times);
		this.fake.injectFault('refresh', fault, times);
	}

	/** Marks the stored token as expired, as n8n would hold it once its time has passed. */
	expireStoredToken(): void {
		const stored = this.stored();
		const expiredAt = Date.now() - 1000;
		this.store.save(this.type, {
			...stored,
			tokenIssuedAt: new Date(expiredAt - 3600_000).toISOString(),
			tokenExpiresAt: new Date(expiredAt).toISOString(),
		});
	}

	/** Signs in (through a call) and moves the test clock past that token's expiry (test/harness/clock.ts). */
	async signInAndWaitForExpiry(lifetimeSeconds: number): Promise<void> {
		this.fake.tokenLifetimeSeconds = lifetimeSeconds;
		await this.get();
		await passTokenExpiry(this.stored());
	}
}

/** A token endpoint's status as the token suites compare it: any refusal but 429 as "4xx" (providers refuse with different ones). */
export const statusClass = (status: number) =>
	status >= 400 && status < 500 && status !== 429 ? '4xx' : String(status);

const running: CredentialRig[] = [];

/**
 * One credential of the table against its own fake, with a node that only declares it.
 * Fakes stay up until `stopRigs` (call it in afterAll): a port freed in the middle of a file
 * could be handed to the next fake, and the lifecycle, which remembers tokens and failures per
 * sign-in identity (URL included), would take that fake's credential for the old one.
 */
export class CredentialRig extends ProviderRig {
	static async start(credential: CredentialCase, lifetimeSeconds = 3600): Promise<CredentialRig> {
		const rig = new CredentialRig(credential, credential.createFake(lifetimeSeconds));
		running.push(rig);
		return await rig.started();
	}
}

export async function stopRigs(): Promise<void> {
	await Promise.all(running.splice(0).map(async (rig) => await rig.fake.stop()));
}
