import { NodeHelpers } from 'n8n-workflow';
import type {
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INodeParameters,
} from 'n8n-workflow';
import { TokenExchangeApi } from '../../package/credentials/TokenExchangeApi.credentials';
import type { Credentials } from '../../package/credentials/common/types';

export { errorOf } from '../harness/errorOf';
export { shown } from '../harness/leaks';

/** An unsigned JWT carrying `claims`; the lifecycle only decodes, never verifies. */
export function jwt(claims: IDataObject): string {
	const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
	return `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}.c2lnbmF0dXJl`;
}

export const seconds = (ms: number) => Math.floor(ms / 1000);

/** A JWT issued now that lives `lifetime` seconds (or already expired, when negative). */
export function tokenLiving(lifetime: number, extra: IDataObject = {}): string {
	const iat = seconds(Date.now());
	return jwt({ sub: 'client', iat, exp: iat + lifetime, ...extra });
}

let counter = 0;

/** Credentials no other test shares, so the lifecycle's per-identity cache stays separate. */
export function uniqueCredentials(extra: Credentials = {}): Credentials {
	counter += 1;
	return {
		apiUrl: `https://acct${counter}.example-api.test`,
		clientId: `client-${counter}`,
		clientSecret: `Sup3r-Secret-Value-${counter}`,
		...extra,
	};
}

export type Reply =
	| { statusCode: number; body?: unknown; headers?: IDataObject }
	| { throws: unknown };

/** A stand-in for n8n's request helper: answers with `replies` in order, records every call. */
export function fakeHttp(...replies: Reply[]) {
	const calls: IHttpRequestOptions[] = [];
	const http = {
		helpers: {
			httpRequest: async (options: IHttpRequestOptions) => {
				calls.push(options);
				await new Promise((resolve) => setImmediate(resolve));
				const reply = replies.shift();
				if (!reply) throw new Error(`unexpected request ${options.method} ${options.url}`);
				if ('throws' in reply) throw reply.throws;
				return { headers: {}, ...reply };
			},
		},
	} as unknown as IHttpRequestHelper;
	return { http, calls };
}

/** The Token Exchange credential as n8n hands it to the hooks after reading `stored` from its database. */
export const asN8nReadsIt = (stored: Credentials) =>
	NodeHelpers.getNodeParameters(
		new TokenExchangeApi().properties,
		stored as INodeParameters,
		true,
		false,
		null,
		null,
	) as Credentials;
