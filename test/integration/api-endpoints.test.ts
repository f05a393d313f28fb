import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressDetail, AddressListItem, SummaryRow } from '../../shared/model/address.js';
import type { NetworkPayload } from '../../shared/model/network.js';
import type { Settings } from '../../shared/model/settings.js';
import type { Status } from '../../shared/model/status.js';
import type { EngineEvent } from '../../shared/model/events.js';
import { addressDetail, addressList, addressSummary, networkPayload, noonTotals } from '../../main/queries/index.js';
import { startSimulator, type Simulator } from '../../main/simulator/server.js';
import { apiFixture, type ApiFixture } from '../support/api-fixtures.js';
import { OpenApiValidator } from '../support/openapi-validator.js';

/**
 * Every endpoint over real HTTP on 127.0.0.1, on simulated history stored through the real ingest
 * path and folded by the real job. Each answer must equal what the query functions return (the
 * routes are thin adapters) and fit /openapi.json.
 */
let api: ApiFixture;
let openapi: OpenApiValidator;
let simulator: Simulator;
let known: string;
let watchedEvents = 0;

async function get(path: string, init?: RequestInit): Promise<unknown> {
  const response = await api.request(path, init);
  expect(response.status, `${path}`).toBeLessThan(300);
  return openapi.read(init?.method ?? 'GET', path, response);
}

function jsonInit(method: string, body: unknown): RequestInit {
  return { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

beforeAll(async () => {
  api = await apiFixture({ farmers: 40, days: 3 });
  const subscribe = api.context.subscribe;
  api.context.subscribe = (listener) => {
    watchedEvents += 1;
    const unsubscribe = subscribe(listener);
    return () => {
      watchedEvents -= 1;
      unsubscribe();
    };
  };
  openapi = new OpenApiValidator(await (await api.request('/openapi.json')).json());
  simulator = await startSimulator({ port: 0, host: '127.0.0.1', farmers: 10 });
  known = addressList(api.context.db, { sort: 'points', limit: 1 })[0]!.address;
});

afterAll(async () => {
  await simulator?.close();
  await api?.close();
});

describe('the original endpoints', () => {
  it('/api/summary/:btc_addr answers the query function\'s rows, and [] for an unknown address', async () => {
    const rows = (await get(`/api/summary/${known}`)) as SummaryRow[];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows).toEqual(addressSummary(api.context.db, known));
    expect(await get('/api/summary/1BoatSLRHtKNngkdXEeobR76b53LETtpyT')).toEqual([]);
  });

  it('/json answers one noon reading a day', async () => {
    const totals = (await get('/json')) as Array<{ time: number }>;
    expect(totals).toEqual(noonTotals(api.context.db));
    expect(totals.length).toBeGreaterThanOrEqual(2);
    for (const total of totals) expect(new Date(total.time).getUTCHours()).toBe(12);
  });
});

describe('the network endpoints', () => {
  it('/api/v1/network is the dashboard payload of the query function', async () => {
    const payload = (await get('/api/v1/network')) as NetworkPayload;
    expect(payload).toEqual(networkPayload(api.context.db, {}));
    expect(payload.asOf).not.toBeNull();
    expect(payload.uptime.histogram).toHaveLength(20);
  });

  it('takes from and to as ISO 8601 and points as the series size', async () => {
    const asOf = networkPayload(api.context.db, {}).asOf!;
    const from = new Date(asOf - 86_400_000).toISOString();
    const to = new Date(asOf).toISOString();
    const payload = (await get(`/api/v1/network?from=${from}&to=${to}&points=24`)) as NetworkPayload;
    expect(payload.range).toEqual({ from: asOf - 86_400_000, to: asOf });
    expect(payload.storage.length).toBeLessThanOrEqual(25);
    expect(payload).toEqual(networkPayload(api.context.db, { from: asOf - 86_400_000, to: asOf, points: 24 }));
  });

  it('takes a span (ISO 8601 duration) that ends the window at the newest scrape, or at `to`', async () => {
    const asOf = networkPayload(api.context.db, {}).asOf!;
    const day = (await get('/api/v1/network?span=P1D&points=24')) as NetworkPayload;
    expect(day.range).toEqual({ from: asOf - 86_400_000, to: asOf });
    expect(day).toEqual(networkPayload(api.context.db, { span: 86_400_000, points: 24 }));
    const to = asOf - 6 * 3_600_000;
    const past = (await get(`/api/v1/network/minmax?span=PT12H&to=${new Date(to).toISOString()}`)) as { range: { from: number; to: number } };
    expect(past.range).toEqual({ from: to - 12 * 3_600_000, to });
  });

  it('refuses a span it cannot read, out of bounds, or given with from, saying why', async () => {
    const refusals = {
      'span=P1M': /span/,
      'span=PT30S': /span: "PT30S" must be between PT1M and P36500D/,
      [`span=P1D&from=${new Date(0).toISOString()}`]: /give from or span, not both/,
    };
    for (const [query, message] of Object.entries(refusals)) {
      const response = await api.request(`/api/v1/network?${query}`);
      expect(response.status, query).toBe(400);
      expect(((await response.json()) as { error: { message: string } }).error.message, query).toMatch(message);
    }
  });

  it('serves each part on its own route', async () => {
    const full = networkPayload(api.context.db, { points: 50 });
    expect(await get('/api/v1/network/storage?points=50')).toEqual({ asOf: full.asOf, range: full.range, series: full.storage, coverage: full.coverage });
    expect(await get('/api/v1/network/farmers?points=50')).toEqual({ asOf: full.asOf, range: full.range, series: full.farmers, coverage: full.coverage });
    expect(await get('/api/v1/network/minmax')).toEqual({ asOf: full.asOf, range: full.range, days: full.minMaxPerDay });
    expect(await get('/api/v1/network/uptime')).toEqual({ asOf: full.asOf, figures: full.figures, uptime: full.uptime });
  });

  it('gives the figures of the newest scrape at or before `to` when the range ends in the past', async () => {
    const full = networkPayload(api.context.db, { points: 50 });
    const to = full.asOf! - 30 * 3_600_000 + 1;
    const past = (await get(`/api/v1/network?to=${new Date(to).toISOString()}&points=50`)) as NetworkPayload;
    expect(past.asOf).toBe(full.asOf);
    expect(past.figures.fallback).toBe(false);
    expect(past.figures.asOf).toBeLessThanOrEqual(to);
    expect(past.figures.asOf).toBeGreaterThan(to - 3_600_000);
    expect(past.latest!.time).toBe(past.figures.asOf);
    expect(past.uptime).not.toEqual(full.uptime);
    expect(await get(`/api/v1/network/uptime?to=${new Date(to).toISOString()}`)).toEqual({ asOf: full.asOf, figures: past.figures, uptime: past.uptime });
  });
});

describe('the address endpoints', () => {
  it('/api/v1/addresses ranks by points, height or uptime and filters by prefix', async () => {
    for (const sort of ['points', 'height', 'uptime'] as const) {
      const list = (await get(`/api/v1/addresses?sort=${sort}&limit=5`)) as AddressListItem[];
      expect(list).toEqual(addressList(api.context.db, { sort, limit: 5 }));
      expect(list).toHaveLength(5);
    }
    const prefix = known.slice(0, 4);
    const matching = (await get(`/api/v1/addresses?q=${prefix}`)) as AddressListItem[];
    expect(matching.map((item) => item.address)).toContain(known);
    expect(matching.every((item) => item.address.startsWith(prefix))).toBe(true);
  });

  it('/api/v1/addresses/:btc_addr gives detail and summary, with days', async () => {
    const detail = (await get(`/api/v1/addresses/${known}`)) as AddressDetail;
    expect(detail).toEqual(addressDetail(api.context.db, known, 31));
    expect(detail.known).toBe(true);
    const short = (await get(`/api/v1/addresses/${known}?days=1`)) as AddressDetail;
    expect(short.summary).toHaveLength(1);
    const unknown = (await get('/api/v1/addresses/1BoatSLRHtKNngkdXEeobR76b53LETtpyT')) as AddressDetail;
    expect(unknown.known).toBe(false);
  });

  it('?format=csv downloads the summary with a filename', async () => {
    const response = await api.request(`/api/v1/addresses/${known}?format=csv&days=7`);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(response.headers.get('content-disposition')).toMatch(new RegExp(`^attachment; filename="driveshare-${known}-7d-\\d{4}-\\d{2}-\\d{2}\\.csv"$`));
    const text = (await openapi.read('GET', `/api/v1/addresses/${known}`, response)) as string;
    const lines = text.trimEnd().split('\r\n');
    const rows = addressSummary(api.context.db, known, 7);
    expect(lines[0]).toBe('date,uptime_seconds,duration_seconds,height,points,total_points,share_of_total_percent');
    expect(lines).toHaveLength(rows.length + 1);
    expect(lines[1]!.split(',').slice(0, 5)).toEqual([rows[0]!.date.slice(0, 10), String(rows[0]!.uptime), String(rows[0]!.duration), String(rows[0]!.height), String(rows[0]!.points)]);
  });
});

describe('status, metrics and the OpenAPI document', () => {
  it('/api/v1/status is the engine status', async () => {
    const status = (await get('/api/v1/status')) as Status;
    expect(status).toEqual(await api.engine.status());
    expect(status.store.scrapes).toBe(3 * 288);
    // Headless has no key store: the status says the secrets are in clear, and why.
    expect(status.secrets).toEqual({ encrypted: false, description: expect.stringMatching(/^stored in clear, .*\(0600\): headless, there is no key store$/) });
  });

  it('/metrics is Prometheus text with HELP and TYPE for every family and the network figures', async () => {
    await get('/api/v1/settings', jsonInit('PUT', { watchedAddresses: [known] }));
    const text = (await get('/metrics')) as string;
    const payload = networkPayload(api.context.db, {});
    const families = new Map<string, { help: boolean; type: string | null }>();
    for (const line of text.trimEnd().split('\n')) {
      const comment = /^# (HELP|TYPE) (\w+) (.*)$/.exec(line);
      if (comment !== null) {
        const family = families.get(comment[2]!) ?? { help: false, type: null };
        if (comment[1] === 'HELP') family.help = true;
        else family.type = comment[3]!;
        families.set(comment[2]!, family);
        continue;
      }
      const sample = /^(\w+)(\{[^}]*\})? (-?[\d.e+]+|NaN|[+-]Inf)$/.exec(line);
      expect(sample, line).not.toBeNull();
      const family = families.get(sample![1]!);
      expect(family?.help && family.type !== null, `${sample![1]} has HELP and TYPE before its samples`).toBe(true);
    }
    expect(families.get('driveshare_collector_scrapes_total')?.type).toBe('counter');
    expect(text).toContain(`driveshare_network_storage_terabytes ${payload.latest!.totalTB}\n`);
    expect(text).toContain(`driveshare_network_farmers ${payload.latest!.totalFarmers}\n`);
    expect(text).toContain(`driveshare_network_active_farmers ${payload.uptime.activeFarmers}\n`);
    expect(text).toContain(`driveshare_network_average_uptime_percent ${payload.uptime.average}\n`);
    expect(text).toContain('driveshare_collector_scrapes_total{result="failed"} 0\n');
    const detail = addressDetail(api.context.db, known, 1);
    expect(text).toContain(`driveshare_address_online{address="${known}"} ${Number(detail.onlineNow)}\n`);
    expect(text).toContain(`driveshare_address_height{address="${known}"} ${detail.height}\n`);
  });

  it('/openapi.json is OpenAPI 3.1 and documents every route with its parameters', async () => {
    const document = openapi.document as unknown as { openapi: string; paths: Record<string, Record<string, { parameters: Array<{ name: string; in: string }> }>> };
    expect(document.openapi).toBe('3.1.0');
    const routes = Object.entries(document.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`));
    expect(routes.sort()).toEqual(
      [
        'GET /api/summary/{btc_addr}',
        'GET /json',
        'GET /api/v1/network',
        'GET /api/v1/network/storage',
        'GET /api/v1/network/farmers',
        'GET /api/v1/network/minmax',
        'GET /api/v1/network/uptime',
        'GET /api/v1/addresses',
        'GET /api/v1/addresses/{btc_addr}',
        'GET /api/v1/addresses/{btc_addr}/heartbeat',
        'GET /api/v1/status',
        'GET /metrics',
        'GET /openapi.json',
        'GET /api/v1/events',
        'GET /api/v1/events/history',
        'GET /api/v1/settings',
        'PUT /api/v1/settings',
        'POST /api/v1/settings/test-source',
        'POST /api/v1/imports',
        'GET /api/v1/imports/current',
        'POST /api/v1/imports/{id}/cancel',
        'GET /api/v1/alerts/deliveries',
        'POST /api/v1/alerts/test',
      ].sort(),
    );
    const network = document.paths['/api/v1/network']!.get!.parameters.map((parameter) => `${parameter.in}:${parameter.name}`);
    expect(network.sort()).toEqual(['query:from', 'query:points', 'query:span', 'query:to']);
    const detail = document.paths['/api/v1/addresses/{btc_addr}']!.get!.parameters.map((parameter) => `${parameter.in}:${parameter.name}`);
    expect(detail.sort()).toEqual(['path:btc_addr', 'query:days', 'query:format']);
  });
});

describe('settings, source test and imports', () => {
  it('GET and PUT /api/v1/settings read and change the settings file', async () => {
    const changed = (await get('/api/v1/settings', jsonInit('PUT', { intervalSeconds: 120, theme: 'dark' }))) as Settings;
    expect(changed.intervalSeconds).toBe(120);
    expect(changed.theme).toBe('dark');
    expect(await get('/api/v1/settings')).toEqual(changed);
    expect(api.context.settings.get()).toEqual(changed);
    // Headless keeps them in settings.json in the data directory.
    expect(JSON.parse(readFileSync(join(api.dir, 'settings.json'), 'utf8'))).toEqual(changed);
  });

  it('POST /api/v1/settings/test-source says whether a status server answers', async () => {
    const good = (await get('/api/v1/settings/test-source', jsonInit('POST', { url: simulator.url }))) as { ok: boolean; farmers?: number };
    expect(good.ok).toBe(true);
    expect(good.farmers).toBeGreaterThan(0);
    const closed = await simulatorlessUrl();
    const bad = (await get('/api/v1/settings/test-source', jsonInit('POST', { url: closed }))) as { ok: boolean; error?: string };
    expect(bad.ok).toBe(false);
    expect(bad.error).toMatch(/127\.0\.0\.1/);
  });

  it('an import of a missing path is a 404 and nothing is running', async () => {
    expect(await get('/api/v1/imports/current')).toBeNull();
    const response = await api.request('/api/v1/imports', jsonInit('POST', { kind: 'path', path: '/nonexistent/GroupB' }));
    expect(response.status).toBe(404);
    expect(await openapi.read('POST', '/api/v1/imports', response)).toEqual({ error: { code: 'not_found', message: expect.stringMatching(/no such file/) } });
    expect(await get('/api/v1/imports/current')).toBeNull();
  });
});

describe('server-sent events', () => {
  it('streams engine events and unsubscribes when the client leaves', async () => {
    const controller = new AbortController();
    const response = await api.request('/api/v1/events', { signal: controller.signal });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(watchedEvents).toBe(1);
    const event: EngineEvent = { type: 'aggregated', foldedThrough: 1_700_000_000_000 };
    api.engine.hub.emit(event);
    const reader = response.body!.getReader();
    let text = '';
    while (!text.includes('event: engine')) text += new TextDecoder().decode((await reader.read()).value);
    while (!text.endsWith('\n\n')) text += new TextDecoder().decode((await reader.read()).value);
    expect(text).toContain(`data: ${JSON.stringify(event)}\n\n`);
    controller.abort();
    await expect.poll(() => watchedEvents).toBe(0);
  });
});

/** A loopback URL where nothing listens: the simulator's, after a second one is closed. */
async function simulatorlessUrl(): Promise<string> {
  const spare = await startSimulator({ port: 0, host: '127.0.0.1', farmers: 1 });
  await spare.close();
  return spare.url;
}
