import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeAddress } from '../../../shared/address.js';
import type { FarmerEntry } from '../../../shared/model/dataserv.js';
import type { NewScrape } from '../../../main/store/raw-store.js';
import { openDatabase } from '../../../main/store/sqlite/open-database.js';
import { SqliteRawStore } from '../../../main/store/sqlite/sqlite-raw-store.js';

const address = (n: number): string => encodeAddress(0, Uint8Array.from({ length: 20 }, (_, byte) => (byte < 4 ? (n >>> (8 * byte)) & 0xff : byte * 7)));

const scrapeAt = (time: number, numbers: number[]): NewScrape => ({
  time,
  durationMs: 1,
  source: 'collector',
  farmers: numbers.map((n, index): FarmerEntry => ({ btc_addr: address(n), payout_addr: address(n % 2 === 0 ? n : 900 + (n % 3)), last_seen: index * 7, height: 2 ** 30 + n })),
  total: null,
  rejected: 0,
  duplicates: 0,
  rejections: [],
});

describe('SqliteRawStore: the snapshot it just wrote', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('reads back exactly as another connection decodes it from disk, every time it is read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dsg-written-snapshot-'));
    dirs.push(dir);
    const writer = new SqliteRawStore(openDatabase(join(dir, 'raw.db')));
    const reader = new SqliteRawStore(openDatabase(join(dir, 'raw.db')));
    try {
      writer.appendScrapeSync(scrapeAt(1_000, [5, 3, 8, 1]));
      writer.appendScrapeSync(scrapeAt(2_000, [3, 8, 1, 12, 7]));
      const fromDisk = reader.readAfterSync(null, 10);
      expect(fromDisk).toHaveLength(2);
      // The first read of the newest row may use the columns kept from writing it; later reads decode.
      expect(writer.readAfterSync(fromDisk[0]!.cursor, 10)).toEqual(fromDisk.slice(1));
      expect(writer.readAfterSync(null, 10)).toEqual(fromDisk);
    } finally {
      writer.db.close();
      reader.db.close();
    }
  });

  it('does not hand out columns of a write that rolled back', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dsg-written-snapshot-'));
    dirs.push(dir);
    const store = new SqliteRawStore(openDatabase(join(dir, 'raw.db')));
    try {
      store.appendScrapeSync(scrapeAt(1_000, [1, 2]));
      // Duplicate ids make the columns step throw after the log row was inserted: the whole scrape rolls back.
      expect(() => store.appendScrapeSync(scrapeAt(2_000, [4, 4]))).toThrow();
      store.appendScrapeSync(scrapeAt(3_000, [2, 6]));
      const read = store.readAfterSync(null, 10);
      expect(read.map((scrape) => scrape.time)).toEqual([1_000, 3_000]);
      const again = new SqliteRawStore(store.db).readAfterSync(null, 10);
      expect(read).toEqual(again);
    } finally {
      store.db.close();
    }
  });
});
