import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';
import type { Reason } from '../../../package/credentials/common/errors';
import { reasonOf } from '../../../package/credentials/common/errors';
import { credentialCases, urlFieldsOf } from '../../harness/credentialCases';
import type { CredentialCase } from '../../harness/credentialCases';
import { CredentialRig, stopRigs } from '../../harness/credentialRig';
import { errorOf } from '../helpers';
import { apiRequest, nodeFor } from './nodeTypes';

/**
 * A request that is going to be refused costs no token call: every check that needs only the
 * credential's fields and the request runs before the token is looked at, so a refused request
 * neither signs in nor spends a (single-use) refresh token, whatever state the token is in.
 */
afterAll(stopRigs);

/**
 * What the credential holds when the request comes: no token yet; a token of other sign-in
 * fields (the API URL was edited since); a valid token; an expired one (with its refresh token,
 * where the provider hands them out).
 */
type State = 'cold' | 'foreign' | 'valid' | 'expired';

/** Where the request comes from. */
type Entry = 'API Request node' | 'httpRequestWithAuthentication' | 'HTTP Request node';

interface Refusal {
	kind: string;
	/** The options n8n's HTTP Request node (the legacy helper) passes. */
	legacy: IDataObject;
	/** The options a node passes to httpRequestWithAuthentication. */
	options: IDataObject;
	/** The API Request node's parameters, where the node can ask for it. */
	node?: (rig: CredentialRig) => IDataObject;
	/** Where the request goes (the credential's own API unless told). */
	url?: (rig: CredentialRig) => string;
	/** Fields the credential holds besides its own (n8n's Allowed Domains). */
	fields?: ICredentialDataDecryptedObject;
	/** What the message names of the refusal (request_refused unless `reason` says otherwise). */
	says: RegExp;
	reason?: Reason;
}

const ELSEWHERE = 'https://attacker.example';
const TLS_OFF = /without checking the server's TLS certificate/;

const refusals: Refusal[] = [
	{
		kind: 'another origin',
		legacy: {},
		options: {},
		url: () => `${ELSEWHERE}/v1/users`,
		node: () => apiRequest(`${ELSEWHERE}/v1/users`),
		says: /to https:\/\/attacker\.example\. This credential only signs requests to http:\/\/(localhost|127)/,
	},
	{
		kind: 'a proxy of its own',
		legacy: { proxy: 'http://127.0.0.1:9' },
		options: { proxy: { host: '127.0.0.1', port: 9 } },
		says: /through a proxy set on this request/,
	},
	{
		kind: 'TLS checks off (rejectUnauthorized, skipSslCertificateValidation)',
		legacy: { rejectUnauthorized: false },
		options: { skipSslCertificateValidation: true },
		says: TLS_OFF,
	},
	{
		kind: 'TLS checks off (strictSSL)',
		legacy: { strictSSL: false },
		options: { strictSSL: false },
		says: TLS_OFF,
	},
	{
		kind: 'TLS checks off in its agent options',
		legacy: { agentOptions: { rejectUnauthorized: 0 } },
		options: { agentOptions: { rejectUnauthorized: false } },
		says: TLS_OFF,
	},
	{
		kind: 'a CA of its own',
		legacy: { agentOptions: { ca: 'CA' } },
		options: { agentOptions: { ca: 'CA' } },
		says: /a certificate authority set on this request/,
	},
	{
		kind: 'a connection option of its own',
		legacy: { agentOptions: { socketPath: '/tmp/elsewhere.sock' } },
		options: { agentOptions: { socketPath: '/tmp/elsewhere.sock' } },
		says: /the connection option "socketPath" set on this request/,
	},
	...['Host', 'X-Forwarded-Host', 'Forwarded'].map(
		(header): Refusal => ({
			kind: `${header.startsWith('X') ? 'an' : 'a'} ${header} header naming another site`,
			legacy: { headers: { [header]: 'attacker.example' } },
			options: { headers: { [header]: 'attacker.example' } },
			node: (rig) => ({
				...apiRequest(rig.credential.apiPath),
				headers: JSON.stringify({ [header]: 'attacker.example' }),
			}),
			says: new RegExp(`with a ${header} header of its own. Remove the ${header} header`),
		}),
	),
	{
		kind: "a host outside the credential's Allowed Domains",
		legacy: {},
		options: {},
		fields: { allowedHttpRequestDomains: 'domains', allowedDomains: 'other.example.com' },
		node: (rig) => apiRequest(rig.credential.apiPath),
		says: /add (localhost|127\.0\.0\.1) to Allowed Domains/,
		reason: 'configuration',
	},
];

/** A rig whose credential is in `state`, its fake's log empty. */
async function rigIn(credential: CredentialCase, state: State): Promise<CredentialRig> {
	const rig = await CredentialRig.start(credential);
	if (state !== 'cold') await rig.get();
	if (state === 'expired') rig.expireStoredToken();
	if (state === 'foreign') {
		// The same server under another name: other sign-in fields, so the token is not theirs.
		const stored = rig.stored();
		const edited = Object.fromEntries(
			urlFieldsOf(stored, rig.url).map((name) => [
				name,
				String(stored[name]).replace('localhost', '127.0.0.1'),
			]),
		);
		rig.url = rig.url.replace('localhost', '127.0.0.1');
		rig.store.save(rig.type, { ...stored, ...edited });
	}
	rig.fake.clearLog();
	return rig;
}

function send(rig: CredentialRig, refusal: Refusal, entry: Entry): Promise<unknown> {
	if (entry === 'API Request node') return rig.runNode(nodeFor(rig.type), refusal.node!(rig));
	if (entry === 'httpRequestWithAuthentication') {
		return rig.get(refusal.url?.(rig), refusal.options);
	}
	return rig.legacyGet(refusal.url?.(rig), refusal.legacy);
}

const cases = credentialCases.flatMap((credential) =>
	refusals.flatMap((refusal) =>
		(['cold', 'foreign', 'valid', 'expired'] as State[]).flatMap((state) =>
			(['API Request node', 'httpRequestWithAuthentication', 'HTTP Request node'] as Entry[])
				.filter((entry) => entry !== 'API Request node' || refusal.node)
				.map((entry) => ({ name: credential.name, credential, refusal, state, entry })),
		),
	),
);

describe.each(cases)(
	'$name, $refusal.kind, $state credential, through the $entry',
	({ credential, refusal, state, entry }) => {
		it('is refused as before, with no token call; the next good request renews as it would have', async () => {
			const rig = await rigIn(credential, state);
			if (refusal.fields) rig.store.save(rig.type, { ...rig.stored(), ...refusal.fields });

			const error = await errorOf(send(rig, refusal, entry));

			expect(reasonOf(error)).toBe(refusal.reason ?? 'request_refused');
			expect(error.message).toMatch(refusal.says);
			const log = () => rig.fake.log.map((entry) => `${entry.kind} ${entry.status}`);
			// n8n itself signs a credential without a token in before it calls `authenticate` with
			// the request (its preAuthentication on an empty token field): that one sign-in is
			// n8n's; nothing more may follow. This package's node checks first.
			const nFirst =
				state === 'cold' && entry !== 'API Request node' && refusal.fields === undefined;
			expect(log()).toEqual(nFirst ? ['sign-in 200'] : []);

			if (refusal.fields) {
				rig.store.save(rig.type, { ...rig.stored(), allowedHttpRequestDomains: 'all' });
			}
			await rig.get();
			const renewal = state === 'valid' ? [] : nFirst ? ['sign-in 200'] : [];
			if (!nFirst && state !== 'valid') {
				renewal.push(
					state === 'expired' && credential.rotatesRefreshTokens ? 'refresh 200' : 'sign-in 200',
				);
			}
			// A refresh token spent by the refused request would be refused here (401).
			expect(log()).toEqual([...renewal, 'api 200']);
		});
	},
);
