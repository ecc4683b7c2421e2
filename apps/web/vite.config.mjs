// Vite bundles the page (React, Aksel, socket.io-client) into dist/web; the hub serves it at /app/.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * Aksel's CSS loads its font from NAV's CDN. The page's CSP allows no font source and this hub reaches no other
 * host, so the @font-face rules are dropped and Aksel's own fallback fonts apply.
 */
const dropFontFaces = {
  name: 'drop-font-faces',
  enforce: 'pre',
  transform(code, id) {
    if (!id.includes('@navikt/ds-css') || !id.endsWith('.css')) return null;
    return { code: code.replace(/@font-face\s*{[^}]*}/g, ''), map: null };
  },
};

/** @param {string} outDir */
export function webConfig(outDir) {
  return {
    root: here,
    base: '/app/',
    configFile: false,
    logLevel: 'warn',
    publicDir: join(here, 'public'),
    plugins: [dropFontFaces],
    // React's JSX through esbuild, without @vitejs/plugin-react (no fast refresh needed: the hub serves a build).
    esbuild: { jsx: 'automatic' },
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2022',
      // One file per kind, no inline assets: the CSP allows scripts, styles and images from 'self' only.
      assetsInlineLimit: 0,
      modulePreload: { polyfill: false },
      chunkSizeWarningLimit: 2000,
      rollupOptions: {
        // Aksel marks its modules "use client" for React Server Components; a browser bundle has no use for it.
        onwarn(warning, warn) {
          if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
        },
      },
    },
  };
}
