import { asN8nReadsIt } from './helpers';
import { TokenExchangeApi } from '../../package/credentials/TokenExchangeApi.credentials';
import type { Credentials } from '../../package/credentials/common/types';
import { tokenExchange } from '../../package/credentials/providers/tokenExchange';

/**
 * The generic credential means what its form shows: n8n reads a stored credential through the
 * type's properties (credentials-helper: NodeHelpers.getNodeParameters), and the code's
 * fallbacks are the form's defaults.
 */
const { properties } = new TokenExchangeApi();

const filledIn: Credentials = {
	apiUrl: 'https://api.form.example.test/v1',
	signInUrl: 'https://auth.form.example.test/token',
	refreshUrl: 'https://auth.form.example.test/refresh',
	clientId: 'form-client',
	clientSecret: 'form-secret-value',
};

function behaviour(credentials: Credentials) {
	const provider = tokenExchange;
	return {
		signIn: provider.signInRequest(credentials),
		refresh: provider.refreshRequest?.(credentials, 'refresh-value'),
		responseFields: provider.responseFields(credentials),
		sign: provider.sign?.('the-token', credentials),
	};
}

describe('the Token Exchange form', () => {
	it('behaves as its defaults say when only the required fields are filled in', () => {
		const defaults = Object.fromEntries(
			properties
				.filter((property) => property.type !== 'hidden' && property.default !== undefined)
				.map((property) => [property.name, property.default]),
		) as Credentials;
		expect(behaviour(filledIn)).toEqual(behaviour({ ...defaults, ...filledIn }));
	});

	it('keeps every setting the form shows, however the form was left (no toggle drops them)', () => {
		const settings = {
			clientIdField: 'id',
			clientSecretField: 'secret',
			tokenPath: 'data.token',
			refreshFormat: 'json',
			headerName: 'X-Api-Key',
			headerPrefix: '',
		};
		const read = asN8nReadsIt({
			...filledIn,
			advanced: false,
			clientAuthentication: 'body',
			...settings,
		});
		expect(read).toMatchObject(settings);
		expect(behaviour(read).signIn.body).toMatchObject({
			id: 'form-client',
			secret: 'form-secret-value',
		});
		expect(behaviour(read).sign).toEqual({ 'X-Api-Key': 'the-token' });
	});

	it('leaves out only what the form hides because it does not apply (field names for HTTP Basic)', () => {
		const read = asN8nReadsIt({ ...filledIn, clientAuthentication: 'basic', clientIdField: 'id' });
		expect(read.clientIdField).toBeUndefined();
		expect(behaviour(read).signIn.headers).toHaveProperty('Authorization');
	});
});

describe('Sign In With', () => {
	it.each([
		['secret', ['secret', 'secretField'], ['clientId', 'clientSecret', 'username', 'password']],
		[
			'userBasic',
			['username', 'password'],
			['clientId', 'clientSecret', 'secret', 'usernameField'],
		],
		[
			'clientOrUser',
			['clientId', 'clientSecret', 'username', 'password'],
			['secret', 'secretField', 'privateKey'],
		],
		[
			'privateKeyJwt',
			['clientId', 'privateKey', 'jwtAlgorithm', 'jwtThumbprint', 'jwtKeyId', 'jwtAudience'],
			['clientSecret', 'username', 'jwtIssuer', 'secret'],
		],
		['clientSecretJwt', ['clientId', 'clientSecret', 'jwtAudience'], ['privateKey', 'jwtIssuer']],
		[
			'jwtBearer',
			['privateKey', 'jwtIssuer', 'jwtSubject', 'jwtClaims'],
			['clientId', 'clientSecret'],
		],
		['jwtAsBearer', ['privateKey', 'jwtIssuer', 'jwtLifetime'], ['clientId', 'password']],
	])('%s shows the fields it needs and no others', (signInMethod, shown, hidden) => {
		const all = Object.fromEntries(
			[
				'clientId',
				'clientSecret',
				'username',
				'password',
				'secret',
				'secretField',
				'usernameField',
				'privateKey',
				'jwtAlgorithm',
				'jwtIssuer',
				'jwtSubject',
				'jwtAudience',
				'jwtClaims',
				'jwtLifetime',
				'jwtKeyId',
				'jwtThumbprint',
			].map((name) => [name, `stored-${name}`]),
		);
		const read = asN8nReadsIt({ ...filledIn, ...all, signInMethod });
		for (const name of shown) expect([name, read[name]]).toEqual([name, `stored-${name}`]);
		for (const name of hidden) expect([name, read[name]]).toEqual([name, undefined]);
	});
});

describe('Send the Token As', () => {
	it.each([
		['header', ['headerName', 'headerPrefix'], ['queryParameter', 'cookieName']],
		['query', ['queryParameter'], ['headerName', 'headerPrefix', 'cookieName']],
		['cookie', ['cookieName'], ['headerName', 'headerPrefix', 'queryParameter']],
	])('%s shows the fields it needs and no others', (sendAs, shown, hidden) => {
		const all = Object.fromEntries(
			['headerName', 'headerPrefix', 'queryParameter', 'cookieName'].map((name) => [
				name,
				`stored-${name}`,
			]),
		);
		const read = asN8nReadsIt({ ...filledIn, ...all, sendAs });
		for (const name of shown) expect([name, read[name]]).toEqual([name, `stored-${name}`]);
		for (const name of hidden) expect([name, read[name]]).toEqual([name, undefined]);
	});
});
