import { providerFixtures } from '../providers';

/** A web console's address where the API's belongs is caught; the API's own addresses are not. */
describe.each(providerFixtures.filter((fixture) => fixture.consoleUrls))(
	'$demo.name',
	({ demo: { provider }, consoleUrls }) => {
		const { field, otherFields, api, consoles } = consoleUrls!;
		const problemWith = (url: string) => provider.validate({ ...otherFields, [field]: url });

		it.each(api)('takes its API at %s', (url) => {
			expect(problemWith(url)).toBeUndefined();
		});

		it.each(consoles)('says what to enter instead of its console at %s', (url, says) => {
			expect(problemWith(url)).toContain(says);
		});
	},
);
