import type { FakeProvider } from '../fakes/fakeProvider';
import type { Reason } from '../../package/credentials/common/errors';

/**
 * What the real-n8n suite (test/e2e/providers.test.ts) checks of one provider beyond what its
 * `demo` and `recipe` tell: the fixture's `e2e` entry. Without one, the provider's demo
 * credential is run and tested, and only the failures every provider shares are checked.
 */
export interface ProviderE2e {
	/** The fake, with the accounts the credentials below sign in with (default: the demo's). */
	createFake?(lifetimeSeconds: number): FakeProvider;
	/**
	 * Ways to fill in the credential, each run in the workflow and through the Test button
	 * (default: the demo credential). Failures change fields of the first.
	 */
	credentials?: E2eCredential[];
	/** Credentials filled in wrongly: each fails in a run and behind the Test button. */
	failures?: E2eFailure[];
}

export interface E2eCredential {
	label: string;
	/** The fields, for a fake at `url`. */
	fields(url: string): Record<string, unknown>;
	/** Whether the client id and secret go in an Authorization header at sign-in (else in the body or query). */
	basicAuth?: boolean;
	/** What User Info puts out, beyond the provider's name and the token's expiry. */
	whoAmI?: Record<string, unknown>;
	/** The API calls one run of its branch makes: n8n's HTTP Request node's 10 and the node's. */
	apiCalls?: number;
	/** What the list operation of the provider's node puts out: how many records, or their names. */
	listed?: number | string[];
	/** What the Test button says instead of OK, having made only the token call. */
	testSays?: RegExp;
	/** The path n8n's HTTP Request node, the node's API Request and the Test button call (default: the demo's `apiPath`). */
	apiPath?: string;
}

export interface E2eFailure {
	label: string;
	/** Fields changed from the first credential's, or with `tokenExchange` from the recipe's. */
	fields: Record<string, unknown>;
	/** A mistake in the Token Exchange credential filled in with the provider's recipe. */
	tokenExchange?: boolean;
	/** What the failed item's error says, and the Test button's message. */
	says: RegExp;
	reason: Reason;
	/** The requests the fake answered in the run, as `kind status` (e.g. `sign-in 401`). */
	seen: string[];
	/** When the Test button says something else than the run, and what the fake then answered. */
	test?: { says: RegExp; seen: string[] };
}
