import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
} from 'n8n-workflow';
import { valueAt } from '../../package/credentials/common/fields';
import { tokenStateProperties } from '../../package/credentials/common/storedTokens';
import type { TokenProvider } from '../../package/credentials/common/types';

/**
 * The same credential built the way n8n's own preAuthentication credentials are (e.g.
 * Metabase): `preAuthentication` signs in and returns the token, nothing knows when it
 * expires, nothing is shared between concurrent calls; n8n renews only after a request has
 * failed with 401. The benchmark's baseline.
 */
export function reactiveBaseline(type: ICredentialType, provider: TokenProvider): ICredentialType {
	const ours = new Set(tokenStateProperties.map((property) => property.name));
	return {
		name: type.name,
		displayName: `${type.displayName} (reactive baseline)`,
		properties: [
			...type.properties.filter((property) => !ours.has(property.name)),
			{
				displayName: 'Session Token',
				name: 'sessionToken',
				type: 'hidden',
				typeOptions: { expirable: true },
				default: '',
			},
		],
		async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
			const answer = (await this.helpers.httpRequest({
				...provider.signInRequest(credentials),
				json: true,
			})) as IDataObject;
			return {
				sessionToken: String(valueAt(answer, provider.responseFields(credentials).accessToken)),
			};
		},
		async authenticate(credentials: ICredentialDataDecryptedObject, options: IHttpRequestOptions) {
			return {
				...options,
				headers: {
					...options.headers,
					Authorization: `Bearer ${String(credentials.sessionToken)}`,
				},
			};
		},
	};
}
