// ESLint 9 flat config: typescript-eslint's type-aware rules, plus import boundaries that keep the parts
// pointing one way (ARCHITECTURE.md, STYLE.md §2): domain ← access/persistence ← apps/hub; the web page stands alone.
// Formatting is Prettier's business (.prettierrc); nothing here checks layout.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Our libs, by alias. */
const LIBS = ['domain', 'access', 'dialogmelding', 'persistence'];

/** A relative path that climbs out of a folder `depth` levels below the one that must not be left. */
const climbsOut = (depth) => `^(\\.\\./){${depth}}\\.\\.(/|$)`;

/** A relative path naming the index of the folder `depth` levels up ('.', './index', '..', '../index', …). */
const ownIndex = (depth) => (depth === 0 ? '^\\.(/index(\\.[jt]s)?)?/?$' : `^(\\.\\./){${depth - 1}}\\.\\.(/index(\\.[jt]s)?)?/?$`);

/**
 * Per lib: the packages it may import besides relative paths inside its own src/. Everything else is refused,
 * so a new dependency of a lib is a decision made here, not an accident.
 */
const LIB_ALLOWED = {
  domain: { allowed: [], why: 'libs/domain is pure rules and types: it imports no framework, no package and none of our libs' },
  access: { allowed: ['@hub/domain', '@casl/'], why: 'libs/access imports only @hub/domain and CASL' },
  persistence: {
    allowed: ['@hub/domain', 'typeorm', 'pg', 'node:'],
    why: 'libs/persistence imports only @hub/domain, TypeORM, pg and node built-ins',
  },
  dialogmelding: {
    allowed: ['node:', 'saxes'],
    why: 'libs/dialogmelding is a pure codec: node built-ins and saxes, none of our libs, no framework',
  },
};

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A regex matching any bare (non-relative) specifier except the allowed prefixes (a prefix ending in '/' or ':' matches a scope). */
const bareExcept = (allowed) => {
  const keep = allowed.map((a) => (a.endsWith('/') || a.endsWith(':') ? escape(a) : `${escape(a)}(/|$)`));
  return `^(?!\\.${keep.map((k) => `|${k}`).join('')})`;
};

/** Depths of files below a src/ folder that we write rules for (libs are two levels deep today). */
const DEPTHS = [0, 1, 2, 3, 4, 5];
const under = (dir, depth, ext = 'ts') => `${dir}/${'*/'.repeat(depth)}*.${ext}`;

const libBoundaries = LIBS.flatMap((lib) =>
  DEPTHS.map((depth) => ({
    files: [under(`libs/${lib}/src`, depth)],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: bareExcept(LIB_ALLOWED[lib].allowed), message: LIB_ALLOWED[lib].why },
            {
              regex: climbsOut(depth),
              message: `Stay inside libs/${lib}/src: import another lib by its alias (@hub/…), never by relative path`,
            },
            { regex: ownIndex(depth), message: `libs/${lib}/src/index.ts is the lib's face to others; import the file itself` },
            { regex: `^@hub/${lib}$`, message: `libs/${lib} never imports its own index` },
          ],
        },
      ],
    },
  })),
);

const webBoundaries = DEPTHS.map((depth) => ({
  files: [under('apps/web/src', depth), under('apps/web/src', depth, 'tsx')],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            regex: '^(@hub/|@nestjs/|typeorm|pg$|@casl/)',
            message: 'apps/web runs in the browser on the public API only: no server code or server packages',
          },
          { regex: climbsOut(depth), message: 'apps/web/src imports no server code: nothing outside apps/web/src' },
        ],
      },
    ],
  },
}));

/** Elsewhere (apps/hub, test, bench, migrations): libs by alias only, never by relative path into libs/. */
const libsByAlias = {
  files: ['apps/hub/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts', 'migrations/**/*.ts'],
  rules: {
    'no-restricted-imports': [
      'error',
      { patterns: [{ regex: '^\\.{1,2}/(.*/)?libs/', message: 'Import a lib by its alias (@hub/domain, …), never by relative path' }] },
    ],
  },
};

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', '.data/', 'coverage/', 'bench/results/', 'apps/web/public/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        // Each file is checked by its nearest tsconfig.json: the root one, apps/web's (browser, ES modules) or bench's.
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      // With emitDecoratorMetadata the rule leaves files with decorators alone, so Nest's constructor injection keeps its runtime imports.
      '@typescript-eslint/consistent-type-imports': 'error',
      // tsc's noUnusedLocals already covers locals; this adds parameters, with `_name` as the way to say "unused on purpose".
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // `let server; … createServer(() => server?.x); server = …` is how a callback refers to what it is part of.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: {
      sourceType: 'module',
      globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly', console: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  { files: ['jest.config.js'], languageOptions: { sourceType: 'commonjs' } },
  {
    // Tests read JSON bodies from supertest and socket.io-client, typed `any` by those libraries: asserting on them
    // is the point, so the no-unsafe family would only add casts. Everything else holds in tests too.
    files: ['test/**/*.ts', '**/*.spec.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // Row values from pg are primitives for every column we read (uuid and text as strings, dates through the type
    // parser), so String(row.x) never meets an object; the rule cannot know what pg hands back.
    files: ['libs/persistence/src/**/*.ts'],
    rules: { '@typescript-eslint/no-base-to-string': 'off' },
  },
  {
    // The bench's report prints figures read back from its own JSON results, typed unknown on the way in.
    files: ['bench/**/*.ts'],
    rules: { '@typescript-eslint/restrict-template-expressions': 'off' },
  },
  libsByAlias,
  {
    // jest loads its globalSetup (and these helpers with it) with plain require, without moduleNameMapper: the
    // @hub/persistence alias does not resolve there, so these two reach the data source by path.
    files: ['test/support/global-setup.ts', 'test/support/private-services.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  ...libBoundaries,
  ...webBoundaries,
);
