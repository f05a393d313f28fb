import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MS_PER_HOUR } from '../../shared/defaults.js';
import type { Heartbeat } from '../../shared/model/heartbeat.js';
import { addressList } from '../../main/queries/index.js';
import type { RawCursor } from '../../main/store/raw-store.js';
import { farmerAddress, toNewScrape } from '../support/aggregation-fixtures.js';
import { apiFixture, FIXTURE_NOW, type ApiFixture } from '../support/api-fixtures.js';
import { OpenApiValidator } from '../support/openapi-validator.js';

/**
 * GET /api/v1/addresses/:btc_addr/heartbeat over real HTTP on an engine whose worker keeps the
 * heartbeat: compared, hour by hour, with a count made directly from the stored snapshots.
 */
let api: ApiFixture;
let openapi: OpenApiValidator;
let watched: string[];
let unwatched: string;

async function heartbeat(address: string, query = ''): Promise<Heartbeat> {
  const response = await api.request(`/api/v1/addresses/${address}/heartbeat${query}`);
  expect(response.status, query).toBe(200);
  return (await openapi.read('GET', '/api/v1/addresses/{btc_addr}/heartbeat', response)) as Heartbeat;
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Per UTC hour: snapshots stored and those listing `address`, read from the raw store itself. */
async function referenceHours(address: string): Promise<{ hours: Map<number, { scrapes: number; listed: number }>; newest: number }> {
  const id = api.context.db.prepare<[string], { id: number }>('SELECT id FROM addresses WHERE address = ?').get(address)?.id;
  const hours = new Map<number, { scrapes: number; listed: number }>();
  let newest = 0;
  let cursor: RawCursor | null = null;
  for (;;) {
    const records = await api.engine.rawStore.readAfter(cursor, 50);
    if (records.length === 0) break;
    for (const record of records) {
      if (record.snapshot === null) continue;
      const hour = Math.floor(record.time / MS_PER_HOUR) * MS_PER_HOUR;
      const count = hours.get(hour) ?? { scrapes: 0, listed: 0 };
      count.scrapes += 1;
      if (id !== undefined && record.snapshot.ids.includes(id)) count.listed += 1;
      hours.set(hour, count);
      newest = Math.max(newest, record.time);
    }
    cursor = records.at(-1)!.cursor;
  }
  return { hours, newest };
}

const folded = (): number | null =>
  api.context.db.prepare<[], { t: number | null }>("SELECT json_extract(value, '$.window.lastTime') AS t FROM event_state WHERE name = 'derivation'").get()?.t ?? null;

beforeAll(async () => {
  api = await apiFixture({ farmers: 30, days: 3 });
  openapi = new OpenApiValidator(await (await api.request('/openapi.json')).json());
  const known = addressList(api.context.db, { sort: 'height', limit: 30 }).map((item) => item.address);
  watched = known.slice(0, 3);
  unwatched = known[3]!;
  const response = await api.request('/api/v1/settings', {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ watchedAddresses: watched }),
  });
  expect(response.status).toBe(200);
  const rows = (): number => api.context.db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM event_nodes').get()!.n;
  await until(() => rows() === watched.length, 'the watched addresses to be backfilled');
}, 120_000);

afterAll(async () => {
  await api?.close();
});

describe('GET /api/v1/addresses/:btc_addr/heartbeat', () => {
  it('gives, per hour up to the newest snapshot, the snapshots stored and those that listed the address, as the raw store says', async () => {
    for (const address of watched) {
      const reference = await referenceHours(address);
      for (const hours of [24, 168] as const) {
        const answer = await heartbeat(address, `?hours=${hours}`);
        const last = Math.floor(reference.newest / MS_PER_HOUR) * MS_PER_HOUR;
        expect(answer).toMatchObject({ address, hours, watched: true, through: reference.newest });
        expect(answer.cells).toHaveLength(hours);
        expect(answer.cells.at(-1)!.start).toBe(last);
        for (const cell of answer.cells) {
          expect({ start: cell.start, ...(reference.hours.get(cell.start) ?? { scrapes: 0, listed: 0 }) }).toEqual(cell);
        }
      }
    }
    // The simulated history has hours with scrapes, and the default span is 24 hours.
    const standard = await heartbeat(watched[0]!);
    expect(standard.cells).toHaveLength(24);
    expect(standard.cells.some((cell) => cell.scrapes > 0 && cell.listed === cell.scrapes)).toBe(true);
  });

  it('counts new scrapes that miss the address: listed in fewer than were stored', async () => {
    const target = watched[1]!;
    const before = folded();
    const latest = addressList(api.context.db, { sort: 'height', limit: 30 }).filter((item) => item.address !== target);
    const farmers = latest.map((item) => ({ address: item.address, payout: item.address, height: item.height ?? 1 }));
    farmers.push({ address: farmerAddress(9999), payout: farmerAddress(9999), height: 1 });
    const times = [FIXTURE_NOW + 2 * MS_PER_HOUR + 60_000, FIXTURE_NOW + 2 * MS_PER_HOUR + 360_000];
    for (const time of times) {
      await api.engine.rawStore.appendScrape(toNewScrape({ time, farmers, total: { totalTB: 1, totalFarmers: farmers.length } }));
      api.engine.hub.historyChanged();
    }
    await until(() => folded() !== before && folded() === times[1], 'the new scrapes to be folded');
    const answer = await heartbeat(target, '?hours=720');
    expect(answer.cells).toHaveLength(720);
    expect(answer.cells.at(-1)).toEqual({ start: Math.floor(times[1]! / MS_PER_HOUR) * MS_PER_HOUR, scrapes: 2, listed: 0 });
    // The hour between had no scrape stored: a gap, not a miss.
    expect(answer.cells.at(-2)!.scrapes).toBe(0);
    const other = await heartbeat(watched[0]!, '?hours=24');
    expect(other.cells.at(-1)).toMatchObject({ scrapes: 2, listed: 2 });
  });

  it('says an address that is not watched has no heartbeat, and refuses bad input with a 400 saying what is wrong', async () => {
    const answer = await heartbeat(unwatched);
    expect(answer.watched).toBe(false);
    expect(answer.cells).toEqual([]);
    const cases: Array<[string, RegExp]> = [
      [`${watched[0]}/heartbeat?hours=25`, /hours/],
      [`${watched[0]}/heartbeat?days=1`, /days|additional/i],
      ['1BoatSLRHtKNngkdXEeobR76b53LETtpyX/heartbeat', /invalid address/],
    ];
    for (const [path, message] of cases) {
      const response = await api.request(`/api/v1/addresses/${path}`);
      expect(response.status, path).toBe(400);
      const body = (await openapi.read('GET', '/api/v1/addresses/{btc_addr}/heartbeat', response)) as { error: { message: string } };
      expect(body.error.message, path).toMatch(message);
    }
  });
});
