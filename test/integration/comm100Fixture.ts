import type { ExecuteContext } from 'n8n-core';
import type { IDataObject, INode, INodeExecutionData } from 'n8n-workflow';
import { Comm100Api } from '../../credentials/Comm100Api.credentials';
import { Comm100 } from '../../nodes/Comm100/Comm100.node';
import { FakeComm100 } from '../fakes/comm100';
import type { Comm100Agent } from '../fakes/comm100';
import { executeContext, StoredCredentials } from '../harness/n8nCore';
import { sleep } from './ourPeopleFixture';

export const TYPE = 'comm100Api';

/** A password with every character that URL and form encoding change. */
export const TRICKY_PASSWORD = 'Pa55 w&rd=+%/~!(x)';

let created = 0;

/**
 * A fake Comm100 on its own port with one working agent and one locked agent, and an n8n
 * credential store holding the working one. Each fixture has its own host, so the lifecycle's
 * in-process memory never carries a token or a rejection from one test into another.
 */
export class Comm100Fixture {
	readonly fake: FakeComm100;
	readonly credentials = new StoredCredentials({ [TYPE]: new Comm100Api() });
	readonly agent: Comm100Agent;
	readonly locked: Comm100Agent;
	baseUrl = '';

	constructor() {
		created += 1;
		this.agent = {
			partnerId: `${20000 + created}`,
			clientIds: [`client-${created}`],
			email: `agent${created}@company.test`,
			password: `${TRICKY_PASSWORD}${created}`,
			agentId: `agent-${created}`,
			siteId: 10115,
			role: 'AGENT',
		};
		this.locked = { ...this.agent, email: `locked${created}@company.test`, agentId: `locked-${created}`, locked: true };
		this.fake = new FakeComm100({ agents: [this.agent, this.locked] });
	}

	static async start(): Promise<Comm100Fixture> {
		const fixture = new Comm100Fixture();
		fixture.baseUrl = await fixture.fake.start();
		fixture.save();
		return fixture;
	}

	/** Saves the credential as a user would fill it in, with no token yet. */
	save(fields: IDataObject = {}): void {
		this.credentials.save(TYPE, {
			baseUrl: this.baseUrl,
			partnerId: this.agent.partnerId,
			clientId: this.agent.clientIds[0],
			email: this.agent.email,
			password: this.agent.password,
			...fields,
		});
	}

	stored(): IDataObject {
		return this.credentials.read(TYPE);
	}

	context(parameters: IDataObject = {}): ExecuteContext {
		return executeContext(this.credentials, { nodeType: new Comm100(), credentialType: TYPE, parameters }).context;
	}

	/** Runs the Comm100 node over `items` input items and returns its output items. */
	async run(parameters: IDataObject, options: { items?: number; continueOnFail?: boolean } = {}): Promise<INodeExecutionData[]> {
		const nodeType = new Comm100();
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
	async getUserInfo(context: ExecuteContext = this.context()): Promise<unknown> {
		return await context.helpers.httpRequestWithAuthentication.call(context, TYPE, {
			url: `${this.baseUrl}/oauth/userinfo`,
			method: 'GET',
			json: true,
		});
	}

	/** The credential modal's Test button: preAuthentication with n8n's mock node. */
	async pressTest(): Promise<IDataObject | undefined> {
		const testButtonNode = { type: 'n8n-nodes-base.noOp', parameters: { temp: '' } } as unknown as INode;
		return await this.credentials.preAuthentication(
			{ helpers: this.context().helpers },
			this.credentials.read(TYPE),
			TYPE,
			testButtonNode,
			false,
		);
	}

	/** Signs in (through a call) and waits until that token has expired at Comm100. */
	async signInAndWaitForExpiry(lifetimeSeconds: number): Promise<void> {
		this.fake.tokenLifetimeSeconds = lifetimeSeconds;
		await this.getUserInfo();
		const expiresAt = Date.parse(String(this.stored().tokenExpiresAt));
		expect(expiresAt).toBeGreaterThan(Date.now());
		await sleep(expiresAt - Date.now() + 50);
	}

	/** Every form in which the password could leak: as typed, URL-encoded, form-encoded. */
	passwordForms(password = this.agent.password): string[] {
		return [password, encodeURIComponent(password), new URLSearchParams({ p: password }).toString().slice(2)];
	}

	/** API requests whose token Comm100 accepted. */
	acceptedApiCalls(): number {
		return this.fake.log.filter((entry) => entry.kind === 'api' && entry.token === 'valid' && entry.status === 200).length;
	}
}
