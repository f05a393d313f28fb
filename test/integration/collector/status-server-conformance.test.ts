import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Collector } from '../../../main/collector/collector.js';
import { UNUSUAL_ADDRESS_REASON } from '../../../main/collector/validate-payload.js';
import { openDatabase, type SqliteDatabase } from '../../../main/store/sqlite/open-database.js';
import { SqliteRawStore } from '../../../main/store/sqlite/sqlite-raw-store.js';
import { totalTerabytes, type FarmerEntry, type TotalPayload } from '../../../shared/model/dataserv.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures/status-server-2015');
const SCRAPES = [
  { name: 'scrape-1', time: Date.UTC(2015, 10, 12, 10, 0, 7) },
  { name: 'scrape-2', time: Date.UTC(2015, 10, 12, 10, 5, 9) },
];

interface Recorded {
  online: string;
  total: string;
  time: number;
}

const recorded: Recorded[] = SCRAPES.map(({ name, time }) => ({
  online: readFileSync(join(FIXTURES, `${name}-online.json`), 'utf8'),
  total: readFileSync(join(FIXTURES, `${name}-total.json`), 'utf8'),
  time,
}));

/** Answers the two endpoints with the recorded bytes and the headers Flask sent. */
function replayServer(current: () => Recorded): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    const answer = current();
    const body = request.url === '/api/online/json' ? answer.online : request.url === '/api/total' ? answer.total : null;
    if (body === null) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, {
      'Content-Type': 'application/json',
      'Access-Control-Allow-Origin': '*',
      Date: new Date(answer.time).toUTCString(),
      'Content-Length': Buffer.byteLength(body),
    });
    response.end(body);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }));
  });
}

describe('the collector against recorded answers of the real status server, over HTTP on 127.0.0.1', () => {
  let dir: string;
  let db: SqliteDatabase;
  let store: SqliteRawStore;
  let server: Server;
  let collector: Collector;
  let index = 0;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dsg-conformance-'));
    db = openDatabase(join(dir, 'driveshare.db'));
    store = new SqliteRawStore(db);
    const replay = await replayServer(() => recorded[index]!);
    server = replay.server;
    collector = new Collector({ store, source: replay.url, timeoutMs: 2_000, clock: () => recorded[index]!.time });
  });

  afterAll(async () => {
    await collector.stop();
    await new Promise((resolve) => server.close(resolve));
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const addressOf = (id: number): string => db.prepare<[number], { address: string }>('SELECT address FROM addresses WHERE id = ?').get(id)!.address;

  it.each(recorded.map((answer, at) => [SCRAPES[at]!.name, at, answer] as const))(
    '%s: stores every farmer the server lists, and as many as its /api/total counts',
    async (_name, at, answer) => {
      index = at;
      const listed = (JSON.parse(answer.online) as { farmers: FarmerEntry[] }).farmers;
      const total = JSON.parse(answer.total) as TotalPayload;
      const outcome = await collector.scrapeNow();
      expect(outcome).toMatchObject({ ok: true, farmers: total.total_farmers, rejected: 0, duplicates: 0, unusual: 2 });

      const row = db.prepare<[], { farmers: number; total_farmers: number; total_tb: number; rejections: string }>('SELECT * FROM scrapes ORDER BY id DESC LIMIT 1').get()!;
      expect(row.farmers).toBe(row.total_farmers);
      expect(row.total_tb).toBe(total.total_TB);
      const notes = JSON.parse(row.rejections) as { reason: string; count: number; examples: string[] }[];
      expect(notes).toEqual([{ reason: UNUSUAL_ADDRESS_REASON, count: 2, examples: [expect.stringMatching(/19-byte hash/), expect.stringMatching(/19-byte hash/)] }]);

      const scrapes = await store.readAfter(null, 10);
      const snapshot = scrapes[at]!.snapshot!;
      const stored = new Map<string, { payout: string; height: number; lastSeen: number }>();
      snapshot.ids.forEach((id, i) => stored.set(addressOf(id), { payout: addressOf(snapshot.payouts[i]!), height: snapshot.heights[i]!, lastSeen: snapshot.lastSeen[i]! }));
      expect(stored.size).toBe(total.total_farmers);
      for (const farmer of listed) {
        expect(stored.get(farmer.btc_addr)).toEqual({ payout: farmer.payout_addr, height: farmer.height, lastSeen: farmer.last_seen });
      }
    },
  );

  it('totals the recorded heights to the total_TB the server computed with Python 3 round()', () => {
    for (const answer of recorded) {
      const heightSum = (JSON.parse(answer.online) as { farmers: FarmerEntry[] }).farmers.reduce((sum, farmer) => sum + farmer.height, 0);
      expect(totalTerabytes(heightSum)).toBe((JSON.parse(answer.total) as TotalPayload).total_TB);
    }
  });

  it('covers what the server lists in 2015: P2SH farmers and payouts, shared payouts, heights 0 and 199,999', () => {
    const farmers = (JSON.parse(recorded[0]!.online) as { farmers: FarmerEntry[] }).farmers;
    expect(farmers.some((farmer) => farmer.btc_addr.startsWith('3'))).toBe(true);
    expect(farmers.some((farmer) => farmer.payout_addr.startsWith('3') && farmer.payout_addr !== farmer.btc_addr)).toBe(true);
    const payouts = farmers.map((farmer) => farmer.payout_addr);
    expect(new Set(payouts).size).toBeLessThan(payouts.length);
    expect(farmers.map((farmer) => farmer.height)).toEqual(expect.arrayContaining([0, 199_999]));
    // Flask's jsonify: two-space indents, keys sorted.
    expect(recorded[0]!.online).toMatch(/^\{\n {2}"farmers": \[\n {4}\{\n {6}"btc_addr": /);
  });
});
