import type { IDataObject, INodeType } from 'n8n-workflow';
import { Blynk } from '../../../package/nodes/Blynk/Blynk.node';
import { Comm100 } from '../../../package/nodes/Comm100/Comm100.node';
import { CultureAmp } from '../../../package/nodes/CultureAmp/CultureAmp.node';
import { OurPeople } from '../../../package/nodes/OurPeople/OurPeople.node';
import { TokenExchange } from '../../../package/nodes/TokenExchange/TokenExchange.node';

/** This package's node for each credential (kept out of the case table: tsx workers load that). */
const nodes: Record<string, () => INodeType> = {
	ourPeopleApi: () => new OurPeople(),
	cultureAmpApi: () => new CultureAmp(),
	comm100Api: () => new Comm100(),
	blynkApi: () => new Blynk(),
	tokenExchangeApi: () => new TokenExchange(),
};

export function nodeFor(credentialType: string): INodeType {
	return nodes[credentialType]();
}

/** The node's API Request operation: GET `path`. */
export function apiRequest(path: string): IDataObject {
	return { resource: 'request', operation: 'send', method: 'GET', path };
}
