/** Unit tests run the TypeScript sources through ts-jest; end-to-end tests drive the built
 * provider (dist/) through the real terraform and cdktf CLIs. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  testTimeout: 120000,
  setupFiles: ['<rootDir>/test/helpers/setup-env.js'],
  reporters: ['default', '<rootDir>/test/helpers/summary-reporter.js'],
};
