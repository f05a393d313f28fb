import { setImmediate as nextTurn } from 'node:timers/promises';
import { aggregationFailing, recordAggregationOutcome } from '../events/aggregation-health.js';
import { EventFold, type EventConfig } from '../events/event-fold.js';
import type { NewEventsHook } from '../events/event-tables.js';
import type { RawScrape, RawStore } from '../store/raw-store.js';
import type { SqliteDatabase } from '../store/sqlite/open-database.js';
import { FOLLOW_COMMIT_INTERVAL_MS } from '../../shared/defaults.js';
import { describeError } from '../../shared/errors.js';
import { CheckpointRecorder } from './checkpoints.js';
import type { CommittedRows } from './committed-rows.js';
import { AggregateWriter, committedHeaderText, importedHistoryVersion, type CommitOptions } from './aggregate-tables.js';
import { loadFold } from './load-fold.js';
import { Fold, emptyHeader, type FoldHeader } from './fold.js';

export interface AggregationProgress {
  phase: 'rebuild' | 'follow';
  /** Records folded in this run. */
  records: number;
  observations: number;
  /** Time of the newest folded record (the reference time the queries use). */
  foldedThrough: number | null;
}

export interface AggregationOptions {
  /** Start again from an empty fold (also chosen automatically when history was inserted behind the cursor). */
  rebuild?: boolean;
  /**
   * Records read from the raw store per call. Default: adaptive, about 400,000 observations per
   * read (16 scrapes of 25,000 farmers; up to 1,024 totals-only records), so memory stays bounded
   * and totals-only history (imports) does not cost a round trip per 16 records.
   */
  readBatch?: number;
  /**
   * Observations folded in memory before a commit. Following the collector this never fills
   * (each scrape is committed on its own); rebuilds commit every few million observations, so a
   * farmer row that changes in many scrapes is written once per batch, not once per scrape.
   */
  commitObservations?: number;
  signal?: AbortSignal;
  onProgress?: (progress: AggregationProgress) => void;
}

export interface AggregationResult extends AggregationProgress {
  rebuilt: boolean;
  cancelled: boolean;
}

/**
 * The aggregation job: folds every raw record after the committed marker and commits the outputs
 * with the marker. Rebuilds when asked, or when the raw store reports records inserted behind the
 * marker (an import of older history); refreshes the imported-derived daily totals when
 * `meta.imported_history_version` changed. Safe to kill at any point and to repeat.
 *
 * Between runs it keeps the fold in memory and reuses it while the committed header is the one it
 * wrote, so following the collector does not resume from the checkpoint each scrape; anything else
 * (another process rebuilt, a commit failed) makes it resume from the checkpoint (load-fold.ts).
 */
export class AggregationJob {
  private fold: Fold | null = null;
  private committedHeader: string | null = null;
  private readonly writer: AggregateWriter;
  private readonly events: EventFold;
  private readonly checkpoints: CheckpointRecorder;

  /**
   * `onNewEvents` receives, inside the commit's transaction, the node events a commit adds that
   * are new (docs/events.md): the alert outbox enqueues them there. `onCommitted` receives, after
   * each commit, the farmer rows it wrote (main/jobs/committed-rows.ts), for readers on other
   * connections that keep the view they form.
   */
  constructor(
    private readonly db: SqliteDatabase,
    private readonly store: RawStore,
    private readonly onNewEvents: NewEventsHook,
    private readonly onCommitted?: (commit: CommittedRows) => void,
  ) {
    this.writer = new AggregateWriter(db);
    this.events = new EventFold(db, store, onNewEvents);
    this.checkpoints = new CheckpointRecorder(db);
  }

  private async currentFold(): Promise<Fold> {
    const stored = committedHeaderText(this.db);
    if (this.fold !== null && stored !== null && stored === this.committedHeader) return this.fold;
    this.fold = await loadFold(this.db, this.store);
    this.events.reload();
    this.checkpoints.discard();
    this.committedHeader = stored;
    return this.fold;
  }

  /**
   * Whether records were stored behind the committed cursor since its insert mark (an import of
   * older history, a scrape stored late during the last run): the run then rebuilds, and resuming
   * the committed fold first would replay them out of place and find it no longer matches.
   */
  private async insertedBehindCommitted(): Promise<boolean> {
    const header = committedHeader(this.db);
    if (header.cursor === null) return false;
    const inserted = await this.store.earliestInsertedSince(header.insertMark);
    return inserted.earliestTime !== null && inserted.earliestTime < header.cursor.time;
  }

  /** Before a rebuild, asked for or needed: the committed header only, without resuming the fold it replaces (which may be what is damaged). */
  private foldToReplace(): Fold {
    this.events.reload();
    return new Fold(committedHeader(this.db));
  }

  async run(options: AggregationOptions = {}): Promise<AggregationResult> {
    let result: AggregationResult;
    try {
      result = await this.runUnsafe(options);
    } catch (error) {
      // The in-memory fold may be ahead of what was committed: start from the checkpoint next time.
      this.fold = null;
      this.checkpoints.discard();
      this.recordOutcome({ ok: false, message: describeError(error) });
      throw error;
    }
    if (aggregationFailing(this.db)) this.recordOutcome({ ok: true });
    return result;
  }

  private recordOutcome(outcome: { ok: true } | { ok: false; message: string }): void {
    try {
      recordAggregationOutcome(this.db, outcome, Date.now(), this.onNewEvents);
    } catch {
      // The store itself may be what fails (disk full, damaged file): the run's own error is the one to report.
    }
  }

  /**
   * Derives the stored events for this watched list and these thresholds (docs/events.md); call
   * between runs. An aborted `signal` leaves the stored events as they were.
   */
  async configureEvents(config: EventConfig, signal?: AbortSignal): Promise<void> {
    const fold = await this.currentFold();
    await this.events.configure(config, fold.header.cursor, signal);
  }

  private async runUnsafe(options: AggregationOptions): Promise<AggregationResult> {
    let readBatch = options.readBatch ?? 16;
    const commitObservations = options.commitObservations ?? 4_000_000;
    let fold = options.rebuild === true || (await this.insertedBehindCommitted()) ? this.foldToReplace() : await this.currentFold();
    const inserted = await this.store.earliestInsertedSince(fold.header.insertMark);
    const behindCursor =
      inserted.earliestTime !== null && fold.header.cursor !== null && inserted.earliestTime < fold.header.cursor.time;
    const rebuild = options.rebuild === true || behindCursor;
    if (rebuild) {
      fold = this.fold = new Fold(emptyHeader(fold.header.generation + 1));
      this.events.restart();
      this.checkpoints.discard();
    }
    const importVersion = importedHistoryVersion(this.db);
    let commitOptions: CommitOptions = { reset: rebuild, refreshImportedTotals: importVersion !== fold.header.importVersion };
    const collectorLogged = this.events.foldCollectorLog();
    let dirty = rebuild || collectorLogged || commitOptions.refreshImportedTotals === true || inserted.mark !== fold.header.insertMark;
    fold.header.insertMark = inserted.mark;
    fold.header.importVersion = importVersion;
    const progress: AggregationProgress = {
      phase: rebuild ? 'rebuild' : 'follow',
      records: 0,
      observations: 0,
      foldedThrough: fold.header.cursor?.time ?? null,
    };
    let uncommittedObservations = 0;
    let committedAt = performance.now();
    let cancelled = false;
    const commit = (): void => {
      this.commitFold(fold, commitOptions);
      commitOptions = {};
      dirty = false;
      uncommittedObservations = 0;
      committedAt = performance.now();
      options.onProgress?.({ ...progress });
    };

    for (;;) {
      if (options.signal?.aborted) {
        cancelled = true;
        break;
      }
      // Records stored while this run folds (a backfill writes on as it reads) move the mark first.
      if (progress.records > 0 && !(await this.markInsertedSince(fold))) break;
      const records = await this.store.readAfter(fold.header.cursor, readBatch);
      if (records.length === 0) break;
      const folded = this.foldBatch(fold, records);
      progress.records += records.length;
      progress.observations += folded;
      progress.foldedThrough = fold.header.cursor?.time ?? null;
      uncommittedObservations += folded;
      dirty = true;
      // Caught up with a writer that keeps storing (a backfill): a commit at most every FOLLOW_COMMIT_INTERVAL_MS.
      if (uncommittedObservations >= commitObservations || (records.length < readBatch && performance.now() - committedAt >= FOLLOW_COMMIT_INTERVAL_MS)) commit();
      if (options.readBatch === undefined) readBatch = adaptiveBatch(folded, records.length);
      // An SQLite read and fold never wait on I/O: a turn of the event loop between batches lets a
      // stop request (Ctrl-C, the worker's stop message) abort the run.
      await nextTurn();
    }
    if (dirty) commit();
    return { ...progress, rebuilt: rebuild, cancelled };
  }

  /** Commits the fold with the events and checkpoints of the same records, and hands `onCommitted` the rows it wrote. */
  private commitFold(fold: Fold, options: CommitOptions): void {
    const written = this.writer.commit(
      fold,
      options,
      () => {
        this.events.write();
        this.checkpoints.write();
      },
      this.onCommitted !== undefined,
    );
    const previousHeader = this.committedHeader;
    this.committedHeader = written.header;
    if (this.onCommitted === undefined || written.rows === null) return;
    this.onCommitted({ previousHeader, header: written.header, reset: options.reset === true, rows: written.rows, present: written.present, heights: written.heights });
  }

  /**
   * Moves the insert mark over the records stored since it, before a read that may fold them: a
   * mark taken only at the start of a run makes every record stored during the run look inserted
   * behind the cursor once folded, so the next run rebuilt from scratch (each fold run while a
   * backfill wrote). False, leaving the mark, when one of them lies behind the cursor (an import
   * of older history): the run ends there and the next one rebuilds.
   */
  private async markInsertedSince(fold: Fold): Promise<boolean> {
    const inserted = await this.store.earliestInsertedSince(fold.header.insertMark);
    if (inserted.earliestTime !== null && fold.header.cursor !== null && inserted.earliestTime < fold.header.cursor.time) return false;
    fold.header.insertMark = inserted.mark;
    return true;
  }

  /** Folds one batch into the aggregates, the checkpoints and the events; returns the observations it added. */
  private foldBatch(fold: Fold, records: readonly RawScrape[]): number {
    const observationsBefore = fold.header.observations;
    for (const record of records) {
      this.checkpoints.beforeRecord(fold, record.time);
      fold.foldRecord(record);
    }
    this.events.foldRecords(records);
    return fold.header.observations - observationsBefore;
  }
}

const OBSERVATIONS_PER_READ = 400_000;
const MAX_READ_BATCH = 1024;

function adaptiveBatch(observations: number, records: number): number {
  const perRecord = Math.max(1, observations / records);
  return Math.max(1, Math.min(MAX_READ_BATCH, Math.floor(OBSERVATIONS_PER_READ / perRecord)));
}

/** The committed header (for its generation), or an empty one. */
function committedHeader(db: SqliteDatabase): FoldHeader {
  const text = committedHeaderText(db);
  return text === null ? emptyHeader() : (JSON.parse(text) as FoldHeader);
}
