import { afterEach, describe, expect, it } from 'vitest';
import type { NewScrape, RawScrape } from '../../../main/store/raw-store.js';
import { SimulatedNetwork } from '../../../main/simulator/network-model.js';
import { SNAPSHOT_CODEC, encodeSnapshot } from '../../../main/store/snapshot-codec.js';
import { DELTA_CODEC, baseIdOf } from '../../../main/store/snapshot-delta-codec.js';
import { openDatabase, type SqliteDatabase } from '../../../main/store/sqlite/open-database.js';
import { SnapshotChain, dropSnapshotsWithoutBase } from '../../../main/store/sqlite/snapshot-chain.js';
import { TurnBudget } from '../../../main/scheduling/turn-budget.js';
import { SqliteRawStore } from '../../../main/store/sqlite/sqlite-raw-store.js';
import { dumpAggregates, dumpFoldState } from '../../support/aggregation-fixtures.js';
import { runAggregation } from '../../support/run-aggregation.js';

const START = Date.UTC(2026, 0, 1);
const SCRAPE_MS = 300_000;
const INTERVAL = 4;

/** Real-shaped scrapes: the simulator's farmers joining, leaving, rejoining and checking in. */
function scrapes(count: number, farmers = 60): NewScrape[] {
  const network = new SimulatedNetwork({ farmers, seed: 'chain' });
  return Array.from({ length: count }, (_, index) => {
    const time = START + index * 6 * 3_600_000 + (index % 3) * SCRAPE_MS;
    const state = network.stateAt(time);
    const total = { id: state.total.id, totalTB: state.total.total_TB, totalFarmers: state.total.total_farmers };
    return { time, durationMs: 1, source: 'collector', farmers: state.farmers, total, rejected: 0, duplicates: 0, rejections: [] };
  });
}

interface Row {
  id: number;
  codec: number;
  data: Buffer;
}

const rows = (db: SqliteDatabase): Row[] => db.prepare<[], Row>('SELECT scrape_id AS id, codec, data FROM snapshots ORDER BY scrape_id').all();

/** The records as a fresh connection decodes them from disk. */
const fromDisk = (db: SqliteDatabase): RawScrape[] => new SqliteRawStore(db, INTERVAL).readAfterSync(null, 10_000);

/** Every codec-2 row is a keyframe or a delta on the row just before it, and no chain holds more than `INTERVAL` rows. */
function expectWholeChains(db: SqliteDatabase): void {
  let previous: Row | null = null;
  let depth = 0;
  for (const row of rows(db)) {
    const base = row.codec === DELTA_CODEC ? baseIdOf(row.data) : null;
    if (base !== null) {
      expect(base, `row ${row.id} is a delta on the row before it`).toBe(previous?.id);
      expect(previous!.codec).toBe(DELTA_CODEC);
      depth++;
    } else depth = 0;
    expect(depth).toBeLessThan(INTERVAL);
    previous = row;
  }
}

describe('SQLite snapshots stored as deltas (codec 2)', () => {
  const opened: SqliteDatabase[] = [];
  const open = (): SqliteDatabase => {
    const db = openDatabase(':memory:');
    opened.push(db);
    return db;
  };
  afterEach(() => {
    for (const db of opened.splice(0)) db.close();
  });

  it('writes a keyframe every INTERVAL rows and deltas on the row before between them; any row reads back alone', () => {
    const db = open();
    const store = new SqliteRawStore(db, INTERVAL);
    const written = scrapes(11);
    for (const scrape of written) store.appendScrapeSync(scrape);
    expect(rows(db).map((row) => (baseIdOf(row.data) === null ? 'key' : 'delta'))).toEqual(
      ['key', 'delta', 'delta', 'delta', 'key', 'delta', 'delta', 'delta', 'key', 'delta', 'delta'],
    );
    expectWholeChains(db);
    const all = fromDisk(db);
    expect(all.map((record) => record.snapshot!.ids.length)).toEqual(written.map((scrape) => scrape.farmers!.length));
    // Random reads: each row alone, on a fresh connection, decodes back from its keyframe.
    for (let index = 1; index < all.length; index++) {
      expect(new SqliteRawStore(db, INTERVAL).readAfterSync(all[index - 1]!.cursor, 1)).toEqual([all[index]]);
    }
    // The writer's own reads (served from what it just wrote) equal the disk's.
    expect(store.readAfterSync(null, 100)).toEqual(all);
  });

  it('carries on the chain after a reopen, and in batches', async () => {
    const db = open();
    const written = scrapes(9);
    new SqliteRawStore(db, INTERVAL).appendScrapeSync(written[0]!);
    new SqliteRawStore(db, INTERVAL).appendScrapeSync(written[1]!);
    await new SqliteRawStore(db, INTERVAL).appendScrapes(written.slice(2));
    expect(rows(db).map((row) => baseIdOf(row.data) === null)).toEqual([true, false, false, false, true, false, false, false, true]);
    expectWholeChains(db);
    expect(fromDisk(db).map((record) => record.snapshot!.ids.length)).toEqual(written.map((scrape) => scrape.farmers!.length));
  });

  it('retention never leaves a delta without its base: the first kept row of a cut group becomes a keyframe', async () => {
    const db = open();
    const store = new SqliteRawStore(db, INTERVAL);
    const written = scrapes(14);
    for (const scrape of written) store.appendScrapeSync(scrape);
    const before = fromDisk(db);
    // Cut inside the first group, then exactly at a keyframe, then inside a later group, then all but one.
    for (const keep of [2, 4, 7, 13]) {
      expect(await store.pruneSnapshotsBefore(written[keep]!.time)).toBeGreaterThan(0);
      expectWholeChains(db);
      const after = fromDisk(db);
      expect(after.map((record) => record.snapshot)).toEqual(before.map((record, index) => (index < keep ? null : record.snapshot)));
      expect(store.readAfterSync(null, 100)).toEqual(after);
    }
    // Writing goes on from the kept rows.
    store.appendScrapeSync(scrapes(15)[14]!);
    expectWholeChains(db);
    expect(fromDisk(db).at(-1)!.snapshot!.ids.length).toBe(scrapes(15)[14]!.farmers!.length);
    await store.pruneSnapshotsBefore(START + 100 * 86_400_000);
    expect(rows(db)).toEqual([]);
    store.appendScrapeSync({ ...written[0]!, time: START + 101 * 86_400_000 });
    expect(baseIdOf(rows(db)[0]!.data)).toBeNull();
  });

  it('after a recovery lost a row, drops the deltas that depended on it, and the rest reads back', () => {
    const db = open();
    const store = new SqliteRawStore(db, INTERVAL);
    for (const scrape of scrapes(10)) store.appendScrapeSync(scrape);
    const before = fromDisk(db);
    const ids = rows(db).map((row) => row.id);
    // Row 2 (a delta) is lost: rows 3 and 4 (deltas on it and on 3) cannot be decoded; row 5 is a keyframe.
    db.prepare('DELETE FROM snapshots WHERE scrape_id = ?').run(ids[1]);
    expect(() => fromDisk(db)).toThrow(/is a delta on row \d+, which is missing/);
    expect(dropSnapshotsWithoutBase(db)).toBe(2);
    expect(fromDisk(db).map((record) => record.snapshot)).toEqual(before.map((record, index) => (index >= 1 && index <= 3 ? null : record.snapshot)));
  });

  it('a store written with codec 1 and then codec 2 reads back whole', () => {
    const db = open();
    const written = scrapes(7);
    const old = new SqliteRawStore(db, INTERVAL);
    for (const scrape of written.slice(0, 3)) old.appendScrapeSync(scrape);
    const first = fromDisk(db);
    asCodecOne(db);
    expect(rows(db).map((row) => row.codec)).toEqual([SNAPSHOT_CODEC, SNAPSHOT_CODEC, SNAPSHOT_CODEC]);
    const store = new SqliteRawStore(db, INTERVAL);
    for (const scrape of written.slice(3)) store.appendScrapeSync(scrape);
    expect(rows(db).map((row) => row.codec)).toEqual([1, 1, 1, 2, 2, 2, 2]);
    // The first codec-2 row cannot be a delta on a codec-1 row: it is a keyframe.
    expect(rows(db).slice(3).map((row) => baseIdOf(row.data) === null)).toEqual([true, false, false, false]);
    const all = fromDisk(db);
    expect(all.slice(0, 3)).toEqual(first);
    expect(all.map((record) => record.snapshot!.ids.length)).toEqual(written.map((scrape) => scrape.farmers!.length));
  });

  it('decodes a row read at random ahead, frame by frame with turns of the event loop in between, to the same columns', async () => {
    const db = open();
    const interval = 40;
    const writer = new SqliteRawStore(db, interval);
    await writer.appendScrapes(scrapes(30));
    const target = rows(db).at(-1)!;
    expect(baseIdOf(target.data)).not.toBeNull();
    const chain = new SnapshotChain(db, interval);
    let turns = 0;
    let next: NodeJS.Immediate = setImmediate(function count() {
      turns++;
      next = setImmediate(count);
    });
    // A budget of nothing: every decoded frame ends the turn; the row is 29 deltas after its keyframe.
    await chain.warm(target.id, target.codec, target.data, new TurnBudget(0));
    clearImmediate(next);
    expect(turns).toBeGreaterThanOrEqual(29);
    expect(chain.read(target.id, target.codec, target.data)).toEqual(new SqliteRawStore(db, interval).readAfterSync(null, 100).at(-1)!.snapshot);
  });

  it('rebuilds to the same tables from codec-2 rows as from the same history in codec 1', async () => {
    const written = scrapes(40, 120);
    const stores = [open(), open()].map((db) => ({ db, store: new SqliteRawStore(db, INTERVAL) }));
    for (const { store } of stores) await store.appendScrapes(written);
    asCodecOne(stores[1]!.db);
    expect(rows(stores[1]!.db).every((row) => row.codec === SNAPSHOT_CODEC)).toBe(true);
    const [deltas, whole] = await Promise.all(
      stores.map(async ({ db, store }) => {
        await runAggregation(db, store, { rebuild: true, readBatch: 3 });
        return { tables: dumpAggregates(db), fold: await dumpFoldState(db) };
      }),
    );
    expect(deltas!.tables.agg_series!.length).toBe(40);
    expect(deltas).toEqual(whole);
  });
});

/** Rewrites every snapshot row with codec 1, as a store written before codec 2 holds them. */
function asCodecOne(db: SqliteDatabase): void {
  const records = fromDisk(db);
  const update = db.prepare('UPDATE snapshots SET codec = ?, data = ? WHERE scrape_id = ?');
  db.transaction(() => {
    for (const record of records) update.run(SNAPSHOT_CODEC, encodeSnapshot(record.snapshot!), Number(record.cursor.key));
  })();
}
