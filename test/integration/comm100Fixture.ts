import { Comm100 } from '../../package/nodes/Comm100/Comm100.node';
import { FakeComm100 } from '../fakes/comm100';
import type { Comm100Agent } from '../fakes/comm100';
import { caseFor } from '../harness/credentialCases';
import { ProviderRig } from '../harness/credentialRig';

export const TYPE = 'comm100Api';

/** A password with every character that URL and form encoding change. */
export const TRICKY_PASSWORD = 'Pa55 w&rd=+%/~!(x)';

/**
 * A fake Comm100 on its own port with one working agent and one locked agent, and an n8n
 * credential store holding the working one. Each fixture has its own host, so the lifecycle's
 * in-process memory never carries a token or a rejection from one test into another.
 */
export class Comm100Fixture extends ProviderRig<FakeComm100> {
	private constructor(
		readonly agent: Comm100Agent,
		readonly locked: Comm100Agent,
	) {
		const fields = (baseUrl: string) => ({
			baseUrl,
			partnerId: agent.partnerId,
			clientId: agent.clientIds[0],
			email: agent.email,
			password: agent.password,
		});
		super({ ...caseFor(TYPE), fields }, new FakeComm100({ agents: [agent, locked] }));
	}

	static async start(): Promise<Comm100Fixture> {
		const created = this.serial();
		const agent: Comm100Agent = {
			partnerId: `${20000 + created}`,
			clientIds: [`client-${created}`],
			email: `agent${created}@company.test`,
			password: `${TRICKY_PASSWORD}${created}`,
			agentId: `agent-${created}`,
			siteId: 10115,
			role: 'AGENT',
		};
		const locked = {
			...agent,
			email: `locked${created}@company.test`,
			agentId: `locked-${created}`,
			locked: true,
		};
		return await new Comm100Fixture(agent, locked).started();
	}

	protected override node(): Comm100 {
		return new Comm100();
	}

	/** Every form in which the password could leak: as typed, URL-encoded, form-encoded. */
	passwordForms(password = this.agent.password): string[] {
		return [
			password,
			encodeURIComponent(password),
			new URLSearchParams({ p: password }).toString().slice(2),
		];
	}
}
