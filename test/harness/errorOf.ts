import type { IDataObject } from 'n8n-workflow';

/** The error `work` (a promise, or a function to call) throws or rejects with; fails the test when there is none. */
export async function errorOf(
	work: Promise<unknown> | (() => unknown),
): Promise<Error & IDataObject> {
	try {
		await (typeof work === 'function' ? work() : work);
	} catch (error) {
		return error;
	}
	throw new Error('expected an error, but none was thrown');
}
