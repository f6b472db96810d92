import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

const OUT_DIR = fileURLToPath(new URL('../../dist/web', import.meta.url));

/**
 * Every asset is written compressed next to itself (`.br`, `.gz`) at build time, at the highest
 * levels: the API sends the smallest one the browser accepts without compressing per request.
 */
function precompress(): Plugin {
  return {
    name: 'tynda-precompress',
    apply: 'build',
    closeBundle() {
      const assets = join(OUT_DIR, 'assets');
      for (const name of readdirSync(assets)) {
        if (!/\.(js|css|svg|json|txt)$/.test(name)) continue;
        const body = readFileSync(join(assets, name));
        writeFileSync(
          join(assets, `${name}.br`),
          brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } }),
        );
        writeFileSync(join(assets, `${name}.gz`), gzipSync(body, { level: 9 }));
      }
    },
  };
}

// The console is built to dist/web, which the API serves at `/` (see apps/api/src/create-api-app.ts).
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  oxc: { jsx: { runtime: 'automatic' } },
  plugins: [precompress()],
  // The libraries the console shares with the API, by the API's aliases; the domain without its Node-only modules.
  resolve: {
    alias: {
      '@app/domain': fileURLToPath(new URL('../../libs/domain/src/browser.ts', import.meta.url)),
      '@app/contracts': fileURLToPath(new URL('../../libs/contracts/src/index.ts', import.meta.url)),
    },
  },
  // No source maps in the build: the API would serve them to anyone, and with them the whole source.
  build: {
    outDir: OUT_DIR,
    emptyOutDir: true,
    sourcemap: false,
    // libs/domain is pure (no module acts on import): what the console does not use is left out, tables computed at load included.
    rolldownOptions: { treeshake: { moduleSideEffects: [{ test: /\/libs\/(domain|contracts)\/src\//, sideEffects: false }] } },
  },
  // `npm run demo` (or start:api) on 3000, then `npx vite --config apps/web/vite.config.ts` for live reload.
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
