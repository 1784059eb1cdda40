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
 * Folders whose tests boot Strapi (integration), except their `unit/` subfolders. Everything else
 * under tests/ runs in the unit project.
 */
const INTEGRATION_FOLDERS = ['skeleton', 'server', 'sync', 'files', 'connections', 'editors'];
const INTEGRATION_PATHS = `<rootDir>/tests/(${INTEGRATION_FOLDERS.join('|')})/(?!unit/)`;

/**
 * Two projects so CI can rerun only what touches a database:
 * - unit: every other test under tests/ (pure modules, the emulator, the graph layer);
 * - integration: boots the playground Strapi (SQLite, or PostgreSQL with TEST_DATABASE=postgres);
 *   its globalSetup builds the plugin when dist/ is stale and compiles the playground once per run.
 * `npx jest --selectProjects integration` runs the second alone.
 */
/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 120000,
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['<rootDir>/tests/**/*.test.ts'],
      testPathIgnorePatterns: [...shared.testPathIgnorePatterns, INTEGRATION_PATHS],
    },
    {
      ...shared,
      displayName: 'integration',
      testMatch: INTEGRATION_FOLDERS.map((folder) => `<rootDir>/tests/${folder}/**/*.test.ts`),
      testPathIgnorePatterns: [...shared.testPathIgnorePatterns, '/unit/'],
      globalSetup: '<rootDir>/tests/helpers/global-setup.ts',
    },
  ],
};
