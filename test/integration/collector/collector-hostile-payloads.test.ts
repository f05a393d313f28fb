import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Collector } from '../../../main/collector/collector.js';
import { openDatabase, type SqliteDatabase } from '../../../main/store/sqlite/open-database.js';
import { SqliteRawStore } from '../../../main/store/sqlite/sqlite-raw-store.js';

const GENESIS = '1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa';
const VALID = JSON.stringify({ btc_addr: GENESIS, payout_addr: GENESIS, height: 5, last_seen: 3 });
const DEEP = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
const HUGE_ARRAY = `[${Array.from({ length: 1_000_000 }, () => '1').join(',')}]`;

/** Status-server answers written as text: JSON.stringify itself cannot build them. */
const PAYLOADS = {
  deep: `{"farmers":[{"btc_addr":${DEEP},"payout_addr":"x","height":1,"last_seen":1},{"height":${DEEP}},${DEEP},${VALID}]}`,
  huge: `{"farmers":[{"btc_addr":"1","payout_addr":"1","height":${HUGE_ARRAY},"last_seen":1},{"btc_addr":"${'x'.repeat(6_000_000)}"},${HUGE_ARRAY},${VALID}]}`,
};

interface ScrapeRow {
  ok: number;
  farmers: number | null;
  rejected: number;
  rejections: string | null;
  error_code: string | null;
}

describe('collector against hostile but well-formed answers', () => {
  let dir: string;
  let db: SqliteDatabase;
  let server: Server;
  let payload: string = PAYLOADS.deep;
  let collector: Collector;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dsg-hostile-'));
    db = openDatabase(join(dir, 'driveshare.db'));
    server = createServer((request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end(request.url === '/api/total' ? '{"id":1,"total_TB":0.01,"total_farmers":1}' : payload);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const source = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    collector = new Collector({ store: new SqliteRawStore(db), source, timeoutMs: 10_000 });
  });

  afterAll(async () => {
    await collector.stop();
    await new Promise((resolve) => server.close(resolve));
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const lastRow = (): ScrapeRow => db.prepare<[], ScrapeRow>('SELECT ok, farmers, rejected, rejections, error_code FROM scrapes ORDER BY id DESC LIMIT 1').get()!;

  it.each([
    ['entries nested 100,000 levels deep', 'deep' as const],
    ['invalid entries holding a million-item array and a 6 MB string', 'huge' as const],
  ])('stores the valid farmer of an answer with %s, counting the rest in a short scrape-log row', async (_name, kind) => {
    payload = PAYLOADS[kind];
    const outcome = await collector.scrapeNow();
    expect(outcome).toMatchObject({ ok: true });
    const row = lastRow();
    expect(row).toMatchObject({ ok: 1, farmers: 1, rejected: 3, error_code: null });
    expect(row.rejections!.length).toBeLessThan(2_000);
    const examples = (JSON.parse(row.rejections!) as Array<{ examples: string[] }>).flatMap((rejection) => rejection.examples);
    expect(examples).toHaveLength(3);
    for (const example of examples) expect(example).toMatch(/^entry [0-2]: /);
  });
});
