// Builds the web client for the browser: tsc type-checks and emits ES modules, the static files are copied beside them.
// Usage: node apps/web/build.mjs [outDir]   (default dist/web; the hub serves WEB_DIR, which defaults to the same)
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(process.argv[2] ?? join(here, '../../dist/web'));
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', join(here, 'tsconfig.json'), '--outDir', join(out, 'js')], { stdio: 'inherit' });
cpSync(join(here, 'public'), out, { recursive: true });
