import { IMPORTED_HISTORY_VERSION_KEY } from '../store/sqlite/meta-keys.js';
import type { SqliteDatabase } from '../store/sqlite/open-database.js';
import { storedRowsOf } from './committed-rows.js';
import { FarmerState, type DayRow, type StoredFarmerRow } from './farmer-state.js';
import type { Fold, PendingOutputs, SeriesBucket } from './fold.js';

const OUTPUT_TABLES = ['agg_series', 'agg_series_hourly', 'agg_series_daily', 'agg_daily_summaries', 'agg_daily_totals', 'agg_farmers', 'agg_state', 'agg_checkpoints', 'agg_resume', 'agg_farmers_before_resume'];

const FARMER_COLUMNS = 'address_id, first_time, last_time, uptime_ms, last_seq, height, payout_id';

/** The row's columns and `written`. */
const FARMER_ROW_VALUES = 8;
/** Rows per INSERT when many are written: one statement per row costs about twice as much. */
const FARMER_ROWS_PER_INSERT = 64;

export interface CommitOptions {
  /** Empty every output table first (a rebuild), in the same transaction as the first batch. */
  reset?: boolean;
  /** Recompute the totals of every day that has imported summaries (the imports changed). */
  refreshImportedTotals?: boolean;
}

/** The committed agg_state row: the header, the newest snapshot's ids as a bitmap and their heights (null: written before migration 11). */
export interface CommittedState {
  header: string;
  present: Buffer;
  heights: Buffer | null;
}

export function committedState(db: SqliteDatabase): CommittedState | undefined {
  return db.prepare<[], CommittedState>('SELECT header, present, heights FROM agg_state WHERE id = 1').get();
}

/**
 * The farmer state the agg_farmers rows and agg_state describe (farmer-state.ts): the rows, the
 * newest snapshot's ids, and their heights, which are newer than the rows' own.
 */
export function loadFarmerState(db: SqliteDatabase, size: number, committed: CommittedState): FarmerState {
  const state = new FarmerState(Math.max(1024, size));
  for (const row of db.prepare<[], StoredFarmerRow>(`SELECT ${FARMER_COLUMNS} FROM agg_farmers`).raw().iterate()) state.setStoredRow(row);
  state.ensureSize(size);
  state.setPresentFromBitmap(committed.present);
  if (committed.heights !== null) state.setPresentHeights(committed.heights);
  return state;
}

/**
 * The day accumulators a store written before migration 11 kept in its farmer rows: with the
 * rows, the whole state to resume from until the job writes its first resume checkpoint.
 */
export function loadDaysBeforeResume(db: SqliteDatabase, state: FarmerState): void {
  const rows = db.prepare<[], DayRow>(
    'SELECT address_id, day, day_first, day_last, day_uptime_ms, day_height_sum, day_count, day_payout_id FROM agg_farmers_before_resume',
  );
  for (const row of rows.raw().iterate()) state.setDayRow(row);
}

/** Farmer rows written by commits after the one that had folded `records` records. */
export function farmerRowsWrittenAfter(db: SqliteDatabase, records: number): StoredFarmerRow[] {
  return db.prepare<[number], StoredFarmerRow>(`SELECT ${FARMER_COLUMNS} FROM agg_farmers WHERE written > ?`).raw().all(records);
}

/**
 * Up to `limit` of those rows with an address id above `afterId`, in id order: a reader on a
 * thread that serves requests takes them a slice at a time. `+written` keeps SQLite off the
 * `written` index, with which every slice read and sorted all the rows written since.
 */
export function farmerRowsWrittenAfterSlice(db: SqliteDatabase, records: number, afterId: number, limit: number): StoredFarmerRow[] {
  return db
    .prepare<[number, number, number], StoredFarmerRow>(`SELECT ${FARMER_COLUMNS} FROM agg_farmers WHERE address_id > ? AND +written > ? ORDER BY address_id LIMIT ?`)
    .raw()
    .all(afterId, records, limit);
}

/** The committed header as stored (compared as text to tell whether an in-memory fold is current). */
export function committedHeaderText(db: SqliteDatabase): string | null {
  return db.prepare<[], { header: string }>('SELECT header FROM agg_state WHERE id = 1').get()?.header ?? null;
}

export function importedHistoryVersion(db: SqliteDatabase): string | null {
  const row = db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?').get(IMPORTED_HISTORY_VERSION_KEY);
  return row?.value ?? null;
}

/** What a commit stored: the header, and the farmer rows (when asked for) and the newest ids and heights. */
export interface WrittenCommit {
  header: string;
  /** The rows written, as `storedRowsOf` gives them; null unless asked for. */
  rows: Float64Array<ArrayBuffer> | null;
  present: Buffer;
  heights: Buffer;
}

/**
 * Writes one batch: the outputs folded since the last commit, the farmer rows that changed (see
 * farmer-state.ts), the newest snapshot's ids and heights and the progress marker, in ONE
 * transaction (with the checkpoints and events the job adds to it), so a crash leaves either all
 * of it or none of it and a restart resumes exactly where the committed marker says.
 */
export class AggregateWriter {
  private readonly insertSeries;
  private readonly upsertHourly;
  private readonly upsertDaily;
  private readonly upsertSummary;
  private readonly computeTotal;
  private readonly upsertTotal;
  private readonly deleteTotal;
  private readonly importedDays;
  private readonly saveState;
  private readonly upsertFarmer;
  private readonly upsertFarmers;

  constructor(private readonly db: SqliteDatabase) {
    this.insertSeries = db.prepare('INSERT OR REPLACE INTO agg_series (time, seq, total_tb, total_farmers) VALUES (?, ?, ?, ?)');
    const bucketColumns = 'start, samples, tb_sum, tb_min, tb_max, tb_last, farmers_sum, farmers_min, farmers_max, farmers_last';
    this.upsertHourly = db.prepare(`INSERT OR REPLACE INTO agg_series_hourly (${bucketColumns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.upsertDaily = db.prepare(`INSERT OR REPLACE INTO agg_series_daily (${bucketColumns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.upsertSummary = db.prepare(
      'INSERT OR REPLACE INTO agg_daily_summaries (address_id, day, payout_id, uptime_ms, duration_ms, height, points) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    // Computed rows win over imported rows for the same (address, day); imported rows fill the rest.
    this.computeTotal = db.prepare<{ day: number }, { points: number; addresses: number }>(`
      SELECT COALESCE((SELECT SUM(points) FROM agg_daily_summaries WHERE day = @day), 0)
           + COALESCE((SELECT SUM(i.points) FROM imported_summaries i WHERE i.day = @day
                AND NOT EXISTS (SELECT 1 FROM agg_daily_summaries a WHERE a.address_id = i.address_id AND a.day = @day)), 0) AS points,
             (SELECT COUNT(*) FROM agg_daily_summaries WHERE day = @day)
           + (SELECT COUNT(*) FROM imported_summaries i WHERE i.day = @day
                AND NOT EXISTS (SELECT 1 FROM agg_daily_summaries a WHERE a.address_id = i.address_id AND a.day = @day)) AS addresses`);
    this.upsertTotal = db.prepare('INSERT OR REPLACE INTO agg_daily_totals (day, total_points, addresses) VALUES (?, ?, ?)');
    this.deleteTotal = db.prepare('DELETE FROM agg_daily_totals WHERE day = ?');
    this.importedDays = db.prepare<[], { day: number }>('SELECT DISTINCT day FROM imported_summaries');
    this.saveState = db.prepare('INSERT OR REPLACE INTO agg_state (id, header, present, heights) VALUES (1, ?, ?, ?)');
    const farmerValues = `(${new Array(FARMER_ROW_VALUES).fill('?').join(', ')})`;
    this.upsertFarmer = db.prepare(`INSERT OR REPLACE INTO agg_farmers (${FARMER_COLUMNS}, written) VALUES ${farmerValues}`);
    this.upsertFarmers = db.prepare(`INSERT OR REPLACE INTO agg_farmers (${FARMER_COLUMNS}, written) VALUES ${new Array(FARMER_ROWS_PER_INSERT).fill(farmerValues).join(', ')}`);
  }

  /**
   * Returns what it stored, with the farmer rows when `keepRows`. `alsoWrite` runs inside the same
   * transaction (the events of the same records).
   */
  commit(fold: Fold, options: CommitOptions = {}, alsoWrite?: () => void, keepRows = false): WrittenCommit {
    const pending = fold.takePending();
    const headerText = JSON.stringify(fold.header);
    const present = fold.farmers.presentBitmap();
    const heights = fold.farmers.presentHeights();
    let ids: number[] = [];
    this.db.transaction(() => {
      if (options.reset) for (const table of OUTPUT_TABLES) this.db.exec(`DELETE FROM ${table}`);
      this.writeOutputs(pending);
      const days = new Set(pending.completedDays);
      if (options.refreshImportedTotals || options.reset) for (const { day } of this.importedDays.iterate()) days.add(day);
      for (const day of days) this.refreshTotal(day);
      ids = this.writeFarmers(fold.farmers, fold.header.records);
      this.saveState.run(headerText, present, heights);
      alsoWrite?.();
    })();
    return { header: headerText, rows: keepRows ? storedRowsOf(fold.farmers, ids) : null, present, heights };
  }

  private writeOutputs(pending: PendingOutputs): void {
    for (const row of pending.series) this.insertSeries.run(row.time, row.seq, row.totalTB, row.totalFarmers);
    for (const bucket of pending.hourly.values()) this.upsertHourly.run(...bucketValues(bucket));
    for (const bucket of pending.daily.values()) this.upsertDaily.run(...bucketValues(bucket));
    for (const row of pending.summaries) {
      this.upsertSummary.run(row.addressId, row.day, row.payoutId, row.uptimeMs, row.durationMs, row.height, row.points);
    }
  }

  /** The dirty farmer rows, many per statement: a rebuild writes every address's row, 250,000 at that scale. Returns their ids. */
  private writeFarmers(state: FarmerState, written: number): number[] {
    const ids = state.takeDirtyIds();
    const values = new Array<number>(FARMER_ROWS_PER_INSERT * FARMER_ROW_VALUES);
    let next = 0;
    for (; next + FARMER_ROWS_PER_INSERT <= ids.length; next += FARMER_ROWS_PER_INSERT) {
      for (let row = 0; row < FARMER_ROWS_PER_INSERT; row++) {
        state.copyStoredRow(ids[next + row]!, values, row * FARMER_ROW_VALUES);
        values[row * FARMER_ROW_VALUES + FARMER_ROW_VALUES - 1] = written;
      }
      this.upsertFarmers.run(values);
    }
    const single = new Array<number>(FARMER_ROW_VALUES);
    for (; next < ids.length; next++) {
      state.copyStoredRow(ids[next]!, single, 0);
      single[FARMER_ROW_VALUES - 1] = written;
      this.upsertFarmer.run(single);
    }
    return ids;
  }

  private refreshTotal(day: number): void {
    const total = this.computeTotal.get({ day })!;
    if (total.addresses === 0) this.deleteTotal.run(day);
    else this.upsertTotal.run(day, total.points, total.addresses);
  }
}

function bucketValues(bucket: SeriesBucket): number[] {
  return [
    bucket.start, bucket.samples, bucket.tbSum, bucket.tbMin, bucket.tbMax, bucket.tbLast,
    bucket.farmersSum, bucket.farmersMin, bucket.farmersMax, bucket.farmersLast,
  ];
}
