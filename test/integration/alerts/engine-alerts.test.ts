import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEngine, type Engine } from '../../../main/engine/engine.js';
import { silentLogger } from '../../../main/logging/logger.js';
import { JsonFileSettingsStore } from '../../../main/settings/json-file-settings-store.js';
import { totalId, type FarmerEntry } from '../../../shared/model/dataserv.js';
import type { AlertChannel } from '../../../shared/model/alerts.js';
import { startHttpRecorder, type HttpRecorder } from '../../support/alert-receivers.js';

/**
 * Issue 11's "done when", headless and end to end: the real engine scrapes a status server on
 * 127.0.0.1 that the test controls, derives the events on its worker, and the delivery loop posts
 * them to a real webhook receiver — through a receiver outage and an engine restart.
 */
const WATCHED = '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2';
const OTHER = '1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa';

interface StatusServer {
  readonly url: string;
  /** Whether the watched address is in the next answers. */
  listWatched: boolean;
  close(): Promise<void>;
}

async function startStatusServer(): Promise<StatusServer> {
  const state = { listWatched: true };
  const server: Server = createServer((request, response) => {
    const farmers: FarmerEntry[] = [{ btc_addr: OTHER, payout_addr: OTHER, last_seen: 5, height: 100 }];
    if (state.listWatched) farmers.push({ btc_addr: WATCHED, payout_addr: WATCHED, last_seen: 5, height: 200 });
    const body = request.url?.startsWith('/api/online/json')
      ? { farmers }
      : { id: totalId(Date.now()), total_TB: 0, total_farmers: farmers.length };
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get listWatched() {
      return state.listWatched;
    },
    set listWatched(value: boolean) {
      state.listWatched = value;
    },
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

interface Delivered {
  eventIds: string[];
  events: { id: string; kind: string; address: string | null }[];
}

const delivered = (receiver: HttpRecorder): Delivered[] =>
  receiver.requests.filter((request) => request.url === '/hook').map((request) => JSON.parse(request.body) as Delivered);
const deliveredKinds = (receiver: HttpRecorder): string[] => delivered(receiver).flatMap((message) => message.events.map((event) => `${event.kind} ${event.address}`));

function webhook(base: string): AlertChannel {
  return { id: 'ops', name: 'Ops', enabled: true, rules: ['offline', 'online'], kind: 'webhook', url: `${base}/hook` };
}

let status: StatusServer;
let dir: string;
let engine: Engine | null = null;

beforeAll(async () => {
  status = await startStatusServer();
});
afterAll(async () => {
  await status.close();
});
afterEach(async () => {
  await engine?.stop();
  engine = null;
  rmSync(dir, { recursive: true, force: true });
});

async function start(): Promise<Engine> {
  engine = await startEngine({ logger: silentLogger(), dataDir: dir, source: status.url, startCollector: false });
  return engine;
}

/**
 * The channel and the watched address are in the data directory's settings before the engine
 * starts, as on a configured server: the worker has them before the first scrape is folded.
 */
function configure(receiverBase: string): void {
  JsonFileSettingsStore.open(dir).update({ watchedAddresses: [WATCHED], alertChannels: [webhook(receiverBase)] });
}

async function scrape(running: Engine): Promise<void> {
  expect((await running.collector!.scrapeNow())?.ok).toBe(true);
}

/** Scrapes with the watched node listed once, then missing from two scrapes: the offline event. */
async function goOffline(running: Engine): Promise<void> {
  status.listWatched = true;
  await scrape(running);
  status.listWatched = false;
  await scrape(running);
  await scrape(running);
}

const storedOutbox = (running: Engine): number => running.context.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM alert_outbox').get()!.n;

describe('a headless engine tells the operator through a webhook', () => {
  it('two scrapes without the watched node: one offline message with the stable id; listed again: online', async () => {
    dir = mkdtempSync(join(tmpdir(), 'dsg-engine-alerts-'));
    const receiver = await startHttpRecorder();
    try {
      configure(receiver.base);
      const running = await start();
      status.listWatched = true;
      await scrape(running);
      status.listWatched = false;
      await scrape(running);
      // One missing scrape is not enough.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(delivered(receiver)).toEqual([]);
      await scrape(running);
      await expect.poll(() => deliveredKinds(receiver), { timeout: 20_000 }).toEqual([`offline ${WATCHED}`]);
      const stored = running.context.db.prepare<[], { id: string }>("SELECT id FROM node_events WHERE kind = 'offline'").all();
      expect(delivered(receiver)[0]!.eventIds).toEqual(stored.map((row) => row.id));
      expect(stored[0]!.id).toMatch(new RegExp(`^\\d+:offline:${WATCHED}$`));
      status.listWatched = true;
      await scrape(running);
      await expect.poll(() => deliveredKinds(receiver), { timeout: 20_000 }).toEqual([`offline ${WATCHED}`, `online ${WATCHED}`]);
    } finally {
      await receiver.close();
    }
  }, 90_000);

  it('the receiver down when the node goes offline: delivered once it is back', async () => {
    dir = mkdtempSync(join(tmpdir(), 'dsg-engine-alerts-'));
    const receiver = await startHttpRecorder();
    try {
      configure(receiver.base);
      const running = await start();
      receiver.behave({ status: 503, body: 'down for maintenance' });
      await goOffline(running);
      const outcomes = (): string[] => running.context.db.prepare<[], { outcome: string }>('SELECT outcome FROM alert_delivery_log ORDER BY id').all().map((row) => row.outcome);
      await expect.poll(outcomes, { timeout: 20_000 }).toContain('failed');
      receiver.behave({ status: 200, body: '{"ok":true}' });
      // The first retry waits at most the backoff's first step (10 s).
      await expect.poll(outcomes, { timeout: 30_000, interval: 250 }).toContain('delivered');
      const messages = delivered(receiver);
      expect(messages.length).toBeGreaterThanOrEqual(2);
      expect(new Set(messages.map((message) => message.eventIds.join()))).toEqual(new Set([messages[0]!.eventIds.join()]));
      expect(messages[0]!.events.map((event) => event.kind)).toEqual(['offline']);
      expect(outcomes().filter((outcome) => outcome === 'delivered')).toHaveLength(1);
    } finally {
      await receiver.close();
    }
  }, 90_000);

  it('the engine stopped between the enqueue and the delivery: delivered after the restart, exactly once', async () => {
    dir = mkdtempSync(join(tmpdir(), 'dsg-engine-alerts-'));
    const receiver = await startHttpRecorder();
    try {
      configure(receiver.base);
      let running = await start();
      // Never answered: the send is in flight when the engine stops, and nothing is recorded for it.
      receiver.behave('hang');
      await goOffline(running);
      await expect.poll(() => receiver.requests.length, { timeout: 20_000 }).toBe(1);
      expect(storedOutbox(running)).toBe(1);
      await running.stop();
      engine = null;
      receiver.behave({ status: 200, body: '{"ok":true}' });
      running = await start();
      await expect.poll(() => delivered(receiver).length, { timeout: 20_000 }).toBe(2);
      const [abandoned, resent] = delivered(receiver);
      expect(resent!.eventIds).toEqual(abandoned!.eventIds);
      await expect.poll(() => storedOutbox(running), { timeout: 10_000 }).toBe(0);
      // Nothing more goes out: the entry left the outbox with its delivery.
      await new Promise((resolve) => setTimeout(resolve, 2500));
      expect(delivered(receiver)).toHaveLength(2);
      const log = running.context.db.prepare<[], { outcome: string }>('SELECT outcome FROM alert_delivery_log').all();
      expect(log.map((row) => row.outcome)).toEqual(['delivered']);
    } finally {
      await receiver.close();
    }
  }, 90_000);
});
