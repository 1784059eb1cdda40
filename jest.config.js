const transform = {
  '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
};
const shared = {
  testEnvironment: 'node',
  transform,
  // jose (used by the emulator) ships ESM only: let swc transform it for jest's CommonJS runtime.
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/tests/e2e/'],
};

/**
 * Two projects, split by one rule (docs/testing.md): a test that boots Strapi sits at the top of
 * its folder (tests/<folder>/, mirroring the code it tests); a test that boots none sits in the
 * folder's `unit/` subfolder.
 * - unit: every `unit/` folder (pure modules, the emulator, the graph layer, the admin's logic);
 * - integration: boots the playground Strapi (SQLite, or PostgreSQL with TEST_DATABASE=postgres);
 *   its globalSetup builds the plugin when dist/ is stale and compiles the playground once per run.
 * `npx jest --selectProjects integration` runs the second alone, so CI can rerun only what touches
 * a database.
 */
/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 120000,
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['<rootDir>/tests/**/unit/**/*.test.ts'],
    },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/tests/**/*.test.ts'],
      testPathIgnorePatterns: [...shared.testPathIgnorePatterns, '/unit/'],
      globalSetup: '<rootDir>/tests/global-setup.ts',
    },
  ],
};
