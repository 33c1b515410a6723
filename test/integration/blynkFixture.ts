import type { ExecuteContext } from 'n8n-core';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { BlynkApi } from '../../credentials/BlynkApi.credentials';
import { Blynk } from '../../nodes/Blynk/Blynk.node';
import { FakeBlynk } from '../fakes/blynk';
import type { BlynkClient } from '../fakes/blynk';
import { executeContext, StoredCredentials } from '../harness/n8nCore';
import { sleep } from './ourPeopleFixture';

export const TYPE = 'blynkApi';
export type Mode = 'header' | 'query';

let created = 0;

/**
 * A fake Blynk.Cloud on its own port with one OAuth2 client, and an n8n credential store holding
 * that client as a Custom server. Each fixture has its own URL and client id, so the lifecycle's
 * in-process memory never carries a token (or a rejected sign-in) from one test into another.
 */
export class BlynkFixture {
	readonly fake: FakeBlynk;
	readonly credentials = new StoredCredentials({ [TYPE]: new BlynkApi() });
	readonly client: BlynkClient;
	url = '';

	private constructor(
		readonly mode: Mode,
		options: { deviceCount?: number; userCount?: number },
	) {
		created += 1;
		// Characters that URL-, form- and qs-encoding each treat differently.
		this.client = { id: `oa2-client-id_${created}`, secret: `Sec/ret+${created}!~(x) y:z`, orgId: 658 };
		this.fake = new FakeBlynk({ clients: [this.client], ...options });
	}

	static async start(mode: Mode = 'header', options: { deviceCount?: number; userCount?: number } = {}): Promise<BlynkFixture> {
		const fixture = new BlynkFixture(mode, options);
		fixture.url = await fixture.fake.start();
		fixture.save();
		return fixture;
	}

	/** Saves the credential as a user would fill it in, with no token yet. */
	save(fields: IDataObject = {}): void {
		this.credentials.save(TYPE, {
			server: 'custom',
			customServer: this.url,
			clientId: this.client.id,
			clientSecret: this.client.secret,
			credentialLocation: this.mode,
			...fields,
		});
	}

	stored(): IDataObject {
		return this.credentials.read(TYPE);
	}

	context(): ExecuteContext {
		return executeContext(this.credentials, { nodeType: new Blynk(), credentialType: TYPE, parameters: {} }).context;
	}

	async run(parameters: IDataObject, options: { items?: number; continueOnFail?: boolean } = {}): Promise<INodeExecutionData[]> {
		const nodeType = new Blynk();
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
	async getProfile(context: ExecuteContext = this.context()): Promise<IDataObject> {
		return (await context.helpers.httpRequestWithAuthentication.call(context, TYPE, {
			url: `${this.url}/api/v1/organization/profile`,
			method: 'GET',
			json: true,
		})) as IDataObject;
	}

	/** Signs in and waits until that token has expired at the provider. */
	async signInAndWaitForExpiry(lifetimeSeconds: number): Promise<void> {
		this.fake.tokenLifetimeSeconds = lifetimeSeconds;
		await this.getProfile();
		const expiresAt = Date.parse(String(this.stored().tokenExpiresAt));
		expect(expiresAt).toBeGreaterThan(Date.now());
		await sleep(expiresAt - Date.now() + 50);
	}

	/** Token endpoint calls as `grant auth status`, e.g. `client_credentials query 200`. */
	tokenCalls(): string[] {
		return this.fake.tokenRequests.map((r) => `${r.grant} ${r.clientAuth} ${r.status}`);
	}

	acceptedApiCalls(): number {
		return this.fake.log.filter((entry) => entry.kind === 'api' && entry.token === 'valid' && entry.status === 200).length;
	}
}
