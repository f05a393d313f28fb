import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Collector } from '../../../main/collector/collector.js';
import { pino } from 'pino';
import type { Logger } from '../../../main/logging/logger.js';
import { openDatabase, type SqliteDatabase } from '../../../main/store/sqlite/open-database.js';
import { SqliteRawStore } from '../../../main/store/sqlite/sqlite-raw-store.js';

const NOW = Date.UTC(2026, 5, 1, 12, 0, 0);
const HOUR = 3_600_000;

/** A status server whose clock (its `Date` header) is `serverTime`. */
async function serverAt(serverTime: number): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    const body = request.url === '/api/total' ? { id: 1, total_TB: 1, total_farmers: 0 } : { farmers: [] };
    response.writeHead(200, { 'content-type': 'application/json', date: new Date(serverTime).toUTCString() });
    response.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('collector against a status server whose clock differs', () => {
  let db: SqliteDatabase;
  let store: SqliteRawStore;
  let server: Server | null = null;
  let warnings: string[];
  let logger: Logger;

  beforeEach(() => {
    db = openDatabase(':memory:');
    store = new SqliteRawStore(db);
    warnings = [];
    logger = pino({ level: 'warn' }, { write: (line: string) => warnings.push(line) });
  });
  afterEach(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await store.close();
  });

  async function scrapeFrom(serverTime: number): Promise<string | null> {
    const started = await serverAt(serverTime);
    server = started.server;
    const outcome = await new Collector({ store, source: started.url, clock: () => NOW, logger }).scrapeNow();
    expect(outcome?.ok).toBe(true);
    return db.prepare<[], { rejections: string | null }>('SELECT rejections FROM scrapes').get()!.rejections;
  }

  it('keeps a scrape whose server clock is days away, warns and notes it in the log row', async () => {
    const rejections = await scrapeFrom(NOW + 30 * 24 * HOUR);
    expect(JSON.parse(rejections!)).toEqual([
      { reason: 'clock differs from the status server', count: 1, examples: ['this machine: 2026-06-01T12:00:00.000Z, status server: 2026-07-01T12:00:00.000Z'] },
    ]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/clock differs/);
  });

  it('says nothing when the clocks are within a day', async () => {
    expect(await scrapeFrom(NOW - 20 * HOUR)).toBeNull();
    expect(warnings).toEqual([]);
  });
});
