import { numberedPages } from '../../package/nodes/common/operations';
import type { ApiCall } from '../../package/nodes/common/request';

const paging = numberedPages({
	pageParam: 'page',
	sizeParam: 'size',
	firstPage: 0,
	maxPageSize: 100,
	totalKey: 'totalElements',
});
const page = (count: number, totalElements?: number) => ({
	content: Array(count).fill({}),
	totalElements,
});
const get = (path: string, qs?: ApiCall['qs']): ApiCall => ({ method: 'GET', path, qs });

describe('numberedPages', () => {
	it('asks for page 0 in pages as large as the limit allows', () => {
		expect(paging.first!(undefined)).toEqual({ page: 0, size: 100 });
		expect(paging.first!(30)).toEqual({ page: 0, size: 30 });
		expect(paging.first!(500)).toEqual({ page: 0, size: 100 });
	});

	it('asks for the next page with the same size and the same other parameters', () => {
		const next = paging.next(
			page(100, 250),
			get('/api/v1/items', { query: 'a b&c', page: 0, size: 100 }),
		);
		expect(next).toBe('/api/v1/items?query=a+b%26c&page=1&size=100');
	});

	it('reads page and size from a next link it made itself', () => {
		expect(paging.next(page(100, 350), get('/api/v1/items?query=x&page=1&size=100'))).toBe(
			'/api/v1/items?query=x&page=2&size=100',
		);
	});

	it.each([
		['a page that is not full', page(40, 250)],
		['a full page that reaches totalElements', page(100, 200)],
		['an empty page', page(0)],
	])('stops after %s', (_, answer) => {
		expect(paging.next(answer, get('/api/v1/items?page=1&size=100'))).toBeUndefined();
	});

	it('goes on after a full page when the answer has no total', () => {
		expect(paging.next(page(100), get('/items', { page: 0, size: 100 }))).toBe(
			'/items?page=1&size=100',
		);
	});
});
