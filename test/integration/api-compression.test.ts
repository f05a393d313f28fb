import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiFixture, type ApiFixture } from '../support/api-fixtures.js';
import { rawRequest, type RawResponse } from '../support/http.js';

/** Answers over real HTTP in each encoding a client may accept, decoded back to the same JSON. */
let api: ApiFixture;

beforeAll(async () => {
  api = await apiFixture({ farmers: 40, days: 3 });
});

afterAll(async () => {
  await api?.close();
});

function get(path: string, acceptEncoding?: string): Promise<RawResponse> {
  return rawRequest({ port: api.server.port }, { path, headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding } });
}

function decode(response: RawResponse): string {
  const encoding = response.headers['content-encoding'];
  if (encoding === 'br') return brotliDecompressSync(response.bytes).toString('utf8');
  if (encoding === 'gzip') return gunzipSync(response.bytes).toString('utf8');
  expect(encoding).toBeUndefined();
  return response.body;
}

describe('compressed answers', () => {
  for (const path of ['/api/v1/network', '/api/v1/network?points=50', '/openapi.json']) {
    it(`${path} is sent as brotli, gzip or plain as asked, with the same content`, async () => {
      const plain = await get(path);
      expect(plain.status).toBe(200);
      expect(plain.headers['content-encoding']).toBeUndefined();
      const expected: unknown = JSON.parse(plain.body);

      const br = await get(path, 'gzip, deflate, br');
      expect(br.headers['content-encoding']).toBe('br');
      expect(br.bytes.length).toBeLessThan(plain.bytes.length / 3);
      expect(JSON.parse(decode(br))).toEqual(expected);

      const gzip = await get(path, 'gzip, br;q=0');
      expect(gzip.headers['content-encoding']).toBe('gzip');
      expect(JSON.parse(decode(gzip))).toEqual(expected);

      expect(String(br.headers.vary).toLowerCase()).toContain('accept-encoding');
    });
  }

  it('a cached network answer is the same bytes on a second request, not compressed twice', async () => {
    const first = await get('/api/v1/network', 'br');
    const second = await get('/api/v1/network', 'br');
    expect(second.bytes.equals(first.bytes)).toBe(true);
    expect(JSON.parse(decode(second))).toHaveProperty('storage');
  });

  it('a small answer stays plain', async () => {
    const status = await get('/api/v1/status', 'br, gzip');
    expect(status.status).toBe(200);
    expect(Buffer.byteLength(status.body)).toBeLessThan(1024);
    expect(status.headers['content-encoding']).toBeUndefined();
  });
});
