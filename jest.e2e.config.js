/**
 * `npm run test:e2e`: a real n8n with the package installed from its tarball (test/e2e/). One
 * file at a time: the suites use fixed ports and share the n8n cache.
 */
module.exports = {
	// package/dist holds a second package.json named like package/'s own.
	modulePathIgnorePatterns: ['<rootDir>/package/dist'],
	displayName: 'e2e',
	testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', {}] },
	testEnvironment: 'node',
	maxWorkers: 1,
};
