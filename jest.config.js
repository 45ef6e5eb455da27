// Kept out of package.json: package.json ships in the tarball, and n8n's scanner lints it with the
// community-package rules, which reject jest's "<rootDir>" placeholders and its nested objects.
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	testPathIgnorePatterns: ['/node_modules/', '/test/e2e/'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
	setupFiles: ['<rootDir>/test/harness/quietLogs.ts'],
	maxWorkers: 3,
};
