/**
 * `npm run test:queue`: n8n in queue mode (main + two workers, PostgreSQL, Redis). Kept out of
 * jest.config.js so `npm test` does not start those servers; `npm run test:all` runs it.
 */
module.exports = {
	// package/dist holds a second package.json named like package/'s own.
	modulePathIgnorePatterns: ['<rootDir>/package/dist'],
	displayName: 'queue',
	testMatch: ['<rootDir>/test/queue/**/*.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', {}] },
	testEnvironment: 'node',
};
