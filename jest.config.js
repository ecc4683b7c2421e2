// One jest run covers pure unit specs beside the code and e2e specs in test/ against a real PostgreSQL.
// swc transpiles only; `npm test` type-checks the whole tree once with tsc before jest starts.
const swc = JSON.parse(require('fs').readFileSync(__dirname + '/.swcrc', 'utf8'));
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts', '**/*.e2e-spec.ts'],
  transform: { '^.+\\.[tj]s$': ['@swc/jest', { ...swc, swcrc: false }] },
  // content-disposition (under @fastify/static) and file-type with its readers ship ES modules only, which jest's
  // CommonJS runtime cannot require (Node itself can, from 20.19): swc turns them into CommonJS here.
  transformIgnorePatterns: ['/node_modules/(?!(content-disposition|file-type|strtok3|token-types|uint8array-extras|@tokenizer|@borewit)/)'],
  moduleNameMapper: {
    '^@hub/(domain|access|dialogmelding|persistence)$': '<rootDir>/libs/$1/src/index.ts',
    // file-type's export map names only `import` entries, which jest's require does not match; Node's require(esm) does.
    '^file-type$': '<rootDir>/node_modules/file-type/index.js',
  },
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  maxWorkers: process.env.CI ? 2 : '50%',
  // Generous: CI runs the browser suites beside the others on two cores.
  testTimeout: 60000,
};
