import { createPublicKey } from 'crypto';
import { reasonOf } from '../../../package/credentials/common/errors';
import type { IDataObject } from 'n8n-workflow';
import { credentialCases, tokenExchangeCase, urlFieldsOf } from '../../harness/credentialCases';
import { recipes } from '../../harness/tokenExchangeRecipes';
import { GITHUB_APP } from '../../fakes/styles/gitHubApp';
import { ENTRA_APP } from '../../fakes/styles/microsoftEntra';
import type { CredentialCase } from '../../harness/credentialCases';
import { CredentialRig, stopRigs } from '../../harness/credentialRig';
import { errorOf } from '../helpers';
import { apiRequest, nodeFor } from './nodeTypes';
import { headlineOf } from '../../harness/headline';
import type { FieldMistake } from '../../providers';

/** Fields filled in wrongly are reported, saying what to enter, before any request is made. */
afterAll(stopRigs);

/** Mistakes any URL field allows; an empty one only where the field is required. */
function urlMistakes(credential: CredentialCase, rig: CredentialRig): FieldMistake[] {
	const required = (name: string) =>
		credential.createType().properties.find((property) => property.name === name)?.required ===
		true;
	return urlFieldsOf(rig.fields(), rig.url).flatMap((name): FieldMistake[] => [
		...(required(name) ? [[name, ' ', /enter the .*, e\.g\. https:\/\//] as FieldMistake] : []),
		[name, 'api.example.com/v1', /"api\.example\.com\/v1" is not a URL; enter it like https:\/\//],
		[name, 'ftp://api.example.com', /must start with https:\/\//],
		[name, 'https://me:pa55@api.example.com', /must not contain a user name or password/],
	]);
}

describe.each(credentialCases)('$name', (credential) => {
	it('reports each malformed field in the Test button and the node, before any request', async () => {
		const rig = await CredentialRig.start(credential);
		const mistakes = [...urlMistakes(credential, rig), ...credential.badInput];
		expect(mistakes.length).toBeGreaterThan(2);

		for (const [name, value, says] of mistakes) {
			rig.save({ [name]: value });
			const errors = [
				await errorOf(rig.pressTest()),
				await errorOf(rig.runNode(nodeFor(rig.type), apiRequest(credential.apiPath))),
			];
			for (const error of errors) {
				expect([name, value, reasonOf(error), error.message]).toEqual([
					name,
					value,
					'configuration',
					expect.stringMatching(says),
				]);
			}
		}
		expect(rig.fake.log).toEqual([]);
	});

	it('works with spaces and line breaks pasted around every text field', async () => {
		const rig = await CredentialRig.start(credential);
		const fields = rig.fields();
		const textFields = credential
			.createType()
			.properties.filter(
				(property) => property.type === 'string' && typeof fields[property.name] === 'string',
			);
		const padded: IDataObject = Object.fromEntries(
			textFields.map(({ name }) => [name, ` ${String(fields[name])} \n`]),
		);
		rig.save(padded);

		await rig.runNode(nodeFor(rig.type), apiRequest(credential.apiPath));

		expect(Object.keys(padded)).toEqual(expect.arrayContaining(['clientId']));
		expect(rig.fake.log.map((entry) => `${entry.kind} ${entry.status}`)).toEqual([
			'sign-in 200',
			'api 200',
		]);
	});

	it('reports a URL that answers with a web page as not the API', async () => {
		const rig = await CredentialRig.start(credential);
		rig.fake.injectFault('sign-in', { type: 'html', status: 404 });

		const error = await errorOf(rig.pressTest());

		expect(reasonOf(error)).toBe('sign_in_rejected');
		expect(error.description).toMatch(
			/^Check the API URL: it answered with a web page, so it is not/,
		);
	});
});

/** The Token Exchange credential set up for one of the recipes of package/README.md. */
const recipeCase = (provider: string) =>
	tokenExchangeCase(recipes.find((recipe) => recipe.provider === provider)!);

describe('Token Exchange: a token or an expiry that is not where the fields say', () => {
	it.each([
		[
			'OpenStack Keystone',
			{ tokenPath: 'X-Auth-Token' },
			/no "X-Auth-Token" header \(its headers: .*x-subject-token/,
		],
		[
			'NetScaler NITRO',
			{ tokenPath: 'SESSID' },
			/no "SESSID" cookie \(its cookies: NITRO_AUTH_TOKEN\)/,
		],
		['Jamf Pro', { answerPart: 'wholeBody' }, /a JSON object or list, not a bare token/],
	])(
		'%s with %p: the Test button names what the answer had, never a value',
		async (provider, change, says) => {
			const rig = await CredentialRig.start(recipeCase(provider));
			rig.save(change);

			const error = await errorOf(rig.pressTest());

			expect(reasonOf(error)).toBe('token_endpoint_unavailable');
			expect(error.message).toMatch(says);
			for (const token of rig.fake.issuedTokens) expect(JSON.stringify(error)).not.toContain(token);
		},
	);

	it.each([
		[
			'the public key',
			() =>
				createPublicKey(ENTRA_APP.privateKeyPem).export({ type: 'spki', format: 'pem' }) as string,
			/holds a public key, not the private key/,
		],
		['half of it', () => ENTRA_APP.privateKeyPem.slice(0, 900), /could not be read .*pasted whole/],
	])(
		'Microsoft Entra ID with %s as the Private Key: refused before any request, never quoted',
		async (_, key, says) => {
			const rig = await CredentialRig.start(recipeCase('Microsoft Entra ID'));
			const pasted = key();
			rig.save({ privateKey: pasted });

			const error = await errorOf(rig.pressTest());

			expect(reasonOf(error)).toBe('configuration');
			expect(error.message).toMatch(says);
			expect(JSON.stringify(error)).not.toContain(pasted.split('\n')[2]);
			expect(rig.fake.log).toEqual([]);
		},
	);

	it('reports a JWT the API refuses in its words, never showing the key or the JWT (GitHub App)', async () => {
		const rig = await CredentialRig.start(recipeCase('GitHub App'));
		rig.save({ jwtIssuer: '654321' });

		const error = await errorOf(rig.pressTest());

		expect(reasonOf(error)).toBe('sign_in_rejected');
		expect(headlineOf(error)).toMatch(/: A JSON web token could not be decoded$/);
		expect(JSON.stringify(error)).not.toContain(GITHUB_APP.privateKeyPem.split('\n')[2]);
	});

	it('reads an expiry the answer gives as a date to the millisecond (Jamf Pro)', async () => {
		const rig = await CredentialRig.start(recipeCase('Jamf Pro'), 600);

		await rig.pressTest();

		const answered = rig.fake.log.find((entry) => entry.kind === 'sign-in');
		const stored = Date.parse(String(rig.stored().tokenExpiresAt));
		// The fake's tokens live 600 s from its answer (before, a date there was ignored). The
		// answer's Date header, which places the date on our clock, counts whole seconds.
		expect(stored - answered!.at).toBeGreaterThan(599_000);
		expect(stored - answered!.at).toBeLessThan(601_000);
	});
});
