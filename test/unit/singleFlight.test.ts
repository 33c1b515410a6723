import { singleFlight } from '../../package/credentials/common/singleFlight';

function deferred<T>() {
	let resolve!: (value: T) => void;
	let reject!: (reason: unknown) => void;
	const promise = new Promise<T>((res, rej) => {
		resolve = res;
		reject = rej;
	});
	return { promise, resolve, reject };
}

describe('singleFlight', () => {
	it('runs once for concurrent callers with the same key; all get the same result', async () => {
		const gate = deferred<object>();
		let runs = 0;
		const work = () => {
			runs += 1;
			return gate.promise;
		};
		const callers = Array.from({ length: 5 }, () => singleFlight('same-key', work));
		const result = { token: 'shared' };
		gate.resolve(result);
		const results = await Promise.all(callers);
		expect(runs).toBe(1);
		for (const r of results) expect(r).toBe(result);
	});

	it('runs separately for different keys', async () => {
		let runs = 0;
		const work = (value: string) => async () => {
			runs += 1;
			return value;
		};
		const results = await Promise.all([
			singleFlight('key-a', work('a')),
			singleFlight('key-b', work('b')),
		]);
		expect(results).toEqual(['a', 'b']);
		expect(runs).toBe(2);
	});

	it('hands a rejection to every waiter and frees the key afterwards', async () => {
		const gate = deferred<string>();
		let runs = 0;
		const failing = () => {
			runs += 1;
			return gate.promise;
		};
		const first = singleFlight('failing-key', failing);
		const second = singleFlight('failing-key', failing);
		gate.reject(new Error('provider down'));
		await expect(first).rejects.toThrow('provider down');
		await expect(second).rejects.toThrow('provider down');
		expect(runs).toBe(1);

		await expect(singleFlight('failing-key', async () => 'recovered')).resolves.toBe('recovered');
	});

	it('does not keep a finished result: a later call runs again', async () => {
		let runs = 0;
		const work = async () => ++runs;
		await expect(singleFlight('done-key', work)).resolves.toBe(1);
		await expect(singleFlight('done-key', work)).resolves.toBe(2);
	});
});
