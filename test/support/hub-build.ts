import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { Options } from '@swc/core';
import { transformFile } from '@swc/core';

const ROOT = resolve(__dirname, '../..');
const SOURCES = ['apps', 'libs', 'migrations'];
/** Inside node_modules, so the compiled hub resolves its dependencies from the project's node_modules. */
const CACHE = join(ROOT, 'node_modules/.cache/hub-process-build');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/**
 * Compiles the hub's sources with swc (no type-check: `npm test` runs tsc first) into a cache keyed by their content,
 * so tests can run hub nodes as separate processes without touching `dist/` or waiting for `nest build`.
 * Returns the path of the compiled `main.js`. Parallel callers may both compile; the first rename wins.
 */
export async function buildHubForProcesses(): Promise<string> {
  const files = SOURCES.flatMap((s) => sourceFiles(join(ROOT, s))).sort();
  const hash = createHash('sha256');
  const swcrc = readFileSync(join(ROOT, '.swcrc'), 'utf8');
  hash.update(swcrc);
  for (const f of files) hash.update(relative(ROOT, f)).update('\0').update(readFileSync(f)).update('\0');
  const out = join(CACHE, hash.digest('hex').slice(0, 16));
  const main = join(out, 'apps/hub/src/main.js');
  if (existsSync(main)) return main;

  const tmp = `${out}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  const base = JSON.parse(swcrc) as Required<Pick<Options, 'jsc' | 'module'>>;
  // The @hub/* aliases become relative requires, as tsconfig.json's paths resolve them.
  const paths = {
    '@hub/domain': ['libs/domain/src'],
    '@hub/access': ['libs/access/src'],
    '@hub/dialogmelding': ['libs/dialogmelding/src'],
    '@hub/persistence': ['libs/persistence/src'],
  };
  await Promise.all(
    files.map(async (f) => {
      const { code } = await transformFile(f, {
        swcrc: false,
        sourceMaps: 'inline',
        jsc: { ...base.jsc, baseUrl: ROOT, paths },
        module: base.module,
      });
      const target = join(tmp, relative(ROOT, f)).replace(/\.ts$/, '.js');
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, code);
    }),
  );
  try {
    renameSync(tmp, out);
  } catch {
    rmSync(tmp, { recursive: true, force: true }); // another worker finished first
  }
  prune(out);
  return main;
}

/** Builds of older sources (an hour untouched: no running test still uses them) are removed. */
function prune(keep: string): void {
  const cutoff = Date.now() - 3_600_000;
  for (const name of readdirSync(CACHE)) {
    const dir = join(CACHE, name);
    if (dir !== keep && statSync(dir).mtimeMs < cutoff) rmSync(dir, { recursive: true, force: true });
  }
}
