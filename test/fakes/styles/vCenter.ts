import type { FakeRequest, Reply } from '../fakeProvider';
import { basicCredentials, TokenStyleFake } from './tokenStyleFake';

export const VCENTER_USER = { user: 'administrator@vsphere.local', password: 'VMware1!' };

/**
 * VMware vCenter Server REST API (7.0 U2 and later), from "vSphere Automation API", Getting Started, and its Create Session
 * (https://developer.broadcom.com/xapis/vsphere-automation-api/latest/):
 * `POST /api/session` with the user name and password as HTTP Basic; HTTP 201 and the session
 * id as a bare JSON string (`"b00db39f…"`); requests carry it in `vmware-api-session-id`. A
 * session ends after a period without use, so the answer names no expiry. `GET
 * /api/vcenter/vm` lists the virtual machines.
 */
export class FakeVCenter extends TokenStyleFake {
	protected readonly signInPath = '/api/session';
	protected readonly apiPrefix = '/api/vcenter/';

	protected signIn(request: FakeRequest): Reply {
		const basic = basicCredentials(request);
		if (basic?.user !== VCENTER_USER.user || basic.password !== VCENTER_USER.password) {
			return {
				kind: 'sign-in',
				status: 401,
				body: { error_type: 'UNAUTHENTICATED', messages: [] },
			};
		}
		const { token } = this.newToken();
		return {
			kind: 'sign-in',
			status: 201,
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify(token),
		};
	}

	protected tokenOf(request: FakeRequest): string | undefined {
		const token = request.headers['vmware-api-session-id'];
		return typeof token === 'string' ? token : undefined;
	}

	protected unauthorized(token: 'expired' | 'invalid' | 'missing'): Reply {
		return {
			kind: 'api',
			token,
			status: 401,
			body: { error_type: 'UNAUTHENTICATED', messages: [] },
		};
	}

	protected answer(): unknown {
		return [
			{
				vm: 'vm-1001',
				name: 'demo-vm',
				power_state: 'POWERED_ON',
				cpu_count: 2,
				memory_size_MiB: 4096,
			},
		];
	}
}
