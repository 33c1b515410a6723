import type { ExecuteContext } from 'n8n-core';
import type { ICredentialDataDecryptedObject, IDataObject, INode, INodeExecutionData, INodeType } from 'n8n-workflow';
import type { Fault, FakeProvider } from '../fakes/fakeProvider';
import type { CredentialCase } from './credentialCases';
import { executeContext, StoredCredentials } from './n8nCore';

/** n8n's credential modal runs preAuthentication with this mock node when "Test" is pressed. */
export const TEST_BUTTON_NODE = { type: 'n8n-nodes-base.noOp', parameters: { temp: '' } } as unknown as INode;

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

const running: CredentialRig[] = [];

/**
 * One credential of the table against its own fake, through n8n-core's request helpers.
 * Fakes stay up until `stopRigs` (call it in afterAll): a port freed in the middle of a file
 * could be handed to the next fake, and the lifecycle, which remembers tokens and failures per
 * sign-in identity (URL included), would take that fake's credential for the old one.
 */
export class CredentialRig {
	readonly fake: FakeProvider;
	readonly store: StoredCredentials;
	readonly type: string;
	url = '';

	private constructor(readonly credential: CredentialCase, lifetimeSeconds: number) {
		this.fake = credential.createFake(lifetimeSeconds);
		this.type = credential.credentialType;
		this.store = new StoredCredentials({ [this.type]: credential.createType() });
	}

	static async start(credential: CredentialCase, lifetimeSeconds = 3600): Promise<CredentialRig> {
		const rig = new CredentialRig(credential, lifetimeSeconds);
		running.push(rig);
		rig.url = await rig.fake.start();
		rig.save();
		return rig;
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

	context(nodeType: INodeType = declaringNode(this.type)): ExecuteContext {
		return executeContext(this.store, { nodeType, credentialType: this.type, parameters: {} }).context;
	}

	/** What a node does with `this.helpers.httpRequestWithAuthentication`. */
	async get(url = `${this.url}${this.credential.apiPath}`): Promise<unknown> {
		const context = this.context();
		return await context.helpers.httpRequestWithAuthentication.call(context, this.type, { url, method: 'GET', json: true });
	}

	/** What n8n's HTTP Request node does: the legacy helper, which renews after any error. */
	async legacyGet(uri = `${this.url}${this.credential.apiPath}`): Promise<unknown> {
		const context = this.context();
		return await context.helpers.requestWithAuthentication.call(context, this.type, { uri, method: 'GET', json: true });
	}

	/** The credential modal's Test button, up to the point where it can fail: preAuthentication. */
	async pressTest(): Promise<unknown> {
		const context = this.context();
		return await this.store.preAuthentication({ helpers: context.helpers }, this.stored(), this.type, TEST_BUTTON_NODE, false);
	}

	/** Runs `nodeType` over `items` input items; returns its output items. */
	async runNode(
		nodeType: INodeType,
		parameters: IDataObject,
		options: { items?: number; continueOnFail?: boolean } = {},
	): Promise<INodeExecutionData[]> {
		const items = Array.from({ length: options.items ?? 1 }, (_, index) => ({ json: { index } }));
		const { context } = executeContext(this.store, {
			nodeType,
			credentialType: this.type,
			parameters,
			items,
			continueOnFail: options.continueOnFail,
		});
		const [output] = (await nodeType.execute!.call(context)) as INodeExecutionData[][];
		return output;
	}

	/** Requests the token endpoint saw: sign-ins and refreshes. */
	tokenRequests(): number {
		return this.fake.count('sign-in') + this.fake.count('refresh');
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
}

export async function stopRigs(): Promise<void> {
	await Promise.all(running.splice(0).map(async (rig) => await rig.fake.stop()));
}
