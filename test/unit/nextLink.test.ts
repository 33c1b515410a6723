import { nextLinkAt } from '../../package/nodes/common/operations';
import type { ApiCall } from '../../package/nodes/common/request';

const call: ApiCall = { method: 'GET', path: '/v1/employees' };

describe('nextLinkAt', () => {
	const paging = nextLinkAt('pagination.nextPath');

	it('reads the next link at a dot path', () => {
		expect(
			paging.next({ data: [], pagination: { nextPath: '/v1/employees?cursor=abc' } }, call),
		).toBe('/v1/employees?cursor=abc');
	});

	it.each([
		['no pagination object', { data: [1] }],
		['an empty link', { pagination: { nextPath: ' ' } }],
		['a link that is not text', { pagination: { nextPath: 42 } }],
		['an answer that is a list', [1, 2]],
		['no answer', undefined],
	])('ends on %s', (_case, page) => {
		expect(paging.next(page, call)).toBeUndefined();
	});
});
