import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/test-server.ts';
import { precompressDirectory } from './precompress.ts';

/** Text that compresses like a real bundle does. */
const bundle = (name: string) =>
  Array.from({ length: 400 }, (_, i) => `export const ${name}${i} = "value ${i}";`).join('\n');

const hashedScript = bundle('app');
const widgetLoader = bundle('widget');
const indexHtml = `<!doctype html><html><head><script type="module" src="/assets/index-Bq4y0sH1.js"></script></head><body>${'<!-- desktop -->'.repeat(80)}</body></html>`;

describe('the built front ends as served', () => {
  let root: string;
  let server: TestServer;
  const get = (url: string, acceptEncoding?: string) =>
    server.sangdam.app.inject({
      url,
      headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding },
    });

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'sangdam-front-ends-'));
    const desktop = join(root, 'desktop');
    const widget = join(root, 'widget');
    await mkdir(join(desktop, 'assets'), { recursive: true });
    await mkdir(widget);
    await writeFile(join(desktop, 'index.html'), indexHtml);
    await writeFile(join(desktop, 'assets', 'index-Bq4y0sH1.js'), hashedScript);
    await writeFile(join(widget, 'sangdam-widget.js'), widgetLoader);
    await writeFile(join(widget, 'demo.html'), indexHtml);
    // What `npm run build` does after Vite.
    await precompressDirectory(desktop);
    await precompressDirectory(widget);
    server = await startTestServer(
      'pglite',
      { DEMO_SEED: 'false' },
      { frontEnds: { desktop, widget } },
    );
  });
  afterAll(async () => {
    await server?.close();
    await rm(root, { recursive: true, force: true });
  });

  it('are compressed at build into .br and .gz beside each file', async () => {
    expect((await readdir(join(root, 'desktop', 'assets'))).sort()).toEqual([
      'index-Bq4y0sH1.js',
      'index-Bq4y0sH1.js.br',
      'index-Bq4y0sH1.js.gz',
    ]);
  });

  it('send brotli to a browser that accepts it', async () => {
    const response = await get('/assets/index-Bq4y0sH1.js', 'gzip, deflate, br, zstd');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-encoding']).toBe('br');
    expect(response.headers['content-type']).toContain('javascript');
    expect(response.headers.vary).toContain('accept-encoding');
    expect(brotliDecompressSync(response.rawPayload).toString()).toBe(hashedScript);
  });

  it('fall back to gzip, then to the plain file', async () => {
    const gzipped = await get('/assets/index-Bq4y0sH1.js', 'gzip, deflate');
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzipped.rawPayload).toString()).toBe(hashedScript);

    const plain = await get('/assets/index-Bq4y0sH1.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(hashedScript);
  });

  it('let browsers keep hashed assets for a year without asking again', async () => {
    for (const encoding of ['br', 'gzip', undefined]) {
      const response = await get('/assets/index-Bq4y0sH1.js', encoding);
      expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    }
  });

  it('make browsers revalidate index.html, the app routes, the widget loader and the demo', async () => {
    for (const url of [
      '/',
      '/index.html',
      '/chats/some-route',
      '/widget/sangdam-widget.js',
      '/demo',
    ]) {
      const response = await get(url, 'br');
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['cache-control'], url).toBe('no-cache');
      expect(response.headers.etag ?? response.headers['last-modified'], url).toBeDefined();
    }
  });

  it('send the widget loader compressed too', async () => {
    const response = await get('/widget/sangdam-widget.js', 'gzip, deflate, br');
    expect(response.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(response.rawPayload).toString()).toBe(widgetLoader);
  });
});
