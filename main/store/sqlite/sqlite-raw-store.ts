import type {
  AppendResult,
  FailedScrape,
  NewScrape,
  RawCursor,
  RawScrape,
  RawStore,
  RawStoreCounts,
  SnapshotColumns,
} from '../raw-store.js';
import { SnapshotAddressSequences, toSnapshotColumns } from '../snapshot-columns.js';
import { failedScrapeLogRow, storedScrapeLogRow } from '../scrape-log-row.js';
import { AddressDictionary } from './address-dictionary.js';
import { retentionFloor } from './replay-floor.js';
import type { SqliteDatabase } from './open-database.js';
import { databaseBytes, readRowCounts } from './row-counts.js';
import { SnapshotChain } from './snapshot-chain.js';
import { TURN_BUDGET_MS } from '../../../shared/defaults.js';
import { TurnBudget } from '../../scheduling/turn-budget.js';
import { refuseIfDamaged, storeFailure } from './store-health.js';

interface ScrapeRow {
  id: number;
  time: number;
  total_id: number | null;
  total_tb: number | null;
  total_farmers: number | null;
  codec: number | null;
  data: Buffer | null;
}

/** Cursor keys are zero-padded row ids so that string order equals numeric order. */
const keyOf = (id: number): string => id.toString().padStart(16, '0');
const idOf = (key: string): number => Number.parseInt(key, 10);

/**
 * The embedded raw store: scrape log, totals and snapshots in one SQLite file, so a scrape is
 * one transaction. Synchronous underneath (better-sqlite3); the async interface is for MongoDB.
 */
export class SqliteRawStore implements RawStore {
  readonly kind = 'sqlite' as const;
  readonly addresses: AddressDictionary;
  /** The previous scrape's address order, so the next one resolves known addresses by guessing. */
  private readonly sequences = new SnapshotAddressSequences();
  /**
   * Encodes snapshots as deltas and decodes them, keeping the newest decoded rows: the aggregation
   * job usually reads the row just written (same process), which then costs a copy, not a decode.
   */
  private readonly chain: SnapshotChain;
  private readonly insertScrape;
  private readonly insertSnapshot;
  private readonly readAfterStatement;
  private readonly readFromStartStatement;
  private readonly earliestSince;
  private readonly maxId;
  private readonly pruneStatement;

  constructor(
    readonly db: SqliteDatabase,
    keyframeInterval?: number,
  ) {
    this.addresses = new AddressDictionary(db);
    this.chain = new SnapshotChain(db, keyframeInterval);
    this.insertScrape = db.prepare(`
      INSERT INTO scrapes (time, source, source_key, ok, duration_ms, farmers, rejected, duplicates, rejections,
                           error_code, error_message, total_id, total_tb, total_farmers, has_snapshot)
      VALUES (@time, @source, @sourceKey, @ok, @durationMs, @farmers, @rejected, @duplicates, @rejections,
              @errorCode, @errorMessage, @totalId, @totalTB, @totalFarmers, @hasSnapshot)
      ON CONFLICT (source_key) DO NOTHING
      RETURNING id`);
    this.insertSnapshot = db.prepare('INSERT INTO snapshots (scrape_id, codec, data) VALUES (?, ?, ?)');
    const select = `
      SELECT s.id, s.time, s.total_id, s.total_tb, s.total_farmers, n.codec, n.data
      FROM scrapes s LEFT JOIN snapshots n ON n.scrape_id = s.id
      WHERE s.ok = 1`;
    this.readAfterStatement = db.prepare<[number, number, number, number], ScrapeRow>(
      // `s.time >= ?` lets the (ok, time, id) index start at the cursor; without it SQLite reads the
      // index from the oldest scrape on every call, so each read cost grew with the history.
      `${select} AND s.time >= ? AND (s.time > ? OR s.id > ?) ORDER BY s.time, s.id LIMIT ?`,
    );
    this.readFromStartStatement = db.prepare<[number], ScrapeRow>(`${select} ORDER BY s.time, s.id LIMIT ?`);
    // NOT INDEXED: left to itself SQLite walks the whole (ok, time, id) index for ok = 1 (milliseconds
    // at a year of history, on every job run); the rowid range `id > ?` touches only the new rows.
    this.earliestSince = db.prepare<[number], { earliest: number | null; mark: number | null }>(
      'SELECT MIN(time) AS earliest, MAX(id) AS mark FROM scrapes NOT INDEXED WHERE id > ? AND ok = 1',
    );
    this.maxId = db.prepare<[], { mark: number | null }>('SELECT MAX(id) AS mark FROM scrapes');
    this.pruneStatement = db.prepare(
      'DELETE FROM snapshots WHERE scrape_id IN (SELECT id FROM scrapes WHERE time < ? AND has_snapshot = 1)',
    );
  }

  async appendScrape(scrape: NewScrape): Promise<AppendResult> {
    return this.appendScrapeSync(scrape);
  }

  /** The synchronous core of `appendScrape`, for callers on the hot path (collector, benchmarks). */
  appendScrapeSync(scrape: NewScrape): AppendResult {
    return this.inTransaction(() => this.insertRecord(scrape));
  }

  async appendScrapes(scrapes: readonly NewScrape[]): Promise<AppendResult[]> {
    return this.appendScrapesSync(scrapes);
  }

  /**
   * One transaction for the whole batch (a commit per scrape would cap imports at disk-sync speed;
   * a savepoint per scrape costs as much as the insert): the batch is stored whole or not at all.
   */
  appendScrapesSync(scrapes: readonly NewScrape[]): AppendResult[] {
    return this.inTransaction(() => scrapes.map((scrape) => this.insertRecord(scrape)));
  }

  /**
   * Runs `work` in a transaction; on rollback the address cache forgets the ids it handed out. A
   * store found damaged refuses the write before touching it (store-health.ts).
   */
  private inTransaction<T>(work: () => T): T {
    refuseIfDamaged(this.db);
    const highWater = this.addresses.highWater;
    try {
      const result = this.db.transaction(work)();
      this.chain.commit();
      return result;
    } catch (error) {
      this.addresses.forgetAfter(highWater);
      this.chain.rollback();
      throw storeFailure(this.db, error);
    }
  }

  /** Runs a read or a write outside `inTransaction`, with the same translation of a damaged file. */
  private guarded<T>(work: () => T): T {
    try {
      return work();
    } catch (error) {
      throw storeFailure(this.db, error);
    }
  }

  private async guardedAsync<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw storeFailure(this.db, error);
    }
  }

  /** The scrape-log row with its totals, and its snapshot: call inside a transaction. */
  private insertRecord(scrape: NewScrape): AppendResult {
    const row = this.insertScrape.get({
      ...storedScrapeLogRow(scrape),
      source: scrape.source,
      sourceKey: scrape.sourceKey ?? null,
      totalId: scrape.total?.id ?? null,
      hasSnapshot: scrape.farmers ? 1 : 0,
    }) as { id: number } | undefined;
    if (row === undefined) return { inserted: false, cursor: { time: scrape.time, key: '' } };
    if (scrape.farmers) {
      const columns = toSnapshotColumns(scrape.farmers, this.addresses, this.sequences);
      const { codec, data } = this.chain.encode(row.id, columns);
      this.insertSnapshot.run(row.id, codec, data);
    }
    return { inserted: true, cursor: { time: scrape.time, key: keyOf(row.id) } };
  }

  async recordFailure(failure: FailedScrape): Promise<void> {
    refuseIfDamaged(this.db);
    this.guarded(() => this.insertScrape.get({ ...failedScrapeLogRow(failure), source: 'collector', sourceKey: null, totalId: null, hasSnapshot: 0 }));
  }

  /**
   * As `readAfterSync`, sharing the event loop: each snapshot is decoded ahead of its row in
   * slices (a row at random may sit many deltas after its keyframe), and the loop gets a turn
   * whenever the read has used up its budget. The API's past-moment figures and the tray read
   * this way on the main thread.
   */
  async readAfter(cursor: RawCursor | null, limit: number): Promise<RawScrape[]> {
    const rows = this.rowsAfter(cursor, limit);
    const turn = new TurnBudget(TURN_BUDGET_MS);
    const scrapes: RawScrape[] = [];
    for (const row of rows) {
      if (row.data !== null && row.codec !== null) await this.guardedAsync(() => this.chain.warm(row.id, row.codec!, row.data!, turn));
      scrapes.push(this.toRawScrape(row));
      await turn.yieldWhenSpent();
    }
    return scrapes;
  }

  readAfterSync(cursor: RawCursor | null, limit: number): RawScrape[] {
    return this.rowsAfter(cursor, limit).map((row) => this.toRawScrape(row));
  }

  private rowsAfter(cursor: RawCursor | null, limit: number): ScrapeRow[] {
    return this.guarded(() =>
      cursor === null ? this.readFromStartStatement.all(limit) : this.readAfterStatement.all(cursor.time, cursor.time, idOf(cursor.key), limit),
    );
  }

  private toRawScrape(row: ScrapeRow): RawScrape {
    return {
      cursor: { time: row.time, key: keyOf(row.id) },
      time: row.time,
      total:
        row.total_tb === null || row.total_farmers === null
          ? null
          : { id: row.total_id ?? 0, totalTB: row.total_tb, totalFarmers: row.total_farmers },
      snapshot: row.data === null || row.codec === null ? null : this.snapshotOf(row.id, row.codec, row.data),
    };
  }

  /** The row's snapshot, decoded (codec 2: from the cached previous row when it is the base). */
  private snapshotOf(scrapeId: number, codec: number, data: Buffer): SnapshotColumns {
    return this.chain.read(scrapeId, codec, data);
  }

  async earliestInsertedSince(mark: string | null): Promise<{ earliestTime: number | null; mark: string | null }> {
    if (mark === null) {
      const { mark: max } = this.maxId.get()!;
      return { earliestTime: null, mark: max === null ? null : keyOf(max) };
    }
    const row = this.earliestSince.get(idOf(mark))!;
    return { earliestTime: row.earliest, mark: row.mark === null ? mark : keyOf(row.mark) };
  }

  /** Keeps the snapshots the aggregation job folds again when it starts (replay-floor.ts). */
  async pruneSnapshotsBefore(requested: number): Promise<number> {
    refuseIfDamaged(this.db);
    const time = retentionFloor(this.db, requested);
    try {
      return this.guarded(() =>
        this.db.transaction(() => {
          this.chain.keyframesBeforePrune(time);
          const { changes } = this.pruneStatement.run(time);
          this.db.prepare('UPDATE scrapes SET has_snapshot = 0 WHERE time < ? AND has_snapshot = 1').run(time);
          this.chain.forgetDeleted();
          return changes;
        })(),
      );
    } catch (error) {
      this.chain.forgetAll();
      throw error;
    }
  }

  /** One `scrapes` row is both the log and the raw record: only failed rows, which hold nothing but the log, are deleted. */
  async pruneScrapeLogBefore(time: number): Promise<number> {
    refuseIfDamaged(this.db);
    return this.guarded(() =>
      this.db.transaction(() => {
        const { changes } = this.db.prepare('DELETE FROM scrapes WHERE ok = 0 AND time < ?').run(time);
        this.db
          .prepare('UPDATE scrapes SET rejections = NULL, error_message = NULL WHERE time < ? AND (rejections IS NOT NULL OR error_message IS NOT NULL)')
          .run(time);
        return changes;
      })(),
    );
  }

  async counts(): Promise<RawStoreCounts> {
    return this.guarded(() => this.countsSync());
  }

  private countsSync(): RawStoreCounts {
    const { scrapes, snapshots, addresses } = readRowCounts(this.db);
    return { scrapes, snapshots, addresses, sizeBytes: databaseBytes(this.db) };
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
