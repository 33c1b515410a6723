const transform = { '^.+\\.ts$': ['ts-jest', {}] };

/** unit: pure logic; integration: hooks and nodes through real n8n-core; e2e: a real n8n. */
module.exports = {
	projects: [
		{ displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'], transform, testEnvironment: 'node' },
		{
			displayName: 'integration',
			testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
			transform,
			testEnvironment: 'node',
		},
		{
			displayName: 'e2e',
			testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
			transform,
			testEnvironment: 'node',
		},
	],
};
