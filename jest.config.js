/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  testMatch: ['<rootDir>/tests/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/tests/e2e/'],
  transform: {
    '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  // jose (used by the emulator) ships ESM only: let swc transform it for jest's CommonJS runtime.
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  testTimeout: 120000,
};
