/**
 * `npm run bench -- alerts [--events N] [--runs N] [--target name=value]`
 *
 * Outbox throughput to a local webhook receiver (a plain HTTP server on 127.0.0.1 answering 204),
 * through the engine's own delivery loop (docs/alerts.md, "Delivery"). Each run on a fresh store:
 * 1. enqueue: `--events` events (default 2,000) put in the outbox in one transaction, as the
 *    events fold does; events per second.
 * 2. deliver one by one: each event with its own time, so each is its own message (the worst
 *    case: no grouping); messages per second through the whole loop (admit, send, record).
 * 3. deliver grouped: 5,000 events of one scrape as one message; the time of that pass.
 * Issue 11 states no target for these: they are reported.
 */
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { AlertDelivery } from '../main/alerts/alert-delivery.js';
import { enqueueAlerts } from '../main/alerts/outbox.js';
import { silentLogger } from '../main/logging/logger.js';
import { openDatabase } from '../main/store/sqlite/open-database.js';
import type { AlertChannel } from '../shared/model/alerts.js';
import { nodeEventId, type NodeEvent } from '../shared/model/node-events.js';
import { BenchUsageError, type Benchmark } from './runner.js';
import type { Figure } from './targets.js';

const START = Date.UTC(2026, 0, 1);
/** Addresses going offline in one scrape for the grouped figure (the fault test uses as many). */
const GROUPED_EVENTS = 5000;

const figures: Figure[] = [
  { name: 'enqueue-per-s', label: 'events put in the outbox per second (one transaction)', unit: 'events/s', better: 'higher' },
  { name: 'deliver-per-s', label: 'messages delivered per second, one event each, through the whole loop', unit: 'messages/s', better: 'higher' },
  { name: 'grouped-ms', label: `one pass delivering ${GROUPED_EVENTS.toLocaleString('en-US')} events of one scrape as one message`, unit: 'ms', better: 'lower' },
];

function offline(index: number, time: number): NodeEvent {
  const address = `1Bench${index.toString().padStart(28, '0')}`;
  return { id: nodeEventId('offline', address, time), time, kind: 'offline', address, detail: {} };
}

interface Receiver {
  readonly url: string;
  received: number;
  close(): Promise<void>;
}

async function startReceiver(): Promise<Receiver> {
  const state = { received: 0 };
  const server: Server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      state.received += 1;
      response.writeHead(204).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    get received() {
      return state.received;
    },
    set received(value: number) {
      state.received = value;
    },
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

async function measure(receiver: Receiver, count: number): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'dsg-bench-alerts-'));
  const db = openDatabase(join(dir, 'driveshare.db'));
  const channel: AlertChannel = { id: 'bench', name: 'Bench', enabled: true, rules: ['offline'], kind: 'webhook', url: receiver.url };
  const delivery = new AlertDelivery({ db, channels: () => [channel], desktop: null, logger: silentLogger() });
  receiver.received = 0;
  try {
    // Registers the channel first: a channel starts after the entries already there.
    await delivery.runOnce();
    const events = Array.from({ length: count }, (_, index) => offline(index, START + index));
    const enqueueStarted = performance.now();
    db.transaction(() => enqueueAlerts(db, events, START))();
    const enqueueMs = performance.now() - enqueueStarted;

    const deliverStarted = performance.now();
    while (receiver.received < count) await delivery.runOnce();
    const deliverMs = performance.now() - deliverStarted;

    const scrape = Array.from({ length: GROUPED_EVENTS }, (_, index) => offline(count + index, START + count + 1));
    db.transaction(() => enqueueAlerts(db, scrape, START))();
    const groupedStarted = performance.now();
    await delivery.runOnce();
    const groupedMs = performance.now() - groupedStarted;
    if (receiver.received !== count + 1) throw new Error(`the grouped pass sent ${receiver.received - count} messages, not one`);
    return { 'enqueue-per-s': count / (enqueueMs / 1000), 'deliver-per-s': count / (deliverMs / 1000), 'grouped-ms': groupedMs };
  } finally {
    await delivery.stop();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export const benchmark: Benchmark = {
  title: 'alerts benchmark',
  figures,
  async open(args) {
    const { values } = parseArgs({ args, options: { events: { type: 'string', default: '2000' } } });
    const count = Number(values.events);
    if (!Number.isInteger(count) || count < 1) throw new BenchUsageError(`--events ${values.events}: must be a whole number of at least 1`);
    console.log(`each run: a fresh store and the delivery loop posting to a webhook receiver on 127.0.0.1; ${count.toLocaleString('en-US')} events one by one, then ${GROUPED_EVENTS.toLocaleString('en-US')} of one scrape`);
    const receiver = await startReceiver();
    return { run: () => measure(receiver, count), close: () => receiver.close() };
  },
};
