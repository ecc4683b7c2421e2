// Two projects: `unit` (pure specs, no database) and `e2e` (the real app on a real PostgreSQL).
// The PostgreSQL global setup belongs to the e2e project: jest runs a project's globalSetup only when at least one
// of that project's test files is selected, so `jest --selectProjects unit` (or a single *.spec.ts) starts no database.
// swc transpiles only; `npm test` type-checks the whole tree once with tsc before jest starts.
const swc = JSON.parse(require('fs').readFileSync(__dirname + '/.swcrc', 'utf8'));

/** @type {import('jest').Config} */
const shared = {
  testEnvironment: 'node',
  transform: { '^.+\\.[tj]s$': ['@swc/jest', { ...swc, swcrc: false }] },
  // content-disposition (under @fastify/static) and file-type with its readers ship ES modules only, which jest's
  // CommonJS runtime cannot require (Node itself can, from 20.19): swc turns them into CommonJS here.
  transformIgnorePatterns: ['/node_modules/(?!(content-disposition|file-type|strtok3|token-types|uint8array-extras|@tokenizer|@borewit)/)'],
  moduleNameMapper: {
    '^@hub/(domain|access|dialogmelding|persistence)$': '<rootDir>/libs/$1/src/index.ts',
    // file-type's export map names only `import` entries, which jest's require does not match; Node's require(esm) does.
    '^file-type$': '<rootDir>/node_modules/file-type/index.js',
  },
};

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    {
      ...shared,
      displayName: 'unit',
      // Beside the code, plus the web page's pure specs in test/web; `*.spec.ts` never matches `*.e2e-spec.ts`.
      roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test'],
      testMatch: ['**/*.spec.ts'],
    },
    {
      ...shared,
      displayName: 'e2e',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
  // Run-wide options: jest reads maxWorkers and testTimeout from the top level, not from a project.
  maxWorkers: process.env.CI ? 2 : '50%',
  // Generous: CI runs the browser suites beside the others on two cores.
  testTimeout: 60000,
};
