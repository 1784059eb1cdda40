const path = require('node:path');

/**
 * Browser tests of the admin panel (Debian chromium driven by playwright-core) against the
 * playground and the emulator. Kept out of `npm test`: run with `npm run test:e2e`. The global
 * setup builds the plugin and the admin panel when they are older than the sources (~2 min).
 */
/** @type {import('jest').Config} */
module.exports = {
  rootDir: path.resolve(__dirname, '../..'),
  testEnvironment: 'node',
  testMatch: ['<rootDir>/tests/e2e/**/*.e2e.ts'],
  transform: {
    '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  globalSetup: '<rootDir>/tests/e2e/support/global-setup.ts',
  testTimeout: 180000,
  maxWorkers: 1,
};
