import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The console is built to dist/web, which the API serves at `/` (see apps/api/src/create-api-app.ts).
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  oxc: { jsx: { runtime: 'automatic' } },
  build: { outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)), emptyOutDir: true, sourcemap: true },
  // `npm run demo` (or start:api) on 3000, then `npx vite --config apps/web/vite.config.ts` for live reload.
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
