import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, brotliDecompressSync, constants, gunzipSync, gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiFixture, type ApiFixture } from '../support/api-fixtures.js';
import { rawRequest, type RawResponse } from '../support/http.js';

/** Headless mode: the built dashboard is served from the API's own origin, under the same rules. */
const INDEX = '<!doctype html><html><head><script type="module" src="/assets/app-1a2b3c.js"></script></head><body><div id="app"></div></body></html>';

/** A script large enough to be compressed. */
const CHART_SCRIPT = Array.from({ length: 400 }, (_, index) => `export const value${index} = ${index * 7919};`).join('\n');
/** A script the build has compressed already (at a quality the server itself never uses, to tell them apart). */
const BUILT_SCRIPT = Array.from({ length: 400 }, (_, index) => `export const built${index} = ${index * 104_729};`).join('\n');
const BUILT_BR = brotliCompressSync(BUILT_SCRIPT, { params: { [constants.BROTLI_PARAM_QUALITY]: 1 } });
const BUILT_GZ = gzipSync(BUILT_SCRIPT, { level: 1 });

describe('with a built renderer', () => {
  let api: ApiFixture;
  let rendererDir: string;

  beforeAll(async () => {
    rendererDir = mkdtempSync(join(tmpdir(), 'driveshare-renderer-'));
    mkdirSync(join(rendererDir, 'assets'));
    writeFileSync(join(rendererDir, 'index.html'), INDEX);
    writeFileSync(join(rendererDir, 'assets', 'app-1a2b3c.js'), 'console.log("dashboard");\n');
    writeFileSync(join(rendererDir, 'assets', 'charts-4d5e6f.js'), CHART_SCRIPT);
    writeFileSync(join(rendererDir, 'assets', 'built-7a8b9c.js'), BUILT_SCRIPT);
    writeFileSync(join(rendererDir, 'assets', 'built-7a8b9c.js.br'), BUILT_BR);
    writeFileSync(join(rendererDir, 'assets', 'built-7a8b9c.js.gz'), BUILT_GZ);
    api = await apiFixture({ farmers: 5, days: 1, api: { rendererDir } });
  });

  afterAll(async () => {
    await api?.close();
    rmSync(rendererDir, { recursive: true, force: true });
  });

  it('serves index.html at / with a strict Content-Security-Policy and no caching', async () => {
    const response = await api.request('/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await response.text()).toBe(INDEX);
    const policy = response.headers.get('content-security-policy')!;
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("connect-src 'self'");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).not.toContain('unsafe');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('serves hashed assets as immutable, and a missing asset is a JSON 404', async () => {
    const asset = await api.request('/assets/app-1a2b3c.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    const missing = await api.request('/assets/app-ffffff.js', { headers: { accept: 'text/html' } });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 'not_found' } });
  });

  /** The asset at `path` in `encoding`. */
  const getAsset = (path: string, encoding: string) => rawRequest({ port: api.server.port }, { path, headers: { 'accept-encoding': encoding } });

  /**
   * The asset's brotli answer once it is `expected`: the compressed forms are prepared in the
   * background after start, and until then the plugin compresses per request.
   */
  async function brotliOnceReady(path: string, expected: Buffer): Promise<RawResponse> {
    let br = await getAsset(path, 'br');
    for (let tries = 0; tries < 50 && !br.bytes.equals(expected); tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      br = await getAsset(path, 'br');
    }
    return br;
  }

  it('serves scripts compressed once ahead (best brotli, gzip), under the same headers', async () => {
    const ahead = brotliCompressSync(CHART_SCRIPT, { params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY } });
    const get = (encoding: string) => getAsset('/assets/charts-4d5e6f.js', encoding);
    const br = await brotliOnceReady('/assets/charts-4d5e6f.js', ahead);
    expect(br.bytes.equals(ahead)).toBe(true);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(br.headers['cache-control']).toContain('immutable');
    expect(br.headers['content-security-policy']).toBeDefined();
    expect(String(br.headers.vary).toLowerCase()).toContain('accept-encoding');
    expect(brotliDecompressSync(br.bytes).toString('utf8')).toBe(CHART_SCRIPT);
    const gzip = await get('gzip');
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.bytes).toString('utf8')).toBe(CHART_SCRIPT);
    const plain = await get('identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(CHART_SCRIPT);
  });

  it('serves the forms the build wrote beside a script as they are', async () => {
    const br = await brotliOnceReady('/assets/built-7a8b9c.js', BUILT_BR);
    expect(br.bytes.equals(BUILT_BR)).toBe(true);
    expect(br.headers['content-encoding']).toBe('br');
    const gzip = await getAsset('/assets/built-7a8b9c.js', 'gzip');
    expect(gzip.bytes.equals(BUILT_GZ)).toBe(true);
    expect(gunzipSync(gzip.bytes).toString('utf8')).toBe(BUILT_SCRIPT);
  });

  it('answers client-side routes navigated to by a browser with the app shell, never API paths', async () => {
    const page = await api.request('/address/1BoatSLRHtKNngkdXEeobR76b53LETtpyT', { headers: { accept: 'text/html,application/xhtml+xml' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toBe(INDEX);
    const api404 = await api.request('/api/v1/nothing', { headers: { accept: 'text/html' } });
    expect(api404.status).toBe(404);
    expect(await api404.json()).toMatchObject({ error: { code: 'not_found' } });
    const script = await api.request('/address/x');
    expect(script.status).toBe(404);
  });

  it('never serves files outside the renderer folder', async () => {
    for (const path of ['/../package.json', '/%2e%2e/package.json', '/assets/..%2f..%2fpackage.json', '/.%2e/.%2e/etc/passwd']) {
      const response = await rawRequest({ port: api.server.port }, { path, headers: { accept: 'text/html' } });
      expect(response.body).not.toContain('"devDependencies"');
      expect(response.body).not.toContain('root:');
    }
  });
});

describe('without a built renderer', () => {
  let api: ApiFixture;

  beforeAll(async () => {
    api = await apiFixture({ farmers: 5, days: 1, api: { rendererDir: join(tmpdir(), 'driveshare-no-such-renderer') } });
  });

  afterAll(async () => {
    await api?.close();
  });

  it('says clearly, with a 503 page, how to build it — and the API still works', async () => {
    const response = await api.request('/');
    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await response.text()).toContain('npm run build:renderer');
    const route = await api.request('/network', { headers: { accept: 'text/html' } });
    expect(route.status).toBe(503);
    expect((await api.request('/api/v1/status')).status).toBe(200);
  });
});
