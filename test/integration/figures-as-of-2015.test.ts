import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportProgress } from '../../shared/model/import.js';
import type { NetworkPayload } from '../../shared/model/network.js';
import { apiFixture, type ApiFixture } from '../support/api-fixtures.js';
import { OpenApiValidator } from '../support/openapi-validator.js';

/**
 * The 2015 fixture imported next to live (simulated 2026) history: a range over 2015-11-09..12
 * shows the 2015 figures the README states, over the engine's own API; a live range the newest.
 */
const FIXTURES = resolve('../shared/fixtures/driveshare-2015');
const present = existsSync(resolve(FIXTURES, 'totalStorage.bson')) && existsSync(resolve(FIXTURES, 'network.db'));
if (!present) console.log(`figures as of 2015: SKIPPED, ${FIXTURES} (totalStorage.bson, network.db) is absent`);

const NEWEST_2015 = '2015-11-12T18:14';
const RANGE_2015 = '/api/v1/network?from=2015-11-09&to=2015-11-12T23:59:59.999Z';

let api: ApiFixture;
let openapi: OpenApiValidator;

beforeAll(async () => {
  if (!present) return;
  api = await apiFixture({ farmers: 20, days: 1 });
  openapi = new OpenApiValidator(await (await api.request('/openapi.json')).json());
  const started = await api.request('/api/v1/imports', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ kind: 'path', path: FIXTURES }),
  });
  expect(started.status).toBe(202);
  await until(async () => ((await (await api.request('/api/v1/imports/current')).json()) as ImportProgress).state, 'done');
  // The import lies behind the live history: the job rebuilds, and the figures follow once it has.
  await until(async () => {
    const payload = (await (await api.request(RANGE_2015)).json()) as NetworkPayload;
    return payload.figures.asOf === null ? null : new Date(payload.figures.asOf).toISOString().slice(0, 16);
  }, NEWEST_2015);
}, 120_000);

/** Asks `read` every 100 ms until it answers `expected`; fails with the last answer after 60 s. */
async function until<T>(read: () => Promise<T>, expected: T): Promise<void> {
  const deadline = Date.now() + 60_000;
  let last = await read();
  while (last !== expected) {
    if (Date.now() > deadline) throw new Error(`still ${String(last)} after 60 s, expected ${String(expected)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    last = await read();
  }
}

afterAll(async () => {
  await api?.close();
});

describe.skipIf(!present)('figures as of 2015 next to live history', () => {
  it('a range over 2015-11-09..12 gives the figures the README states, as of 2015-11-12 18:14 UTC', async () => {
    const payload = (await openapi.read('GET', '/api/v1/network', await api.request(RANGE_2015))) as NetworkPayload;
    expect(new Date(payload.figures.asOf!).toISOString().slice(0, 16)).toBe(NEWEST_2015);
    expect(payload.figures.fallback).toBe(false);
    expect(payload.asOf).toBeGreaterThan(Date.UTC(2026, 0, 1));
    expect(payload.latest!.totalTB.toFixed(2)).toBe('1475.59');
    expect(payload.latest!.totalFarmers).toBe(326);
    expect(payload.averageCapacityGB).toBe(4526.35);
    expect(payload.uptime.average).toBe(82.37);
    expect(payload.uptime.activeFarmers).toBe(458);
    // The fixture has no farmer lists: no heights to show for 2015.
    expect(payload.heights).toEqual([]);
  });

  it('the uptime route answers the same figures for the same range', async () => {
    const response = await api.request('/api/v1/network/uptime?to=2015-11-12T23:59:59.999Z');
    const uptime = (await openapi.read('GET', '/api/v1/network/uptime', response)) as Pick<NetworkPayload, 'asOf' | 'figures' | 'uptime'>;
    expect(new Date(uptime.figures.asOf!).toISOString().slice(0, 16)).toBe(NEWEST_2015);
    expect(uptime.uptime.average).toBe(82.37);
    expect(uptime.uptime.activeFarmers).toBe(458);
  });

  it('a live range still shows the newest figures', async () => {
    const payload = (await openapi.read('GET', '/api/v1/network', await api.request('/api/v1/network?from=2015-11-09'))) as NetworkPayload;
    expect(payload.figures).toEqual({ asOf: payload.asOf, fallback: false });
    expect(payload.latest!.time).toBeGreaterThan(Date.UTC(2026, 0, 1));
    // The simulated network's few dozen farmers, none of the 2015 ones (their 7-day window ended in 2015).
    expect(payload.uptime.activeFarmers).toBeLessThan(100);
    expect(payload.averageCapacityGB).not.toBe(4526.35);
  });
});
