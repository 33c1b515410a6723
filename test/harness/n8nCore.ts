import { ExecuteContext, LoadOptionsContext } from 'n8n-core';
import {
	createEmptyRunExecutionData,
	ICredentialsHelper,
	NodeHelpers,
	Workflow,
} from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	ICredentialsExpressionResolveValues,
	IDataObject,
	IExecuteData,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeExecutionData,
	INodeType,
	INodeTypes,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';

/**
 * Stands in for n8n's database-backed CredentialsHelper (packages/cli credentials-helper.js,
 * 2.41.1), following it where it matters to these hooks: data is read afresh (a copy) on every
 * getDecrypted; preAuthentication runs only when the `expirable` field is empty, the caller
 * says the credential expired, or this is the Test button; the hook gets only `httpRequest`;
 * its output is persisted when it contains the expirable field.
 */
export class StoredCredentials extends ICredentialsHelper {
	readonly store = new Map<string, ICredentialDataDecryptedObject>();
	preAuthenticationCalls = 0;

	constructor(private readonly types: Record<string, ICredentialType>) {
		super();
	}

	save(type: string, data: ICredentialDataDecryptedObject): void {
		const properties = this.types[type].properties;
		const defaults = Object.fromEntries(properties.map((p) => [p.name, p.default])) as IDataObject;
		this.store.set(type, { ...defaults, ...data } as ICredentialDataDecryptedObject);
	}

	/** A new copy each time, as n8n decrypts and parses the stored credential for each use. */
	read(type: string): ICredentialDataDecryptedObject {
		return structuredClone(this.store.get(type)!);
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async runPreAuthentication(): Promise<undefined> {
		throw new Error('not used by these tests');
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const authenticate = this.types[typeName].authenticate;
		if (typeof authenticate !== 'function')
			throw new Error('harness supports function authenticate only');
		return await authenticate(credentials, requestOptions);
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = this.types[typeName];
		const expirable = type.properties.find(
			(p) => p.type === 'hidden' && p.typeOptions?.expirable === true,
		);
		if (!expirable || typeof type.preAuthentication !== 'function') return undefined;
		const isTest = node?.parameters?.temp === '' && node?.type === 'n8n-nodes-base.noOp';
		if (credentials[expirable.name] !== '' && !credentialsExpired && !isTest) return undefined;
		this.preAuthenticationCalls++;
		const output = await type.preAuthentication.call(
			{ helpers: { httpRequest: helpers.helpers.httpRequest } },
			credentials,
		);
		if (output[expirable.name] === undefined) return undefined;
		this.store.set(typeName, {
			...this.store.get(typeName)!,
			...output,
		} as ICredentialDataDecryptedObject);
		return Object.assign(credentials, output);
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		_mode?: WorkflowExecuteMode,
		_executeData?: IExecuteData,
		_raw?: boolean,
		_expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		return this.read(type);
	}

	async getCredentials(): Promise<never> {
		throw new Error('not used by these tests');
	}

	getCredentialsProperties(type: string) {
		return this.types[type].properties;
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}
}

export interface NodeRun {
	nodeType: INodeType;
	credentialType: string;
	parameters: IDataObject;
	items?: INodeExecutionData[];
	continueOnFail?: boolean;
	/** The node's version in the workflow; the one a new node gets unless told. */
	typeVersion?: number;
}

/** The version n8n gives a node added to a workflow now. */
function newestVersion(nodeType: INodeType): number {
	const { version, defaultVersion } = nodeType.description;
	return defaultVersion ?? (Array.isArray(version) ? Math.max(...version) : version);
}

/** A workflow of `node` alone; `staticData` is what n8n loaded from its database. */
export function oneNodeWorkflow(
	node: INode,
	nodeType: INodeType,
	staticData?: IDataObject,
): Workflow {
	const nodeTypes: INodeTypes = {
		getByName: () => nodeType,
		getByNameAndVersion: () => nodeType,
		getKnownTypes: () => ({}),
	};
	return new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes, staticData });
}

export function additionalDataFor(
	credentials: StoredCredentials,
	currentNodeParameters?: IDataObject,
): IWorkflowExecuteAdditionalData {
	return {
		credentialsHelper: credentials,
		hooks: undefined,
		restApiUrl: '',
		instanceBaseUrl: '',
		formWaitingBaseUrl: '',
		webhookBaseUrl: '',
		webhookWaitingBaseUrl: '',
		webhookTestBaseUrl: '',
		currentNodeParameters,
		executionTimeoutTimestamp: undefined,
		userId: 'user-1',
		variables: {},
	} as unknown as IWorkflowExecuteAdditionalData;
}

/**
 * The context n8n gives a listSearch method when the editor opens a resource locator's list
 * (DynamicNodeParametersService.getResourceLocatorResults, 2.41.1): a one-node workflow with
 * the editor's current parameters and the node's credential.
 */
export function loadOptionsContext(
	credentials: StoredCredentials,
	run: Pick<NodeRun, 'nodeType' | 'credentialType' | 'parameters'>,
	path: string,
): LoadOptionsContext {
	const node: INode = {
		id: 'uuid-1234',
		name: 'Temp-Node',
		type: `n8n-nodes-token-auth.${run.nodeType.description.name}`,
		typeVersion: newestVersion(run.nodeType),
		position: [0, 0],
		parameters: run.parameters as never,
		credentials: { [run.credentialType]: { id: 'cred-1', name: 'test credential' } },
	};
	return new LoadOptionsContext(
		oneNodeWorkflow(node, run.nodeType),
		node,
		additionalDataFor(credentials, run.parameters),
		path,
	);
}

/** The node of `run` as a one-node workflow holds it, its parameters resolved with their defaults. */
export function workflowNode(
	run: Pick<
		NodeRun,
		'nodeType' | 'credentialType' | 'parameters' | 'continueOnFail' | 'typeVersion'
	>,
): INode {
	const node: INode = {
		id: 'node-1',
		name: run.nodeType.description.displayName,
		type: `n8n-nodes-token-auth.${run.nodeType.description.name}`,
		typeVersion: run.typeVersion ?? newestVersion(run.nodeType),
		position: [0, 0],
		parameters: {},
		credentials: { [run.credentialType]: { id: 'cred-1', name: 'test credential' } },
		continueOnFail: run.continueOnFail,
	};
	node.parameters = NodeHelpers.getNodeParameters(
		run.nodeType.description.properties,
		run.parameters as never,
		true,
		false,
		node,
		run.nodeType.description,
	) as never;
	return node;
}

/** n8n-core's own ExecuteContext for one node, with our credential store behind it. */
export function executeContext(
	credentials: StoredCredentials,
	run: NodeRun,
): { context: ExecuteContext; node: INode } {
	const node = workflowNode(run);
	const workflow = oneNodeWorkflow(node, run.nodeType);
	const items = run.items ?? [{ json: {} }];
	const context = new ExecuteContext(
		workflow,
		node,
		additionalDataFor(credentials),
		'manual',
		createEmptyRunExecutionData(),
		0,
		items,
		{ main: [items] },
		{ node, data: { main: [items] }, source: null },
		[],
	);
	return { context, node };
}

export async function runNode(
	credentials: StoredCredentials,
	run: NodeRun,
): Promise<IDataObject[]> {
	const { context } = executeContext(credentials, run);
	const [output] = (await run.nodeType.execute!.call(context)) as INodeExecutionData[][];
	return output.map((item) => item.json);
}
