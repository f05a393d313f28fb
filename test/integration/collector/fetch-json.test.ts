import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FetchFailure, fetchJson } from '../../../main/collector/fetch-json.js';

async function failureOf(promise: Promise<unknown>): Promise<FetchFailure> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof FetchFailure) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

describe('fetchJson over real HTTP', () => {
  let server: Server;
  let base: string;

  beforeAll(async () => {
    server = createServer((request, response) => {
      switch (request.url) {
        case '/ok':
          response.writeHead(200, { 'content-type': 'application/json' }).end('{"farmers":[]}');
          return;
        case '/declared-huge':
          // Claims a body over the cap: refused from the header, before any of it is read.
          response.writeHead(200, { 'content-type': 'application/json', 'content-length': String(10 * 1024 * 1024) });
          response.write('{"farmers":[');
          return;
        case '/unavailable':
          response.writeHead(503).end('down for maintenance');
          return;
        case '/stalls-mid-body':
          response.writeHead(200, { 'content-type': 'application/json' });
          response.write('{"farmers":[');
          return;
        default:
          response.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('returns the parsed body', async () => {
    expect(await fetchJson(`${base}/ok`)).toEqual({ farmers: [] });
  });

  it('refuses a body whose declared length is over the cap as too_large', async () => {
    const failure = await failureOf(fetchJson(`${base}/declared-huge`, { maxBodyBytes: 1024 * 1024 }));
    expect(failure.code).toBe('too_large');
    expect(failure.message).toContain('10485760 bytes exceeds the 1048576-byte cap');
  });

  it('reports an HTTP error status with the status in the message', async () => {
    const failure = await failureOf(fetchJson(`${base}/unavailable`));
    expect(failure.code).toBe('http_status');
    expect(failure.message).toMatch(/HTTP 503/);
  });

  it('times out a body that stops arriving, not only a server that never answers', async () => {
    const failure = await failureOf(fetchJson(`${base}/stalls-mid-body`, { timeoutMs: 300 }));
    expect(failure.code).toBe('timeout');
    expect(failure.message).toMatch(/within 0.3 s/);
  });
});
