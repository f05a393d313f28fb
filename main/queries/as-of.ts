import type { HeightBucket, LatestTotals, UptimeStats } from '../../shared/model/network.js';
import { TURN_BUDGET_MS } from '../../shared/defaults.js';
import { round2 } from '../../shared/formulas.js';
import { importedHistoryVersion } from '../jobs/aggregate-tables.js';
import { START_CHECKPOINT_TIME, checkpointAtOrBefore, oldestCheckpoint, type StoredCheckpoint } from '../jobs/checkpoints.js';
import type { Fold } from '../jobs/fold.js';
import type { RawStore } from '../store/raw-store.js';
import type { SqliteDatabase } from '../store/sqlite/open-database.js';
import { baselineAt, baselineRows, combine, farmerView, type FarmerView } from './farmer-view.js';
import { heightHistogram, uptimeStats } from './uptime-stats.js';
import { TurnBudget } from '../scheduling/turn-budget.js';

/** What a replay reads: the raw store's ordered read, nothing else. */
export type HistoryReader = Pick<RawStore, 'readAfter'>;

/** The dashboard's figures (stat cards, uptime, heights) as of one moment. */
export interface Figures {
  /** The reference time the figures describe (docs/formulas.md); null when nothing is stored. */
  asOf: number | null;
  /**
   * True when these are not the figures at the newest scrape at or before the moment asked for,
   * but the nearest the store can still give: the oldest checkpoint (the moment is older), or a
   * checkpoint whose later snapshots raw retention has dropped.
   */
  fallback: boolean;
  latest: LatestTotals | null;
  averageCapacityGB: number | null;
  uptime: UptimeStats;
  heights: HeightBucket[];
}

/** The figures of a farmer view: what both the newest and a past moment's dashboard show. */
export function figuresOf(view: FarmerView, fallback = false): Figures {
  const latest = view.header.newestTotal;
  return {
    asOf: view.referenceTime,
    fallback,
    latest,
    averageCapacityGB: latest !== null && latest.totalFarmers > 0 ? round2((latest.totalTB / latest.totalFarmers) * 1000) : null,
    uptime: uptimeStats(view),
    heights: heightHistogram(view),
  };
}

export interface PastMoment {
  /** The end of the viewed window: the figures are those of the newest record at or before it. */
  time: number;
  /** Snapshots before this time may have been dropped by raw retention (null: all are kept). */
  retainedSince: number | null;
}

const REPLAY_BATCH = 32;
const CACHED_MOMENTS = 32;
const cache = new WeakMap<SqliteDatabase, Map<string, Promise<Figures>>>();

/**
 * The figures as of a past moment (docs/formulas.md, "Figures as of a past moment"): the newest
 * checkpoint at or before it, the raw records after it up to the moment replayed through the same
 * `Fold`, the imported baseline as known then, and the same formulas as the newest figures. Costs
 * at most a day's worth of snapshots (checkpoints are at most that far apart), never the whole
 * history, and is cached per moment until a rebuild or an import changes what it rests on.
 */
export function figuresAsOf(db: SqliteDatabase, history: HistoryReader, moment: PastMoment): Promise<Figures> {
  const key = `${farmerView(db).header.generation}\u0000${importedHistoryVersion(db) ?? ''}\u0000${moment.time}\u0000${moment.retainedSince ?? ''}`;
  let entries = cache.get(db);
  if (entries === undefined) cache.set(db, (entries = new Map()));
  const cached = entries.get(key);
  if (cached !== undefined) return cached;
  const computed = computeFigures(db, history, moment);
  if (entries.size >= CACHED_MOMENTS) entries.delete(entries.keys().next().value!);
  entries.set(key, computed);
  // A failed computation (a damaged store, a lost MongoDB connection) is tried again next time.
  computed.catch(() => entries.delete(key));
  return computed;
}

async function computeFigures(db: SqliteDatabase, history: HistoryReader, moment: PastMoment): Promise<Figures> {
  const before = checkpointAtOrBefore(db, moment.time);
  const replayable = before !== null && (moment.retainedSince === null || before.time >= moment.retainedSince);
  let checkpoint: StoredCheckpoint | null = before;
  if (before === null || (!replayable && before.time === START_CHECKPOINT_TIME)) checkpoint = oldestCheckpoint(db);
  if (checkpoint === null) return figuresOf(farmerView(db), true);
  const fold = checkpoint.fold();
  if (replayable) await replay(fold, history, moment.time);
  const reference = fold.header.cursor?.time ?? moment.time;
  const baseline = baselineAt(baselineRows(db), reference);
  return figuresOf(combine(baseline, fold.header, fold.farmers), !replayable);
}

/**
 * Folds the records after the fold's cursor up to `time`, a batch at a time, giving the event loop
 * a turn whenever this turn's work is spent (a 25,000-farmer record folds in a few milliseconds).
 */
async function replay(fold: Fold, history: HistoryReader, time: number): Promise<void> {
  const turn = new TurnBudget(TURN_BUDGET_MS);
  for (;;) {
    const records = await history.readAfter(fold.header.cursor, REPLAY_BATCH);
    for (const record of records) {
      if (record.time > time) return;
      fold.foldRecord(record);
      await turn.yieldWhenSpent();
    }
    // The summaries and series a replay produces are already stored: drop them as they come.
    fold.takePending();
    fold.farmers.takeDirtyIds();
    if (records.length < REPLAY_BATCH) return;
  }
}
