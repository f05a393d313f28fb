import { farmerRowsWrittenAfter, farmerRowsWrittenAfterSlice, loadFarmerState, type CommittedState } from '../jobs/aggregate-tables.js';
import { IMPORTED_HISTORY_VERSION_KEY } from '../store/sqlite/meta-keys.js';
import type { CommittedRows } from '../jobs/committed-rows.js';
import { FarmerState, type StoredFarmerRow } from '../jobs/farmer-state.js';
import { emptyHeader, type FoldHeader } from '../jobs/fold.js';
import { openDatabase, type SqliteDatabase } from '../store/sqlite/open-database.js';
import { TurnBudget } from '../scheduling/turn-budget.js';
import { TURN_BUDGET_MS } from '../../shared/defaults.js';
import { statementsPerConnection } from './statements.js';

/**
 * Every address's first/last seen and uptime: the fold's scraped state extended by the imported
 * network.db baseline (first = min, last = max, uptime = baseline + scraped; docs/formulas.md, "Uptime").
 * Built once per committed fold (and import version) and cached per connection, so a query does
 * not re-read 25,000 farmer rows.
 */
export interface FarmerView {
  header: FoldHeader;
  /** The fold's rows (values as of each row's lastSeq; see main/jobs/farmer-state.ts). */
  state: FarmerState;
  /** Ids below `size` may be known; `known[id]` says whether the scrapes or the baseline list it. */
  size: number;
  known: Uint8Array;
  /** 1 when the newest snapshot lists the address. */
  online: Uint8Array;
  first: Float64Array;
  last: Float64Array;
  uptime: Float64Array;
  /** The newest scrape time, or the newest imported last-seen time when no scrape was folded. */
  referenceTime: number | null;
}

interface CacheEntry {
  key: string;
  view: FarmerView;
  /** The connection's write stamp when `view` was last confirmed current (see farmerView). */
  dataVersion: number;
  changes: number;
}

const cache = new WeakMap<SqliteDatabase, CacheEntry>();

const statements = statementsPerConnection((db) => ({
  // data_version changes when another connection (the aggregation worker, an import) commits;
  // total_changes() counts the rows this connection itself has written.
  writeStamp: db.prepare<[], [dataVersion: number, changes: number]>('SELECT data_version, total_changes() FROM pragma_data_version').raw(),
  // The header alone says whether the view is current: the newest ids and heights (100 KB at
  // 25,000 farmers) are read only when it is not, though every write (a backfill's raw scrapes
  // too) changes the stamp.
  header: db.prepare<[], string>('SELECT header FROM agg_state WHERE id = 1').pluck(),
  state: db.prepare<[], CommittedState>('SELECT header, present, heights FROM agg_state WHERE id = 1'),
  importVersion: db.prepare<[string], string>('SELECT value FROM meta WHERE key = ?').pluck(),
  baseline: db.prepare<[], BaselineRow>('SELECT address_id, first_time, last_time, uptime_ms FROM imported_farmers').raw(),
}));

/** What a view is of: the import version and the committed fold header. */
function viewKey(kept: ReturnType<typeof statements>, header: string | undefined): string {
  return `${kept.importVersion.get(IMPORTED_HISTORY_VERSION_KEY) ?? ''}\u0000${header ?? ''}`;
}

/** Whether `previous` can be brought up to `header` by the rows written since (same fold, not behind it). */
function extendable(previous: FarmerView | undefined, header: FoldHeader): previous is FarmerView {
  return previous !== undefined && previous.header.generation === header.generation && previous.header.records <= header.records;
}

/** `state` with `rows` set, sized as the committed header says, and the newest snapshot's ids and heights. */
function withRows(state: FarmerState, rows: readonly StoredFarmerRow[], header: FoldHeader, committed: CommittedState): FarmerState {
  for (const row of rows) state.setStoredRow(row);
  state.ensureSize(header.size);
  state.setPresentFromBitmap(committed.present);
  if (committed.heights !== null) state.setPresentHeights(committed.heights);
  return state;
}

/**
 * The current view. While no connection has written since the view was confirmed, one tiny
 * statement says so and nothing else is read (every API request asks for the view). Otherwise
 * the committed fold header and import version decide; after a new commit only the farmer rows
 * written since the cached one are read (joiners, leavers and new payouts: a few hundred per
 * scrape, however many heights changed) and the newest snapshot's ids and heights, so the first
 * query after a scrape stays cheap. Inside an open transaction the stamp is not trusted: a
 * rollback would undo writes that total_changes() still counts.
 */
export function farmerView(db: SqliteDatabase): FarmerView {
  const kept = statements(db);
  const [dataVersion, changes] = kept.writeStamp.get()!;
  const trustStamp = !db.inTransaction;
  const cached = cache.get(db);
  if (trustStamp && cached !== undefined && cached.dataVersion === dataVersion && cached.changes === changes) return cached.view;
  const stampDataVersion = trustStamp ? dataVersion : -1;
  if (cached !== undefined && cached.key === viewKey(kept, kept.header.get())) {
    cached.dataVersion = stampDataVersion;
    cached.changes = changes;
    return cached.view;
  }
  // Read with the ids and heights it goes with: a commit since the header was read above is in both.
  const row = kept.state.get();
  const key = viewKey(kept, row?.header);
  let header = emptyHeader();
  let state = new FarmerState(0);
  if (row !== undefined) {
    header = JSON.parse(row.header) as FoldHeader;
    const previous = cached?.view;
    state = extendable(previous, header)
      ? withRows(previous.state, farmerRowsWrittenAfter(db, previous.header.records), header, row)
      : loadFarmerState(db, header.size, row);
  }
  const view = combine(kept.baseline.all(), header, state);
  cache.set(db, { key, view, dataVersion: stampDataVersion, changes });
  return view;
}

/** The capacity `loadFarmerState` starts from, so a view read in slices is the same size as one read whole. */
const FRESH_STATE_SIZE = 1024;
/**
 * Farmer rows per read of `refreshFarmerView`, about a millisecond's work; it reads on while the
 * turn's budget (TURN_BUDGET_MS) lasts. Fixed slices with a turn after each took 13 turns for
 * 25,000 rows, and on a busy machine each turn waited: a request waiting for the view waited
 * for all of them (190–340 ms at load 6).
 */
const ROWS_PER_READ = 1_000;
/** Up to this many rows written since the cached view are read at once and applied to its state. */
const CHANGED_ROWS_AT_ONCE = 2_000;

const refreshing = new WeakMap<SqliteDatabase, Promise<void>>();

/**
 * Takes the view of an aggregation commit from what the commit wrote (main/jobs/committed-rows.ts)
 * instead of reading it back, when the cached view is that of the commit's previous header and of
 * the same imports (the empty view, for a store's first commit): the rows written since are then
 * exactly these, so the view is the one a read would give. Otherwise (no view yet, a rebuild, a
 * commit missed, an import) nothing changes and the next refresh reads the store. A refresh
 * running meanwhile stops at its next slice.
 */
export function offerCommittedRows(db: SqliteDatabase, commit: CommittedRows): void {
  const cached = cache.get(db);
  if (cached === undefined || commit.reset) return;
  const kept = statements(db);
  if (cached.key !== viewKey(kept, commit.previousHeader ?? undefined)) return;
  const header = JSON.parse(commit.header) as FoldHeader;
  // Changed in place, as `farmerView` extends a view: the previous view is replaced at once.
  const state = cached.view.state;
  state.ensureSize(header.size);
  state.setStoredRows(commit.rows);
  state.setPresentFromBitmap(commit.present);
  state.setPresentHeights(commit.heights);
  const view = combine(kept.baseline.all(), header, state);
  // No stamp: the next `farmerView` compares the stored header with this one.
  cache.set(db, { key: viewKey(kept, commit.header), view, dataVersion: -1, changes: -1 });
}

/**
 * Brings the cached view up to the committed fold like `farmerView`, reading the farmer rows in
 * slices, as many per turn of the event loop as its budget holds (`turnBudgetMs`, default
 * TURN_BUDGET_MS; tests shorten it): while a backfill is folded nearly every row changes at each
 * commit, and reading 25,000 of them in one piece held the thread that answers the API for
 * 50–700 ms. The slices are read on a connection of their own, in one read transaction, so they
 * all belong to one commit however many the fold makes meanwhile. Concurrent callers share one
 * read. In the engine a commit's rows usually arrive first (`offerCommittedRows`): then there is
 * nothing to read.
 */
export function refreshFarmerView(db: SqliteDatabase, options: { turnBudgetMs?: number } = {}): Promise<void> {
  const running = refreshing.get(db);
  if (running !== undefined) return running;
  const started = refreshInTurns(db, options.turnBudgetMs ?? TURN_BUDGET_MS).finally(() => refreshing.delete(db));
  refreshing.set(db, started);
  return started;
}

async function refreshInTurns(db: SqliteDatabase, turnBudgetMs: number): Promise<void> {
  const kept = statements(db);
  const [dataVersion, changes] = kept.writeStamp.get()!;
  const cached = cache.get(db);
  if (!db.inTransaction && cached !== undefined && cached.dataVersion === dataVersion && cached.changes === changes) return;
  // An in-memory store has no file to open twice; inside a transaction only this connection sees
  // its writes; an unchanged header (raw scrapes written, nothing folded) needs no other connection.
  if (db.memory || db.inTransaction || cached?.key === viewKey(kept, kept.header.get())) {
    farmerView(db);
    return;
  }
  // The stamp is taken before the snapshot: a commit in between makes it older than the view, which
  // only costs the next caller a look at the header.
  const reader = openDatabase(db.name, { readonly: true });
  try {
    reader.prepare('BEGIN').run();
    const read = statements(reader);
    const row = read.state.get();
    const key = viewKey(read, row?.header);
    if (row === undefined || cached?.key === key) {
      farmerView(db);
      return;
    }
    const header = JSON.parse(row.header) as FoldHeader;
    // A view taken from a commit's rows meanwhile (offerCommittedRows) is as new: stop reading.
    const state = await readState(reader, cached?.view, header, new TurnBudget(turnBudgetMs), () => cache.get(db) !== cached);
    const baseline = read.baseline.all();
    // Another caller's `farmerView` replaced the view meanwhile (and may have moved its state on).
    if (cache.get(db) !== cached) return;
    cache.set(db, { key, view: combine(baseline, header, withRows(state.state, state.pending, header, row)), dataVersion, changes });
  } finally {
    reader.close();
  }
}

/**
 * The farmer rows of `header`'s commit: the few written since `previous` as rows still to apply to
 * its state (which is in use until the new view replaces it), or, when more changed (every row,
 * while a backfill is folded), a new state filled slice by slice, giving the loop a turn whenever
 * `turn` is spent; partly filled when `superseded` says another view replaced the cached one.
 */
async function readState(
  reader: SqliteDatabase,
  previous: FarmerView | undefined,
  header: FoldHeader,
  turn: TurnBudget,
  superseded: () => boolean,
): Promise<{ state: FarmerState; pending: StoredFarmerRow[] }> {
  if (extendable(previous, header)) {
    const changed = farmerRowsWrittenAfterSlice(reader, previous.header.records, -1, CHANGED_ROWS_AT_ONCE);
    if (changed.length < CHANGED_ROWS_AT_ONCE) return { state: previous.state, pending: changed };
  }
  const state = new FarmerState(Math.max(FRESH_STATE_SIZE, header.size));
  for (let afterId = -1; !superseded(); ) {
    const slice = farmerRowsWrittenAfterSlice(reader, -1, afterId, ROWS_PER_READ);
    for (const farmer of slice) state.setStoredRow(farmer);
    if (slice.length < ROWS_PER_READ) return { state, pending: [] };
    afterId = slice.at(-1)![0];
    await turn.yieldWhenSpent();
  }
  return { state, pending: [] };
}

/** The imported network.db baseline (docs/data-model.md): address id, first and last time, uptime (ms). */
export type BaselineRow = [addressId: number, first: number, last: number, uptime: number];

export function baselineRows(db: SqliteDatabase): BaselineRow[] {
  return statements(db).baseline.all();
}

/**
 * The baseline as known at `time`: addresses first seen later are left out, and an address whose
 * last time is later ends at `time` with its uptime scaled to keep its percentage (the baseline
 * holds only each address's totals up to its last date, not how they grew; docs/formulas.md,
 * "Figures as of a past moment").
 */
export function baselineAt(baseline: readonly BaselineRow[], time: number): BaselineRow[] {
  const rows: BaselineRow[] = [];
  for (const row of baseline) {
    const [id, first, last, uptime] = row;
    if (first > time) continue;
    if (last <= time) rows.push(row);
    else rows.push([id, first, time, last > first ? Math.round((uptime * (time - first)) / (last - first)) : uptime]);
  }
  return rows;
}

/** Extends rows of farmers still listed to the newest snapshot and adds the imported baseline. */
export function combine(baseline: readonly BaselineRow[], header: FoldHeader, state: FarmerState): FarmerView {
  let size = state.size;
  for (const [id] of baseline) size = Math.max(size, id + 1);
  const known = new Uint8Array(size);
  const online = new Uint8Array(size);
  const first = new Float64Array(size);
  const last = new Float64Array(size);
  const uptime = new Float64Array(size);
  for (let id = 0; id < state.size; id++) {
    if (state.lastSeq[id] === 0) continue;
    known[id] = 1;
    first[id] = state.first[id]!;
    last[id] = state.last[id]!;
    uptime[id] = state.uptime[id]!;
  }
  const newest = header.lastSnapshotTime;
  if (newest !== null) {
    for (const id of state.present) {
      online[id] = 1;
      uptime[id] = uptime[id]! + (newest - last[id]!);
      last[id] = newest;
    }
  }
  let referenceTime = header.cursor?.time ?? null;
  const importedOnlyReference = referenceTime === null;
  for (const [id, firstTime, lastTime, uptimeMs] of baseline) {
    if (known[id] === 1) {
      first[id] = Math.min(first[id]!, firstTime);
      last[id] = Math.max(last[id]!, lastTime);
      uptime[id] = uptime[id]! + uptimeMs;
    } else {
      known[id] = 1;
      first[id] = firstTime;
      last[id] = lastTime;
      uptime[id] = uptimeMs;
    }
    if (importedOnlyReference) referenceTime = Math.max(referenceTime ?? lastTime, lastTime);
  }
  return { header, state, size, known, online, first, last, uptime, referenceTime };
}

/** True when the address was listed in the newest folded snapshot. */
export function isOnlineNow(view: FarmerView, id: number): boolean {
  return id < view.size && view.online[id] === 1;
}
