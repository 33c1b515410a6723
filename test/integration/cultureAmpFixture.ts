import type { ExecuteContext } from 'n8n-core';
import type { ICredentialDataDecryptedObject, IDataObject, INode, INodeExecutionData } from 'n8n-workflow';
import { CultureAmpApi } from '../../credentials/CultureAmpApi.credentials';
import { CultureAmp } from '../../nodes/CultureAmp/CultureAmp.node';
import { CULTURE_AMP_ENTITY_ID, FakeCultureAmp } from '../fakes/cultureAmp';
import { executeContext, StoredCredentials } from '../harness/n8nCore';

export const TYPE = 'cultureAmpApi';

let created = 0;

/**
 * A fake Culture Amp on its own port with one API client (its own id, so the lifecycle's
 * in-process token cache never carries a token from one test into another), and an n8n
 * credential store holding that client.
 */
export class CultureAmpFixture {
	readonly fake: FakeCultureAmp;
	readonly credentials = new StoredCredentials({ [TYPE]: new CultureAmpApi() });
	readonly clientId: string;
	readonly secret: string;
	apiUrl = '';

	constructor(options: { granted?: string[]; tokenLifetimeSeconds?: number } = {}) {
		created += 1;
		this.clientId = `ca-client-${created}`;
		this.secret = `Ca-Secret-${created}-0123456789`;
		this.fake = new FakeCultureAmp({
			tokenLifetimeSeconds: options.tokenLifetimeSeconds,
			clients: [
				{
					id: this.clientId,
					secret: this.secret,
					permissions: options.granted ?? ['employees-read', 'performance-evaluations-read'],
				},
			],
		});
	}

	static async start(options?: ConstructorParameters<typeof CultureAmpFixture>[0]): Promise<CultureAmpFixture> {
		const fixture = new CultureAmpFixture(options);
		fixture.apiUrl = await fixture.fake.start();
		fixture.save();
		return fixture;
	}

	/** Saves the credential as a user would fill it in, with no token yet. */
	save(fields: IDataObject = {}): void {
		this.credentials.save(TYPE, {
			baseUrl: this.apiUrl,
			clientId: this.clientId,
			clientSecret: this.secret,
			entityId: CULTURE_AMP_ENTITY_ID,
			permissions: ['employees-read', 'performance-evaluations-read'],
			credentialLocation: 'body',
			...fields,
		});
	}

	stored(): ICredentialDataDecryptedObject {
		return this.credentials.read(TYPE);
	}

	context(): ExecuteContext {
		return executeContext(this.credentials, { nodeType: new CultureAmp(), credentialType: TYPE, parameters: {} }).context;
	}

	/** Runs the Culture Amp node over `items` input items and returns its output items. */
	async run(parameters: IDataObject, options: { items?: number; continueOnFail?: boolean } = {}): Promise<INodeExecutionData[]> {
		const nodeType = new CultureAmp();
		const items = Array.from({ length: options.items ?? 1 }, (_, index) => ({ json: { index } }));
		const { context } = executeContext(this.credentials, {
			nodeType,
			credentialType: TYPE,
			parameters,
			items,
			continueOnFail: options.continueOnFail,
		});
		const [output] = await nodeType.execute.call(context);
		return output;
	}

	/** What any n8n node does with `this.helpers.httpRequestWithAuthentication`. */
	async getEmployees(context: ExecuteContext = this.context()): Promise<unknown> {
		return await context.helpers.httpRequestWithAuthentication.call(context, TYPE, {
			url: `${this.apiUrl}/v1/employees`,
			method: 'GET',
			json: true,
		});
	}

	/** n8n's credential modal runs preAuthentication with this mock node when "Test" is pressed. */
	async pressTest(): Promise<IDataObject | undefined> {
		const testButton = { type: 'n8n-nodes-base.noOp', parameters: { temp: '' } } as unknown as INode;
		const context = this.context();
		return await this.credentials.preAuthentication({ helpers: context.helpers }, this.stored(), TYPE, testButton, false);
	}

	/** API requests whose token the provider accepted and answered. */
	acceptedApiCalls(): number {
		return this.fake.log.filter((entry) => entry.kind === 'api' && entry.token === 'valid' && entry.status === 200).length;
	}
}
