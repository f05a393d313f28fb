import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../shared/model/events.js';
import type { EventHistoryPage } from '../../shared/model/event-history.js';
import type { NodeEvent } from '../../shared/model/node-events.js';
import { eventHistory } from '../../main/events/event-history.js';
import { addressList } from '../../main/queries/index.js';
import { farmerAddress, toNewScrape } from '../support/aggregation-fixtures.js';
import { apiFixture, FIXTURE_NOW, type ApiFixture } from '../support/api-fixtures.js';
import { OpenApiValidator } from '../support/openapi-validator.js';

/**
 * /api/v1/events/history over real HTTP on an engine whose own worker derives the events: the
 * watched list arrives through PUT /api/v1/settings, the past is backfilled, and a new scrape
 * raises live events on the SSE hub.
 */
let api: ApiFixture;
let openapi: OpenApiValidator;
let watched: string[];

async function page(query: string): Promise<EventHistoryPage> {
  const response = await api.request(`/api/v1/events/history${query}`);
  expect(response.status, query).toBe(200);
  return (await openapi.read('GET', '/api/v1/events/history', response)) as EventHistoryPage;
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const nodeRows = (): number => api.context.db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM event_nodes').get()!.n;

beforeAll(async () => {
  api = await apiFixture({ farmers: 40, days: 3 });
  openapi = new OpenApiValidator(await (await api.request('/openapi.json')).json());
  watched = addressList(api.context.db, { sort: 'height', limit: 40 }).map((item) => item.address).slice(0, 20);
  const response = await api.request('/api/v1/settings', {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ watchedAddresses: watched, eventRules: { heightGrowth: 1, uptime24hBelowPercent: 100, collectorFailures: 3 } }),
  });
  expect(response.status).toBe(200);
  await until(() => nodeRows() === watched.length, 'the watched addresses to be backfilled');
}, 120_000);

afterAll(async () => {
  await api?.close();
});

describe('GET /api/v1/events/history', () => {
  it('answers what the history query answers, newest first, for the watched addresses only', async () => {
    const all = await page('?limit=1000');
    expect(all).toEqual(eventHistory(api.context.db, { limit: 1000 }));
    expect(all.events.length).toBeGreaterThan(20);
    expect(all.nextCursor).toBeNull();
    expect(all.events.every((event) => event.address !== null && watched.includes(event.address))).toBe(true);
    const order = all.events.map((event) => [event.time, event.id] as const);
    expect(order).toEqual([...order].sort((a, b) => b[0] - a[0] || (a[1] < b[1] ? 1 : -1)));
  });

  it('pages with cursors through exactly the events of one big page', async () => {
    const all = (await page('?limit=1000')).events;
    const paged: NodeEvent[] = [];
    let cursor: string | null = null;
    do {
      const next: EventHistoryPage = await page(`?limit=7${cursor === null ? '' : `&cursor=${cursor}`}`);
      expect(next.events.length).toBeLessThanOrEqual(7);
      paged.push(...next.events);
      cursor = next.nextCursor;
    } while (cursor !== null);
    expect(paged).toEqual(all);
  });

  it('filters by address, kind and an inclusive time range', async () => {
    const all = (await page('?limit=1000')).events;
    const address = all[0]!.address!;
    expect((await page(`?address=${address}&limit=1000`)).events).toEqual(all.filter((event) => event.address === address));
    const kind = all[0]!.kind;
    expect((await page(`?kind=${kind}&limit=1000`)).events).toEqual(all.filter((event) => event.kind === kind));
    const middle = all[Math.floor(all.length / 2)]!.time;
    const iso = new Date(middle).toISOString();
    expect((await page(`?from=${iso}&limit=1000`)).events).toEqual(all.filter((event) => event.time >= middle));
    expect((await page(`?to=${iso}&limit=1000`)).events).toEqual(all.filter((event) => event.time <= middle));
  });

  it('refuses bad queries with a 400 that says what is wrong', async () => {
    const cases: Array<[string, RegExp]> = [
      ['?limit=0', /limit/],
      ['?limit=1001', /limit/],
      ['?kind=exploded', /kind/],
      ['?address=1BoatSLRHtKNngkdXEeobR76b53LETtpyX', /invalid address/],
      ['?from=2026-01-02&to=2026-01-01', /from must not be after to/],
      ['?from=2026-02-30', /not a real date/],
      ['?cursor=bm90LWEtY3Vyc29y', /cursor/],
      ['?page=2', /page|additional/i],
    ];
    for (const [query, message] of cases) {
      const response = await api.request(`/api/v1/events/history${query}`);
      expect(response.status, query).toBe(400);
      const body = (await openapi.read('GET', '/api/v1/events/history', response)) as { error: { code: string; message: string } };
      expect(body.error.message, query).toMatch(message);
    }
  });
});

describe('new node events go out live', () => {
  it('a watched node missing from two new scrapes raises one offline event, on the SSE stream, the engine events and in the history', async () => {
    const target = watched[0]!;
    const received: EngineEvent[] = [];
    const unsubscribe = api.context.subscribe((event) => received.push(event));
    const stream = await api.request('/api/v1/events');
    const reader = stream.body!.getReader();
    try {
      const latest = addressList(api.context.db, { sort: 'height', limit: 40 }).filter((item) => item.address !== target);
      const farmers = latest.map((item) => ({ address: item.address, payout: item.address, height: item.height ?? 1 }));
      farmers.push({ address: farmerAddress(9999), payout: farmerAddress(9999), height: 1 });
      for (const offset of [1, 2]) {
        await api.engine.rawStore.appendScrape(toNewScrape({ time: FIXTURE_NOW + offset * 300_000, farmers, total: { totalTB: 1, totalFarmers: farmers.length } }));
        api.engine.hub.historyChanged();
      }
      const isOffline = (event: EngineEvent): boolean => event.type === 'node-event' && event.event.kind === 'offline' && event.event.address === target;
      await until(() => received.some(isOffline), 'the live offline event');
      const live = received.filter(isOffline);
      expect(live).toHaveLength(1);
      const history = await page(`?address=${target}&kind=offline&limit=1`);
      expect(history.events[0]).toEqual((live[0] as Extract<EngineEvent, { type: 'node-event' }>).event);
      // Backfilled past events were not announced.
      expect(received.filter((event) => event.type === 'node-event' && event.event.time <= FIXTURE_NOW)).toEqual([]);
      // The SSE stream carries the same event.
      const wanted = `data: ${JSON.stringify({ type: 'node-event', event: (live[0] as Extract<EngineEvent, { type: 'node-event' }>).event })}`;
      let text = '';
      while (!text.includes(wanted)) {
        const chunk = await reader.read();
        if (chunk.done) break;
        text += new TextDecoder().decode(chunk.value);
      }
      expect(text).toContain(`event: engine\n${wanted}`);
    } finally {
      unsubscribe();
      await reader.cancel();
    }
  });
});
