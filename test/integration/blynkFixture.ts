import { Blynk } from '../../package/nodes/Blynk/Blynk.node';
import { FakeBlynk } from '../fakes/blynk';
import type { BlynkClient } from '../fakes/blynk';
import { caseFor } from '../harness/credentialCases';
import { ProviderRig } from '../harness/credentialRig';

export const TYPE = 'blynkApi';
export type Mode = 'header' | 'query';

/**
 * A fake Blynk.Cloud on its own port with one OAuth2 client, and an n8n credential store holding
 * that client as a Custom server. Each fixture has its own URL and client id, so the lifecycle's
 * in-process memory never carries a token (or a rejected sign-in) from one test into another.
 */
export class BlynkFixture extends ProviderRig<FakeBlynk> {
	private constructor(
		readonly client: BlynkClient,
		mode: Mode,
	) {
		const fields = (customServer: string) => ({
			server: 'custom',
			customServer,
			clientId: client.id,
			clientSecret: client.secret,
			credentialLocation: mode,
		});
		super({ ...caseFor(TYPE), fields }, new FakeBlynk({ clients: [client] }));
	}

	static async start(mode: Mode = 'header'): Promise<BlynkFixture> {
		const created = this.serial();
		// Characters that URL-, form- and qs-encoding each treat differently.
		const client = {
			id: `oa2-client-id_${created}`,
			secret: `Sec/ret+${created}!~(x) y:z`,
			orgId: 658,
		};
		return await new BlynkFixture(client, mode).started();
	}

	protected override node(): Blynk {
		return new Blynk();
	}

	/** Token endpoint calls as `grant auth status`, e.g. `client_credentials query 200`. */
	tokenCalls(): string[] {
		return this.fake.tokenRequests.map((r) => `${r.grant} ${r.clientAuth} ${r.status}`);
	}
}
