const flights = new Map<string, Promise<unknown>>();

/** Runs `work` once for concurrent callers with the same key; they all get its result. */
export async function singleFlight<T>(key: string, work: () => Promise<T>): Promise<T> {
	const running = flights.get(key);
	if (running) return (await running) as T;
	const flight = work().finally(() => flights.delete(key));
	flights.set(key, flight);
	return await flight;
}
