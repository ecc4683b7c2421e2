// Builds the web page for the browser with Vite (React + NAV's Aksel), into dist/web or the folder given.
// Usage: node apps/web/build.mjs [outDir]   (default dist/web; the hub serves WEB_DIR, which defaults to the same)
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { webConfig } from './vite.config.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(process.argv[2] ?? join(here, '../../dist/web'));
await build(webConfig(out));
