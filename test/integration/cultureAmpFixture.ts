import { CultureAmp } from '../../package/nodes/CultureAmp/CultureAmp.node';
import { CULTURE_AMP_ENTITY_ID, FakeCultureAmp } from '../fakes/cultureAmp';
import { caseFor } from '../harness/credentialCases';
import { ProviderRig } from '../harness/credentialRig';

export const TYPE = 'cultureAmpApi';

const PERMISSIONS = ['employees-read', 'performance-evaluations-read'];

/**
 * A fake Culture Amp on its own port with one API client (its own id, so the lifecycle's
 * in-process token cache never carries a token from one test into another), and an n8n
 * credential store holding that client.
 */
export class CultureAmpFixture extends ProviderRig<FakeCultureAmp> {
	private constructor(
		readonly clientId: string,
		readonly secret: string,
		granted: string[],
	) {
		const fields = (baseUrl: string) => ({
			baseUrl,
			clientId,
			clientSecret: secret,
			entityId: CULTURE_AMP_ENTITY_ID,
			permissions: PERMISSIONS,
			credentialLocation: 'body',
		});
		super(
			{ ...caseFor(TYPE), fields },
			new FakeCultureAmp({ clients: [{ id: clientId, secret, permissions: granted }] }),
		);
	}

	/** `granted`: the permissions Culture Amp gives the client. */
	static async start(options: { granted?: string[] } = {}): Promise<CultureAmpFixture> {
		const created = this.serial();
		const fixture = new CultureAmpFixture(
			`ca-client-${created}`,
			`Ca-Secret-${created}-0123456789`,
			options.granted ?? PERMISSIONS,
		);
		return await fixture.started();
	}

	protected override node(): CultureAmp {
		return new CultureAmp();
	}
}
