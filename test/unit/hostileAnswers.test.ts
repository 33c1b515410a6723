import type { IDataObject } from 'n8n-workflow';
import { reasonOf } from '../../package/credentials/common/errors';
import { obtainToken } from '../../package/credentials/common/lifecycle';
import type { Credentials } from '../../package/credentials/common/types';
import { blynk } from '../../package/credentials/providers/blynk';
import { ourPeople } from '../../package/credentials/providers/ourPeople';
import { errorOf, fakeHttp, jwt, seconds, uniqueCredentials } from './helpers';

/**
 * Answers a hostile or broken token endpoint may give: none of them may crash the hook, escape
 * as anything but the package's own error, or turn a usable token into "already expired".
 */
let counter = 0;
function blynkCredentials(): Credentials {
	counter += 1;
	return {
		server: 'fra1.blynk.cloud',
		clientId: `oa2-client-id_hostile-${counter}`,
		clientSecret: `Blynk-Secret-hostile-${counter}`,
		credentialLocation: 'header',
	};
}

function nested(depth: number): IDataObject {
	let body: IDataObject = { error: 'deepest' };
	for (let i = 0; i < depth; i++) body = { error: body };
	return body;
}

describe('an error answer nested too deeply to read', () => {
	it('becomes the package error, and is remembered so the secret is not retried', async () => {
		const credentials = uniqueCredentials();
		const { http, calls } = fakeHttp({ statusCode: 400, body: nested(200_000) });

		const first = await errorOf(() => obtainToken(ourPeople, http, credentials));
		const second = await errorOf(() => obtainToken(ourPeople, http, credentials));

		expect(reasonOf(first)).toBe('sign_in_rejected');
		expect(second.message).toBe(first.message);
		expect(calls).toHaveLength(1);
	});
});

describe('an exchange that fails in an unexpected way', () => {
	it('becomes the package error of a failed token endpoint, and is remembered', async () => {
		const credentials = uniqueCredentials();
		const weird = { statusCode: 200, body: {} };
		Object.defineProperty(weird.body, 'token', {
			enumerable: true,
			get() {
				throw new TypeError('boom');
			},
		});
		const { http, calls } = fakeHttp(weird);

		const first = await errorOf(() => obtainToken(ourPeople, http, credentials));
		await errorOf(() => obtainToken(ourPeople, http, credentials));

		expect(reasonOf(first)).toBe('token_endpoint_unavailable');
		expect(calls).toHaveLength(1);
	});
});

describe('lifetimes a token endpoint may send', () => {
	it.each([
		['null', null],
		['false', false],
		['a list', [300]],
		['blank', '  '],
		['empty', ''],
		['an object', { seconds: 300 }],
	])('expires_in %s means an unknown lifetime, not an expired token', async (_, expiresIn) => {
		const { http } = fakeHttp({
			statusCode: 200,
			body: { access_token: 'opaque-access', expires_in: expiresIn as never },
		});
		const fields = await obtainToken(blynk, http, blynkCredentials());
		expect(fields.accessToken).toBe('opaque-access');
		expect(fields.tokenExpiresAt).toBe('');
	});

	it.each([
		['absurdly large', 1e300],
		['past the end of time', 9e15],
	])('expires_in %s is clamped to a valid date', async (_, expiresIn) => {
		const { http } = fakeHttp({
			statusCode: 200,
			body: { access_token: 'opaque-access', expires_in: expiresIn },
		});
		const fields = await obtainToken(blynk, http, blynkCredentials());
		const expiresAt = Date.parse(String(fields.tokenExpiresAt));
		expect(Number.isFinite(expiresAt)).toBe(true);
		expect(expiresAt).toBeGreaterThan(Date.now() + 24 * 3_600_000);
	});

	it('a numeric string expires_in is read as seconds', async () => {
		const { http } = fakeHttp({
			statusCode: 200,
			body: { access_token: 'opaque-access', expires_in: '300' },
		});
		const before = Date.now();
		const fields = await obtainToken(blynk, http, blynkCredentials());
		const expiresAt = Date.parse(String(fields.tokenExpiresAt));
		expect(expiresAt).toBeGreaterThanOrEqual(before + 300_000);
		expect(expiresAt).toBeLessThan(before + 302_000);
	});

	it.each([
		['null', null],
		['a word', 'soon'],
		['false', false],
	])('a JWT exp of %s means an unknown lifetime', async (_, exp) => {
		const token = jwt({ sub: 'client', iat: seconds(Date.now()), exp: exp as never });
		const { http } = fakeHttp({ statusCode: 200, body: { token } });
		const fields = await obtainToken(ourPeople, http, uniqueCredentials());
		expect(fields.accessToken).toBe(token);
		expect(fields.tokenExpiresAt).toBe('');
	});
});

describe('the memory of a rejected sign-in', () => {
	it('is not flushed by a thousand other credentials failing meanwhile', async () => {
		const credentials = uniqueCredentials();
		const rejected = { statusCode: 401, body: { error: 'invalid_client' } };
		const { http, calls } = fakeHttp(rejected, rejected);
		await errorOf(() => obtainToken(ourPeople, http, credentials));

		for (let i = 0; i < 1000; i++) {
			const other = fakeHttp({ statusCode: 401, body: { error: 'invalid_client' } });
			await errorOf(() => obtainToken(ourPeople, other.http, uniqueCredentials()));
		}
		const again = await errorOf(() => obtainToken(ourPeople, http, credentials));

		expect(reasonOf(again)).toBe('sign_in_rejected');
		expect(calls).toHaveLength(1);
	});
});
