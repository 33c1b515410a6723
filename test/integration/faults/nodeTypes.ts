import type { IDataObject } from 'n8n-workflow';

/** This package's node for each credential: the registered node that declares it. */
export { nodeFor } from '../../harness/packageManifest';

/** The node's API Request operation: GET `path`. */
export function apiRequest(path: string): IDataObject {
	return { resource: 'request', operation: 'send', method: 'GET', path };
}
