const transform = { '^.+\\.ts$': ['ts-jest', {}] };
// package/dist holds a second package.json named like package/'s own.
const modulePathIgnorePatterns = ['<rootDir>/package/dist'];

/** unit: pure logic; integration: hooks and nodes through real n8n-core; e2e: a real n8n. */
module.exports = {
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
		{
			displayName: 'e2e',
			testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
			transform,
			modulePathIgnorePatterns,
			testEnvironment: 'node',
		},
	],
};
