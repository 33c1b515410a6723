import type { IDataObject } from 'n8n-workflow';

export { shown } from '../harness/leaks';

/** The error `promise` rejects with; fails the test when it resolves. */
export async function errorOf(promise: Promise<unknown>): Promise<Error & IDataObject> {
	try {
		await promise;
	} catch (error) {
		return error;
	}
	throw new Error('expected an error, but none was thrown');
}
