const { availableParallelism } = require('os');

// ts-jest transpiles each file on its own (isolatedModules in tsconfig.json); `npm run lint`
// type-checks.
const transform = { '^.+\\.ts$': ['ts-jest', {}] };
// package/dist holds a second package.json named like package/'s own.
const modulePathIgnorePatterns = ['<rootDir>/package/dist'];

/**
 * `npm test`: unit (pure logic) and integration (hooks and nodes through real n8n-core against
 * the fakes). Most of their time is loopback I/O, so every core runs a worker (jest's default
 * leaves one idle: one worker on a 2-core machine). The real-n8n suites: jest.e2e.config.js.
 */
module.exports = {
	// A bound on a hung test, not a speed check: a loaded 2-core machine is slow, not wrong.
	testTimeout: 60_000,
	maxWorkers: Math.max(2, availableParallelism()),
	projects: [
		{
			displayName: 'unit',
			testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
			transform,
			modulePathIgnorePatterns,
			testEnvironment: 'node',
		},
		{
			displayName: 'integration',
			testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
			transform,
			modulePathIgnorePatterns,
			testEnvironment: 'node',
		},
	],
};
