import type { FakeRequest, Reply } from '../fakeProvider';
import { TokenStyleFake } from './tokenStyleFake';

export const IBM_API_KEY = 'ibm-demo-api-key_0123456789abcdef';

/**
 * IBM Cloud IAM, from "Generating an IBM Cloud IAM token by using an API key"
 * (https://cloud.ibm.com/docs/iam?topic=iam-iamtoken_from_apikey): `POST
 * /identity/token`, form-encoded `grant_type=urn:ibm:params:oauth:grant-type:apikey&apikey=…`,
 * no client id; the answer has `expires_in` and `expiration` (epoch seconds), and
 * `refresh_token: "not_supported"`. The token is a bearer token for IBM Cloud APIs, here the
 * Resource Controller's `GET /v2/resource_instances`.
 */
export class FakeIbmCloudIam extends TokenStyleFake {
	protected readonly signInPath = '/identity/token';
	protected readonly apiPrefix = '/v2/';

	protected signIn(request: FakeRequest): Reply {
		const form = request.contentType === 'application/x-www-form-urlencoded' ? request.body : {};
		if (form?.grant_type !== 'urn:ibm:params:oauth:grant-type:apikey') {
			return {
				kind: 'sign-in',
				status: 400,
				body: {
					errorCode: 'BXNIM0109E',
					errorMessage: 'Property missing or empty. Location: body, property: grant_type',
				},
			};
		}
		if (form.apikey !== IBM_API_KEY) {
			return {
				kind: 'sign-in',
				status: 400,
				body: { errorCode: 'BXNIM0415E', errorMessage: 'Provided API key could not be found.' },
			};
		}
		const { token, expiresAt } = this.newTokenInWholeSeconds('eyJpYm0i.');
		return {
			kind: 'sign-in',
			status: 200,
			body: {
				access_token: token,
				refresh_token: 'not_supported',
				token_type: 'Bearer',
				expires_in: this.tokenLifetimeSeconds,
				expiration: expiresAt / 1000,
				scope: 'ibm openid',
			},
		};
	}

	protected tokenOf(request: FakeRequest): string | undefined {
		const header = request.headers.authorization ?? '';
		return header.startsWith('Bearer ') ? header.slice('Bearer '.length) : undefined;
	}

	protected answer(): unknown {
		return { rows_count: 0, next_url: null, resources: [] };
	}
}
