import type { ExecuteContext } from 'n8n-core';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { OurPeopleApi } from '../../credentials/OurPeopleApi.credentials';
import { OurPeople } from '../../nodes/OurPeople/OurPeople.node';
import { FakeOurPeople } from '../fakes/ourPeople';
import { executeContext, StoredCredentials } from '../harness/n8nCore';

export const TYPE = 'ourPeopleApi';

let created = 0;

/**
 * A fake OurPeople on its own port with one API client, and an n8n credential store holding
 * that client. Each fixture has its own API URL and client id, so the lifecycle's in-process
 * token cache never carries a token from one test into another.
 */
export class Fixture {
	readonly fake: FakeOurPeople;
	readonly credentials = new StoredCredentials({ [TYPE]: new OurPeopleApi() });
	readonly clientId: string;
	readonly secret: string;
	apiUrl = '';

	constructor(clientId?: string) {
		created += 1;
		this.clientId = clientId ?? `client-${created}`;
		this.secret = `Secret-${created}-0123456789`;
		this.fake = new FakeOurPeople({
			clients: [{ id: this.clientId, secret: this.secret, name: 'Integration Test' }],
		});
	}

	static async start(clientId?: string): Promise<Fixture> {
		const fixture = new Fixture(clientId);
		fixture.apiUrl = await fixture.fake.start();
		fixture.save();
		return fixture;
	}

	/** Saves the credential as a user would fill it in, with no token yet. */
	save(fields: IDataObject = {}): void {
		this.credentials.save(TYPE, { apiUrl: this.apiUrl, clientId: this.clientId, clientSecret: this.secret, ...fields });
	}

	/** The credential as n8n has it stored right now. */
	stored(): IDataObject {
		return this.credentials.read(TYPE);
	}

	/** n8n-core's ExecuteContext for an OurPeople node using this credential. */
	context(parameters: IDataObject = {}): ExecuteContext {
		return executeContext(this.credentials, { nodeType: new OurPeople(), credentialType: TYPE, parameters }).context;
	}

	/** Runs the OurPeople node over `items` input items and returns its output items. */
	async run(parameters: IDataObject, options: { items?: number; continueOnFail?: boolean } = {}): Promise<INodeExecutionData[]> {
		const nodeType = new OurPeople();
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

	/** What an n8n node does with `this.helpers.httpRequestWithAuthentication`. */
	async getUsers(context: ExecuteContext = this.context()): Promise<unknown> {
		return await context.helpers.httpRequestWithAuthentication.call(context, TYPE, {
			url: `${this.apiUrl}/v1/users`,
			method: 'GET',
			json: true,
		});
	}

	/** Signs in (through a node call) and waits until that token has expired at the provider. */
	async signInAndWaitForExpiry(lifetimeSeconds: number): Promise<void> {
		this.fake.tokenLifetimeSeconds = lifetimeSeconds;
		await this.getUsers();
		const expiresAt = Date.parse(String(this.stored().tokenExpiresAt));
		expect(expiresAt).toBeGreaterThan(Date.now());
		await sleep(expiresAt - Date.now() + 50);
	}

	/** Refresh requests the provider refused, e.g. a refresh token spent twice. */
	refusedRefreshes(): number {
		return this.fake.log.filter((entry) => entry.kind === 'refresh' && entry.status === 401).length;
	}

	/** API requests whose token the provider accepted. */
	acceptedApiCalls(): number {
		return this.fake.log.filter((entry) => entry.kind === 'api' && entry.token === 'valid' && entry.status === 200).length;
	}
}

export function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, Math.max(ms, 0)));
}

/** The error `promise` rejects with; fails the test when it resolves. */
export async function errorOf(promise: Promise<unknown>): Promise<Error & IDataObject> {
	try {
		await promise;
	} catch (error) {
		return error;
	}
	throw new Error('expected an error, but none was thrown');
}

/** Everything a user could be shown of `value`, as one string. */
export function shown(value: unknown): string {
	const error = value instanceof Error ? { ...value, message: value.message, stack: value.stack } : value;
	return JSON.stringify(error);
}
