import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors.js';
import type { NetworkPayload } from '../../../shared/model/network.js';
import { DEFAULT_SETTINGS } from '../../../shared/model/settings.js';
import { ENGINE_EVENT_NAME, HttpClient, type EventStream } from '../../../renderer/transport/http-client.js';

const EMPTY_NETWORK: NetworkPayload = {
  asOf: null,
  figures: { asOf: null, fallback: false },
  range: { from: 0, to: 0 },
  storage: [],
  farmers: [],
  coverage: [],
  history: null,
  latest: null,
  averageCapacityGB: null,
  minMaxPerDay: [],
  uptime: { histogram: new Array<number>(20).fill(0), average: null, activeFarmers: 0 },
  heights: [],
};

/** A real HTTP server on loopback that answers like the local API does, including its errors. */
type Seen = { method: string; url: string; body: string };
let server: Server;
let baseUrl: string;
const seen: Seen[] = [];

function answer(request: IncomingMessage, response: ServerResponse, body: string): void {
  seen.push({ method: request.method ?? '', url: request.url ?? '', body });
  const send = (status: number, payload: unknown, type = 'application/json') => {
    response.writeHead(status, { 'content-type': type });
    response.end(typeof payload === 'string' ? payload : JSON.stringify(payload));
  };
  const url = request.url ?? '';
  if (url.startsWith('/api/summary/1BadChecksum')) return send(400, { error: { code: 'invalid_address', message: 'the checksum does not match' } });
  if (url.startsWith('/api/v1/status')) return send(503, { error: { code: 'from_the_future', message: 'engine starting' } });
  if (url.startsWith('/api/summary/1WrongShape')) return send(200, [{ date: '2015-11-10 00:00:00', uptime: '84600' }]);
  if (url.startsWith('/api/v1/settings') && request.method === 'PUT') return send(200, { ...DEFAULT_SETTINGS, ...JSON.parse(body) });
  if (url.startsWith('/api/v1/settings')) return send(200, { ...DEFAULT_SETTINGS, apiPort: 'seventy-seven-eighty' });
  if (url.startsWith('/api/v1/network')) return send(200, EMPTY_NETWORK);
  if (url.startsWith('/api/v1/imports/current')) return send(200, 'null');
  if (url.startsWith('/api/v1/events/history')) return send(200, { events: [], nextCursor: null });
  if (url.startsWith('/api/v1/alerts/deliveries')) return send(200, { deliveries: [], nextCursor: 5 });
  if (url.startsWith('/api/v1/alerts/test')) return send(200, { ok: false, channelId: 'ops', latencyMs: 3, error: 'HTTP 500 Internal Server Error: no' });
  if (url.startsWith('/broken')) return send(500, '<html>proxy error</html>', 'text/html');
  if (url.startsWith('/api/v1/addresses')) return send(200, '<html>not json</html>', 'text/html');
  return send(404, { error: { code: 'not_found', message: `no route ${url}` } });
}

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => answer(request, response, body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const client = () => new HttpClient({ baseUrl, openEvents: () => ({ addEventListener() {}, close() {} }) });

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('the HTTP transport', () => {
  it('rebuilds the AppError of an error envelope, code and message', async () => {
    const error = await rejection(client().summary('1BadChecksum'));
    expect(error.code).toBe('invalid_address');
    expect(error.message).toBe('the checksum does not match');
  });

  it('maps an unknown error code to internal but keeps the message', async () => {
    const error = await rejection(client().status());
    expect(error.code).toBe('internal');
    expect(error.message).toBe('engine starting');
  });

  it('turns a failure without an envelope into an error that names the status', async () => {
    const error = await rejection(new HttpClient({ baseUrl: `${baseUrl}/broken` }).status());
    expect(error.code).toBe('internal');
    expect(error.message).toContain('HTTP 500');
  });

  it('reports a success body that is not JSON instead of handing it on', async () => {
    const error = await rejection(client().addresses({}));
    expect(error.message).toContain('not JSON');
  });

  it('reports an unreachable API as unavailable, naming where it looked', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await rejection(new HttpClient({ baseUrl: `http://127.0.0.1:${port}` }).status());
    expect(error.code).toBe('unavailable');
    expect(error.message).toContain(`127.0.0.1:${port}`);
  });

  it('sends times as ISO 8601, leaves absent parameters out, and hands on an answer that matches the shared schema', async () => {
    seen.length = 0;
    expect(await client().network({ from: Date.UTC(2015, 10, 1), points: 600 })).toEqual(EMPTY_NETWORK);
    expect(seen[0]?.url).toBe('/api/v1/network?from=2015-11-01T00%3A00%3A00.000Z&points=600');
  });

  it('sends a settings patch as a JSON body and returns the answer', async () => {
    const answered = await client().updateSettings({ intervalSeconds: 60 });
    expect(answered).toEqual({ ...DEFAULT_SETTINGS, intervalSeconds: 60 });
    expect(seen.at(-1)).toMatchObject({ method: 'PUT', body: '{"intervalSeconds":60}' });
  });

  it('refuses a successful answer whose shape differs from the shared schema, saying where', async () => {
    const rows = await rejection(client().summary('1WrongShape'));
    expect(rows.code).toBe('internal');
    expect(rows.message).toMatch(/^the local API answered \/api\/summary\/1WrongShape with an unexpected shape \(\/0/);
    const settings = await rejection(client().getSettings());
    expect(settings.message).toContain('/apiPort');
  });

  it('returns null for "no import yet"', async () => {
    expect(await client().importStatus()).toBeNull();
  });

  it('links to the same origin and opens only http(s) links', async () => {
    const opened: string[] = [];
    const http = new HttpClient({ baseUrl: `${baseUrl}/`, openWindow: (url) => opened.push(url) });
    expect(http.apiUrl('/api/summary/x')).toBe(`${baseUrl}/api/summary/x`);
    expect(http.pickImportSource).toBeNull();
    await http.openExternal('https://example.org/');
    await expect(http.openExternal('file:///etc/passwd')).rejects.toThrow(/only http\(s\)/);
    expect(opened).toEqual(['https://example.org/']);
  });

  it('shares one event stream between listeners, skips malformed messages and closes after the last one leaves', () => {
    type RecordingStream = EventStream & { closed: boolean; push(data: string): void };
    const streams: RecordingStream[] = [];
    const http = new HttpClient({
      baseUrl,
      openEvents: () => {
        const listeners: ((message: MessageEvent<string>) => void)[] = [];
        const stream: RecordingStream = {
          closed: false,
          addEventListener: (type, listener) => {
            if (type === ENGINE_EVENT_NAME) listeners.push(listener);
          },
          close: () => (stream.closed = true),
          push: (data) => listeners.forEach((listener) => listener({ data } as MessageEvent<string>)),
        };
        streams.push(stream);
        return stream;
      },
    });
    const first: string[] = [];
    const second: string[] = [];
    const stopFirst = http.onEvent((event) => first.push(event.type));
    const stopSecond = http.onEvent((event) => second.push(event.type));
    expect(streams).toHaveLength(1);
    streams[0]!.push('{"type":"aggregated","foldedThrough":1}');
    streams[0]!.push('not json');
    expect(first).toEqual(['aggregated']);
    expect(second).toEqual(['aggregated']);
    stopFirst();
    expect(streams[0]!.closed).toBe(false);
    stopSecond();
    expect(streams[0]!.closed).toBe(true);
  });
});

describe('the events, heartbeat and alert requests', () => {
  it('send the query the local API documents and check the answers against the shared schemas', async () => {
    seen.length = 0;
    const http = client();
    await http.eventHistory({ address: '1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa', from: Date.UTC(2026, 0, 1), limit: 5, cursor: 'abc' });
    expect(await http.alertDeliveries({ before: 9, limit: 20 })).toEqual({ deliveries: [], nextCursor: 5 });
    expect(await http.testAlertChannel('ops')).toMatchObject({ ok: false, error: 'HTTP 500 Internal Server Error: no' });
    // The stub answers the heartbeat with HTML, as a proxy might: a clear error, not a view reading missing fields.
    expect((await rejection(http.heartbeat('1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa', 720))).message).toMatch(/not JSON/);
    expect(seen.map((request) => `${request.method} ${request.url} ${request.body}`)).toEqual([
      'GET /api/v1/events/history?address=1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa&from=2026-01-01T00%3A00%3A00.000Z&limit=5&cursor=abc ',
      'GET /api/v1/alerts/deliveries?before=9&limit=20 ',
      'POST /api/v1/alerts/test {"channel":"ops"}',
      'GET /api/v1/addresses/1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa/heartbeat?hours=720 ',
    ]);
  });
});
