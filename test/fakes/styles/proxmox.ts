import { randomBytes } from 'crypto';
import type { FakeRequest, Reply } from '../fakeProvider';
import { cookieOf, TokenStyleFake } from './tokenStyleFake';

export const PROXMOX_USER = { username: 'root@pam', password: 'proxmox pass' };

/**
 * Proxmox VE API, from "Proxmox VE API" (https://pve.proxmox.com/wiki/Proxmox_VE_API):
 * `POST /api2/json/access/ticket`, form-encoded `username` (with its realm, root@pam) and
 * `password`; the answer is `{ "data": { "ticket", "CSRFPreventionToken", "username" } }`, and
 * names no expiry (a ticket lives 2 hours). Requests carry the ticket in the `PVEAuthCookie`
 * cookie (writes also need the CSRF token, which reads do not). `GET /api2/json/version`.
 */
export class FakeProxmox extends TokenStyleFake {
	protected readonly signInPath = '/api2/json/access/ticket';
	protected readonly apiPrefix = '/api2/json/';

	protected kindOf(request: Pick<FakeRequest, 'method' | 'path'>): string {
		return request.path === this.signInPath && request.method !== 'POST'
			? 'unknown'
			: super.kindOf(request);
	}

	protected signIn(request: FakeRequest): Reply {
		const form = request.contentType === 'application/x-www-form-urlencoded' ? request.body : {};
		if (form?.username !== PROXMOX_USER.username || form.password !== PROXMOX_USER.password) {
			return { kind: 'sign-in', status: 401, body: { data: null } };
		}
		const stamp = Math.floor(Date.now() / 1000)
			.toString(16)
			.toUpperCase();
		const { token } = this.newToken(`PVE:root@pam:${stamp}::`);
		return {
			kind: 'sign-in',
			status: 200,
			body: {
				data: {
					ticket: token,
					CSRFPreventionToken: `${stamp}:${randomBytes(20).toString('base64')}`,
					username: PROXMOX_USER.username,
				},
			},
		};
	}

	protected tokenOf(request: FakeRequest): string | undefined {
		return cookieOf(request, 'PVEAuthCookie');
	}

	protected unauthorized(token: 'expired' | 'invalid' | 'missing'): Reply {
		return { kind: 'api', token, status: 401, body: { data: null } };
	}

	protected answer(): unknown {
		return { data: { version: '8.2.2', release: '8.2', repoid: 'cfa6e8a4' } };
	}
}
