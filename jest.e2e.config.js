/**
 * `npm run test:e2e`: a real n8n with the package installed from its tarball (test/e2e/). Two
 * files at a time: most of a suite's time is n8n waiting (the triggers suite's minute polls, a
 * token's lifetime, a cold install of n8n 1.x), each suite has its own ports (see the root
 * README), and the installers they share take a lock (scripts/ensure-n8n.sh, apt-install.sh).
 */
module.exports = {
	// package/dist holds a second package.json named like package/'s own.
	modulePathIgnorePatterns: ['<rootDir>/package/dist'],
	displayName: 'e2e',
	testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', {}] },
	testEnvironment: 'node',
	maxWorkers: 2,
};
