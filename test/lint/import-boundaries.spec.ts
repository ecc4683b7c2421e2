import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

/** One import written into a file at `file` (which need not exist), and whether eslint.config.mjs lets it through. */
interface Probe {
  file: string;
  from: string;
}

/**
 * Lints each probe with the repository's eslint.config.mjs, type-aware rules off (the boundaries need no types), and
 * returns the no-restricted-imports messages per probe. ESLint loads its config as an ES module, which jest's CommonJS
 * runtime cannot import, so it runs in a child node process.
 */
function restricted(probes: Probe[]): string[][] {
  const script = `
    import { ESLint } from 'eslint';
    import tseslint from 'typescript-eslint';
    const probes = JSON.parse(await new Promise((ok) => { let s = ''; process.stdin.on('data', (d) => (s += d)).on('end', () => ok(s)); }));
    const eslint = new ESLint({
      overrideConfig: [{ files: ['**/*.ts'], ...tseslint.configs.disableTypeChecked, languageOptions: { parserOptions: { projectService: false } } }],
    });
    const out = [];
    for (const p of probes) {
      const [r] = await eslint.lintText(\`import { x } from '\${p.from}';\\nexport const y = x;\\n\`, { filePath: p.file });
      out.push(r.messages.filter((m) => m.ruleId === 'no-restricted-imports' || m.fatal).map((m) => m.message));
    }
    process.stdout.write(JSON.stringify(out));
  `;
  const root = resolve(__dirname, '../..');
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, input: JSON.stringify(probes) });
  return JSON.parse(out.toString()) as string[][];
}

const refused: Array<[string, Probe, RegExp]> = [
  ['domain imports no framework', { file: 'libs/domain/src/cases/x.ts', from: '@nestjs/common' }, /libs\/domain is pure/],
  ['domain imports none of our libs', { file: 'libs/domain/src/x.ts', from: '@hub/access' }, /libs\/domain is pure/],
  ['domain imports no ORM', { file: 'libs/domain/src/x.ts', from: 'typeorm' }, /libs\/domain is pure/],
  ['access imports no framework', { file: 'libs/access/src/views/x.ts', from: '@nestjs/common' }, /only @hub\/domain and CASL/],
  ['access imports no persistence', { file: 'libs/access/src/x.ts', from: '@hub/persistence' }, /only @hub\/domain and CASL/],
  [
    'persistence imports no access',
    { file: 'libs/persistence/src/repositories/x.ts', from: '@hub/access' },
    /only @hub\/domain, TypeORM, pg and node built-ins/,
  ],
  [
    'persistence imports no framework',
    { file: 'libs/persistence/src/x.ts', from: '@nestjs/common' },
    /only @hub\/domain, TypeORM, pg and node built-ins/,
  ],
  ['dialogmelding imports none of our libs', { file: 'libs/dialogmelding/src/x.ts', from: '@hub/domain' }, /pure codec/],
  ['a lib reaches another by relative path', { file: 'libs/access/src/views/x.ts', from: '../../../domain/src/roles' }, /by its alias/],
  ['a lib climbs out of its src', { file: 'libs/persistence/src/x.ts', from: '../../../migrations' }, /Stay inside libs\/persistence\/src/],
  ['a lib imports its own index, relatively', { file: 'libs/access/src/views/x.ts', from: '..' }, /face to others/],
  ['a lib imports its own index, at depth 0', { file: 'libs/domain/src/x.ts', from: './index' }, /face to others/],
  ['a lib imports its own index, by alias', { file: 'libs/access/src/x.ts', from: '@hub/access' }, /only @hub\/domain and CASL|own index/],
  ['the web page imports a lib', { file: 'apps/web/src/panels/x.ts', from: '@hub/domain' }, /runs in the browser/],
  ['the web page imports server code', { file: 'apps/web/src/x.ts', from: '../../hub/src/config/config' }, /no server code/],
  ['the web page imports a server package', { file: 'apps/web/src/x.ts', from: '@nestjs/common' }, /runs in the browser/],
  [
    'the server reaches a lib by relative path',
    { file: 'apps/hub/src/cases/x.ts', from: '../../../../libs/domain/src/roles' },
    /by its alias/,
  ],
  ['a test reaches a lib by relative path', { file: 'test/support/x.ts', from: '../../libs/persistence/src/data-source' }, /by its alias/],
];

const allowed: Array<[string, Probe]> = [
  ['domain, within itself', { file: 'libs/domain/src/cases/x.ts', from: '../roles' }],
  ['access, domain and CASL', { file: 'libs/access/src/views/x.ts', from: '@hub/domain' }],
  ['access, CASL subpath', { file: 'libs/access/src/x.ts', from: '@casl/ability/extra' }],
  ['persistence, typeorm', { file: 'libs/persistence/src/entities/x.ts', from: 'typeorm' }],
  ['persistence, pg', { file: 'libs/persistence/src/x.ts', from: 'pg' }],
  ['dialogmelding, node and saxes', { file: 'libs/dialogmelding/src/x.ts', from: 'saxes' }],
  ['dialogmelding, node built-ins', { file: 'libs/dialogmelding/src/x.ts', from: 'node:fs' }],
  ['the web page, within itself', { file: 'apps/web/src/panels/x.ts', from: '../types.js' }],
  ['the web page, browser packages it bundles', { file: 'apps/web/src/x.ts', from: '@navikt/ds-react' }],
  ['the web page, the socket.io client', { file: 'apps/web/src/x.ts', from: 'socket.io-client' }],
  ['persistence, node built-ins', { file: 'libs/persistence/src/x.ts', from: 'node:timers/promises' }],
  ['the server, libs by alias', { file: 'apps/hub/src/cases/x.ts', from: '@hub/persistence' }],
  ['a test, server code by relative path', { file: 'test/support/x.ts', from: '../../apps/hub/src/hub' }],
];

describe('import boundaries (eslint.config.mjs)', () => {
  let results: string[][] = [];
  // One child process for every probe: starting ESLint costs about a second.
  beforeAll(() => {
    results = restricted([...refused.map(([, p]) => p), ...allowed.map(([, p]) => p)]);
  });

  it.each(refused.map(([name, probe, message], i) => [name, probe, message, i] as const))('refuses: %s', (_name, _probe, message, i) => {
    expect(results[i]).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
  });

  it.each(allowed.map(([name, probe], i) => [name, probe, refused.length + i] as const))('allows: %s', (_name, _probe, i) => {
    expect(results[i]).toEqual([]);
  });
});
