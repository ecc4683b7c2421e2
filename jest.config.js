// One jest run covers pure unit specs beside the code and e2e specs in test/ against a real PostgreSQL.
// swc transpiles only; `npm test` type-checks the whole tree once with tsc before jest starts.
const swc = JSON.parse(require('fs').readFileSync(__dirname + '/.swcrc', 'utf8'));
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
  transform: { '^.+\\.[tj]s$': ['@swc/jest', { ...swc, swcrc: false }] },
  // content-disposition (under @fastify/static) ships ES modules only, which jest's CommonJS runtime cannot require.
  transformIgnorePatterns: ['/node_modules/(?!content-disposition/)'],
  moduleNameMapper: {
    '^@hub/(domain|access|dialogmelding|persistence)$': '<rootDir>/libs/$1/src/index.ts',
  },
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  maxWorkers: process.env.CI ? 2 : '50%',
  // Generous: CI runs the browser suites beside the others on two cores.
  testTimeout: 60000,
};
