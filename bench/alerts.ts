/**
 * `npm run bench -- alerts [--events N]`
 *
 * Outbox throughput to a local webhook receiver (a plain HTTP server on 127.0.0.1 answering 204):
 * 1. enqueue: `--events` events (default 2,000) put in the outbox in one transaction, as the
 *    events fold does; events per second.
 * 2. deliver one by one: each event with its own time, so each is its own message (the worst
 *    case: no grouping); messages per second through the whole loop (admit, send, record).
 * 3. deliver grouped: 5,000 events of one scrape, one message; the time for that pass.
 */
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { AlertDelivery } from '../main/alerts/alert-delivery.js';
import { enqueueAlerts } from '../main/alerts/outbox.js';
import { silentLogger } from '../main/logging/logger.js';
import { openDatabase } from '../main/store/sqlite/open-database.js';
import { alertOutbox } from '../main/store/sqlite/migrations/0008-alert-outbox.js';
import type { AlertChannel } from '../shared/model/alerts.js';
import { nodeEventId, type NodeEvent } from '../shared/model/node-events.js';

const START = Date.UTC(2026, 0, 1);

function event(index: number, time: number): NodeEvent {
  const address = `1Bench${index.toString().padStart(28, '0')}`;
  return { id: nodeEventId('offline', address, time), time, kind: 'offline', address, detail: {} };
}

export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { events: { type: 'string', default: '2000' } } });
  const count = Number(values.events);
  let received = 0;
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      received += 1;
      response.writeHead(204).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  const dir = mkdtempSync(join(tmpdir(), 'dsg-bench-alerts-'));
  const db = openDatabase(join(dir, 'driveshare.db'));
  if (db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'alert_outbox'").get() === undefined) db.exec(alertOutbox.up);
  const channel: AlertChannel = { id: 'bench', name: 'Bench', enabled: true, rules: ['offline'], kind: 'webhook', url };
  const delivery = new AlertDelivery({ db, channels: () => [channel], desktop: null, logger: silentLogger() });
  try {
    await delivery.runOnce();
    const events = Array.from({ length: count }, (_, index) => event(index, START + index));
    const enqueueStarted = performance.now();
    db.transaction(() => enqueueAlerts(db, events, START))();
    const enqueueMs = performance.now() - enqueueStarted;
    console.log(`enqueue: ${count} events in ${enqueueMs.toFixed(1)} ms (${Math.round(count / (enqueueMs / 1000))} events/s)`);

    const deliverStarted = performance.now();
    while (received < count) await delivery.runOnce();
    const deliverMs = performance.now() - deliverStarted;
    console.log(`deliver one by one: ${count} messages in ${deliverMs.toFixed(0)} ms (${Math.round(count / (deliverMs / 1000))} messages/s)`);

    const scrape = Array.from({ length: 5000 }, (_, index) => event(count + index, START + count + 1));
    db.transaction(() => enqueueAlerts(db, scrape, START))();
    const groupedStarted = performance.now();
    await delivery.runOnce();
    console.log(`deliver grouped: 5000 events of one scrape as ${received - count} message in ${(performance.now() - groupedStarted).toFixed(1)} ms`);
  } finally {
    await delivery.stop();
    db.close();
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
