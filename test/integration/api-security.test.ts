import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeAddress } from '../../shared/address.js';
import { addressList } from '../../main/queries/index.js';
import { apiFixture, type ApiFixture } from '../support/api-fixtures.js';
import { rawRequest, type RawResponse } from '../support/http.js';
import { OpenApiValidator } from '../support/openapi-validator.js';

/**
 * The API is a local attack surface: these pin that bad input gets a 4xx JSON error (never a
 * crash, a stack trace or a path), that other sites and other machines are refused, and that the
 * answers carry strict headers.
 */
let api: ApiFixture;
let openapi: OpenApiValidator;
let known: string;

beforeAll(async () => {
  api = await apiFixture({ farmers: 20, days: 2 });
  openapi = new OpenApiValidator(await (await api.request('/openapi.json')).json());
  known = addressList(api.context.db, { limit: 1 })[0]!.address;
});

afterAll(async () => {
  await api?.close();
});

const sent = new WeakMap<RawResponse, { method: string; path: string }>();

async function send(path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<RawResponse> {
  const response = await rawRequest({ port: api.server.port }, { path, ...options });
  sent.set(response, { method: options.method ?? 'GET', path });
  return response;
}

/** Errors of documented operations must fit the document too (404s of unknown paths have none). */
function checkAgainstDocument(response: RawResponse, body: unknown): void {
  const request = sent.get(response);
  if (request === undefined) return;
  let template: string;
  try {
    template = openapi.templateOf(request.path.split('?', 1)[0]!);
  } catch {
    return;
  }
  if (openapi.document.paths[template]?.[request.method.toLowerCase()] === undefined) return;
  openapi.check(request.method, request.path, response.status, String(response.headers['content-type']), body);
}

/** A 4xx answer in the envelope, with no stack trace and no file path. */
function expectJsonError(response: RawResponse, status: number, code: string): { code: string; message: string } {
  expect(response.status, response.body).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  const body = JSON.parse(response.body) as { error: { code: string; message: string } };
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error.code).toBe(code);
  expect(body.error.message).not.toMatch(/\n\s+at |node_modules|\/work\/|\/tmp\/|\.ts:\d/);
  checkAgainstDocument(response, body);
  return body.error;
}

const wrongChecksum = (address: string): string => address.slice(0, -1) + (address.endsWith('a') ? 'b' : 'a');

describe('bad inputs give 4xx JSON errors', () => {
  it('a malformed address is 400 invalid_address with the reason', async () => {
    const cases: Array<[string, RegExp]> = [
      ['0OIl', /not base58/],
      ['1abc', /decodes to/],
      ['x'.repeat(36), /at most 35/],
      [wrongChecksum(known), /checksum/],
      [encodeAddress(0x30, new Uint8Array(20)), /version byte 0x30/],
    ];
    for (const [address, reason] of cases) {
      for (const path of [`/api/summary/${address}`, `/api/v1/addresses/${address}`]) {
        const error = expectJsonError(await send(path), 400, 'invalid_address');
        expect(error.message).toMatch(reason);
        openapi.check('GET', path, 400, 'application/json', { error });
      }
    }
  });

  it('SQL and path-traversal strings are refused as addresses or not routed at all', async () => {
    for (const attempt of [
      "1'%20OR%20'1'='1",
      '1%3BDROP%20TABLE%20addresses',
      '..%2F..%2Fetc%2Fpasswd',
      '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    ]) {
      expectJsonError(await send(`/api/summary/${attempt}`), 400, 'invalid_address');
    }
    for (const path of ['/api/summary/../../../etc/passwd', '/../../etc/passwd', '/api/v1/%2e%2e/%2e%2e/package.json']) {
      const response = await send(path);
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      expect(response.body).not.toContain('root:');
      expect(response.body).not.toContain('"dependencies"');
      JSON.parse(response.body);
    }
  });

  it('huge paths and headers are refused, the server keeps serving', async () => {
    expectJsonError(await send(`/api/summary/${'1'.repeat(5000)}`), 414, 'bad_request');
    expectJsonError(await send(`/api/v1/network?points=5&from=${'9'.repeat(3000)}`), 414, 'bad_request');
    const overflow = await send(`/api/v1/status`, { headers: { 'x-filler': 'a'.repeat(20_000) } });
    expectJsonError(overflow, 431, 'bad_request');
    expect((await send('/api/v1/status')).status).toBe(200);
  });

  it('bad dates, bad numbers and unknown parameters are 400 bad_request saying which', async () => {
    const cases: Array<[string, RegExp]> = [
      ['/api/v1/network?from=yesterday', /from/],
      ['/api/v1/network?from=2015-02-30', /not a real date/],
      ['/api/v1/network?to=2015-11-10T25:00:00Z', /to/],
      ['/api/v1/network?from=2015-11-10&to=2015-11-01', /from must not be after to/],
      ['/api/v1/network?points=-1', /points: must be >= 2/],
      ['/api/v1/network/storage?points=abc', /points/],
      ['/api/v1/network?points=1&points=2', /points/],
      ['/api/v1/network?color=red', /unknown parameter color/],
      ['/api/v1/addresses?sort=name', /sort/],
      ['/api/v1/addresses?limit=0', /limit/],
      ['/api/v1/addresses?q=0OIl', /q/],
      [`/api/v1/addresses/${'1BoatSLRHtKNngkdXEeobR76b53LETtpyT'}?days=366`, /days/],
      [`/api/v1/addresses/${'1BoatSLRHtKNngkdXEeobR76b53LETtpyT'}?format=xml`, /format/],
      ['/api/summary/1BoatSLRHtKNngkdXEeobR76b53LETtpyT?days=3', /unknown parameter days/],
      ['/json?callback=x', /unknown parameter callback/],
      ['/metrics?x=1', /unknown parameter x/],
    ];
    for (const [path, reason] of cases) expect(expectJsonError(await send(path), 400, 'bad_request').message, path).toMatch(reason);
  });

  it('bad bodies are refused: not JSON, wrong shape, unknown key, bad watched address', async () => {
    const put = (body: string) => send('/api/v1/settings', { method: 'PUT', headers: { 'content-type': 'application/json' }, body });
    expectJsonError(await put('{"theme":'), 400, 'bad_request');
    expect(expectJsonError(await put('{"theme":"pink"}'), 400, 'bad_request').message).toMatch(/theme/);
    expect(expectJsonError(await put('{"colour":"red"}'), 400, 'bad_request').message).toMatch(/unknown parameter colour/);
    expect(expectJsonError(await put(`{"watchedAddresses":["${wrongChecksum(known)}"]}`), 400, 'invalid_address').message).toMatch(/checksum/);
    expect(expectJsonError(await put('{"corsOrigins":["http://example.com/path"]}'), 400, 'bad_request').message).toMatch(/origin/);
    expectJsonError(await put(JSON.stringify({ watchedAddresses: ['x'.repeat(70_000)] })), 413, 'bad_request');
    expect(api.context.settings.get().theme).toBe('system');
  });

  it('unknown routes are 404 and wrong methods 405 with Allow, as JSON', async () => {
    expectJsonError(await send('/api/v2/everything'), 404, 'not_found');
    expectJsonError(await send('/admin'), 404, 'not_found');
    const wrongMethod = await send('/api/v1/status', { method: 'DELETE' });
    expectJsonError(wrongMethod, 405, 'method_not_allowed');
    expect(wrongMethod.headers.allow).toBe('GET, HEAD');
    const postSummary = await send(`/api/summary/${known}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expectJsonError(postSummary, 405, 'method_not_allowed');
  });

  it('a wrong method is 405 with Allow before anything about its body: no Content-Type, a foreign one, or invalid JSON', async () => {
    const bodies: Array<{ headers?: Record<string, string>; body: string }> = [
      { body: '{"a":1}' },
      { headers: { 'content-type': 'text/plain' }, body: 'hello' },
      { headers: { 'content-type': 'application/json' }, body: '{not json' },
    ];
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      for (const path of ['/api/v1/status', `/api/summary/${known}`, '/api/v1/network']) {
        for (const request of bodies) {
          const answer = await send(path, { method, ...request });
          expectJsonError(answer, 405, 'method_not_allowed');
          expect(answer.headers.allow).toBe('GET, HEAD');
        }
      }
    }
    expectJsonError(await send('/api/v1/status', { method: 'DELETE', headers: { host: 'evil.example' }, body: 'x' }), 403, 'forbidden');
  });
});

describe('other sites and other machines are refused', () => {
  it('a foreign Host header gets 403 (DNS rebinding)', async () => {
    for (const host of ['evil.example', `evil.example:${api.server.port}`, `127.0.0.1:${api.server.port + 1}`, `localhost.evil.example:${api.server.port}`]) {
      expectJsonError(await send('/api/v1/status', { headers: { host } }), 403, 'forbidden');
    }
    for (const host of [`localhost:${api.server.port}`, `127.0.0.1:${api.server.port}`, `[::1]:${api.server.port}`]) {
      expect((await send('/api/v1/status', { headers: { host } })).status).toBe(200);
    }
  });

  it('state-changing requests need JSON and our own Origin', async () => {
    const body = '{"theme":"dark"}';
    expectJsonError(await send('/api/v1/settings', { method: 'PUT', headers: { 'content-type': 'text/plain' }, body }), 415, 'bad_request');
    expectJsonError(await send('/api/v1/settings', { method: 'PUT', body }), 415, 'bad_request');
    expectJsonError(
      await send('/api/v1/settings', { method: 'PUT', headers: { 'content-type': 'application/json', origin: 'https://evil.example' }, body }),
      403,
      'forbidden',
    );
    expect(api.context.settings.get().theme).toBe('system');
    // A body-less POST (a cancel) needs no Content-Type, but a foreign Origin is still refused.
    expectJsonError(await send('/api/v1/imports/some-id/cancel', { method: 'POST', headers: { origin: 'https://evil.example' } }), 403, 'forbidden');
    expectJsonError(await send('/api/v1/imports/some-id/cancel', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1' }), 415, 'bad_request');
    expectJsonError(await send('/api/v1/imports/some-id/cancel', { method: 'POST' }), 404, 'not_found');
    const own = await send('/api/v1/settings', { method: 'PUT', headers: { 'content-type': 'application/json', origin: `http://localhost:${api.server.port}` }, body });
    expect(own.status).toBe(200);
    expect(api.context.settings.get().theme).toBe('dark');
  });

  it('sends no CORS headers unless the origin is on the allow-list', async () => {
    const origin = 'http://localhost:8080';
    const before = await send('/api/v1/status', { headers: { origin } });
    expect(before.headers['access-control-allow-origin']).toBeUndefined();
    expectJsonError(await send('/api/v1/status', { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'GET' } }), 403, 'forbidden');

    api.context.settings.update({ corsOrigins: [origin] });
    const after = await send('/api/v1/status', { headers: { origin } });
    expect(after.headers['access-control-allow-origin']).toBe(origin);
    const preflight = await send('/api/v1/settings', { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'PUT' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-methods']).toContain('PUT');
    const other = await send('/api/v1/status', { headers: { origin: 'http://localhost:9999' } });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    api.context.settings.update({ corsOrigins: [] });
  });

  it('listens on 127.0.0.1 only: a non-loopback address of this machine refuses the connection', async (context) => {
    expect(api.server.address.address).toBe('127.0.0.1');
    const external = Object.values(networkInterfaces())
      .flat()
      .find((entry) => entry !== undefined && !entry.internal && entry.family === 'IPv4');
    if (external === undefined) {
      context.skip('this machine has no non-loopback IPv4 address to try');
      return;
    }
    const outcome = await new Promise<string>((resolve) => {
      const socket = connect({ host: external.address, port: api.server.port, timeout: 2_000 });
      socket.on('connect', () => {
        socket.destroy();
        resolve('connected');
      });
      socket.on('timeout', () => {
        socket.destroy();
        resolve('timeout');
      });
      socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    });
    expect(outcome).not.toBe('connected');
  });
});

describe('headers', () => {
  it('every answer carries strict security headers, and API answers are never cached', async () => {
    for (const path of ['/api/v1/status', '/api/v1/nothing', `/api/summary/${known}`, '/metrics']) {
      const response = await send(path);
      expect(response.headers['content-security-policy']).toContain("default-src 'none'");
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['referrer-policy']).toBe('no-referrer');
      expect(response.headers['cache-control']).toBe('no-store');
    }
  });
});

describe('the OpenAPI check itself', () => {
  it('rejects a response that does not fit the document', () => {
    expect(() => openapi.check('GET', `/api/summary/${known}`, 200, 'application/json', [{ date: 1 }])).toThrow(/does not match/);
    expect(() => openapi.check('GET', '/api/v1/status', 418, 'application/json', {})).toThrow(/not documented/);
  });
});
