import { OurPeople } from '../../package/nodes/OurPeople/OurPeople.node';
import { FakeOurPeople } from '../fakes/ourPeople';
import { caseFor } from '../harness/credentialCases';
import { ProviderRig } from '../harness/credentialRig';

export const TYPE = 'ourPeopleApi';

/**
 * A fake OurPeople on its own port with one API client, and an n8n credential store holding
 * that client. Each fixture has its own API URL and client id, so the lifecycle's in-process
 * token cache never carries a token from one test into another.
 */
export class Fixture extends ProviderRig<FakeOurPeople> {
	private constructor(
		readonly clientId: string,
		readonly secret: string,
	) {
		super(
			{ ...caseFor(TYPE), fields: (url) => ({ apiUrl: url, clientId, clientSecret: secret }) },
			new FakeOurPeople({ clients: [{ id: clientId, secret, name: 'Integration Test' }] }),
		);
	}

	static async start(): Promise<Fixture> {
		const created = this.serial();
		return await new Fixture(`client-${created}`, `Secret-${created}-0123456789`).started();
	}

	protected override node(): OurPeople {
		return new OurPeople();
	}
}
