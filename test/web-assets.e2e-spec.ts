import { readdirSync } from 'node:fs';
import { request, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { ensureWebBuilt } from './support/browser.js';
import { TestApp } from './support/test-app.js';

// The console's static files as a browser gets them: compressed (brotli or gzip, precompressed at
// build time), with Vary, and without source maps.
const DIST = join(process.cwd(), 'dist', 'web');

describe('web console static assets', () => {
  let app: TestApp;
  let port: number;

  /** The raw bytes and headers, with no client-side decompression in the way. */
  const get = (path: string, headers: Record<string, string> = {}) =>
    new Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      });
      req.on('error', reject);
      req.end();
    });

  beforeAll(async () => {
    ensureWebBuilt();
    app = await TestApp.start();
    await app.api.listen(0, '127.0.0.1');
    port = (app.api.getHttpServer().address() as AddressInfo).port;
  }, 120_000);
  afterAll(() => app.close());

  it('sends each asset brotli- or gzip-compressed as the browser accepts, identical once decompressed', async () => {
    const index = await get('/', { Accept: 'text/html' });
    const assets = [...index.body.toString('utf8').matchAll(/(?:src|href)="(\/assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
    expect(assets.length).toBeGreaterThanOrEqual(2);
    for (const path of assets) {
      const plain = await get(path, { 'Accept-Encoding': 'identity' });
      expect(plain.status).toBe(200);
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.headers.vary).toContain('Accept-Encoding');

      const br = await get(path, { 'Accept-Encoding': 'gzip, deflate, br' });
      expect([path, br.status, br.headers['content-encoding']]).toEqual([path, 200, 'br']);
      expect(br.headers.vary).toContain('Accept-Encoding');
      expect(br.headers['content-type']).toMatch(path.endsWith('.js') ? /^text\/javascript/ : /^text\/css/);
      expect(br.headers['cache-control']).toContain('immutable');
      expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);

      const gzip = await get(path, { 'Accept-Encoding': 'gzip' });
      expect(gzip.headers['content-encoding']).toBe('gzip');
      expect(gunzipSync(gzip.body).equals(plain.body)).toBe(true);
      // A browser that refuses brotli (q=0) gets gzip.
      expect((await get(path, { 'Accept-Encoding': 'br;q=0, gzip' })).headers['content-encoding']).toBe('gzip');
      if (path.endsWith('.js')) expect(br.body.length).toBeLessThan(plain.body.length * 0.4);
    }
  });

  it('builds and serves no source map', async () => {
    const files = readdirSync(join(DIST, 'assets'));
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    const js = files.find((f) => f.endsWith('.js'))!;
    const body = (await get(`/assets/${js}`, { 'Accept-Encoding': 'identity' })).body.toString('utf8');
    expect(body).not.toContain('sourceMappingURL');
    const map = await get(`/assets/${js}.map`);
    expect(map.status).toBe(404);
    expect(JSON.parse(map.body.toString('utf8'))).toMatchObject({ statusCode: 404 });
  });
});
