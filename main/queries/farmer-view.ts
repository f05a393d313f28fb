import { farmerRowsWrittenAfter, loadFarmerState, type CommittedState } from '../jobs/aggregate-tables.js';
import { IMPORTED_HISTORY_VERSION_KEY } from '../store/sqlite/meta-keys.js';
import { FarmerState } from '../jobs/farmer-state.js';
import { emptyHeader, type FoldHeader } from '../jobs/fold.js';
import type { SqliteDatabase } from '../store/sqlite/open-database.js';
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
  state: db.prepare<[], CommittedState>('SELECT header, present, heights FROM agg_state WHERE id = 1'),
  importVersion: db.prepare<[string], string>('SELECT value FROM meta WHERE key = ?').pluck(),
  baseline: db.prepare<[], BaselineRow>('SELECT address_id, first_time, last_time, uptime_ms FROM imported_farmers').raw(),
}));

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
  const row = kept.state.get();
  const importVersion = kept.importVersion.get(IMPORTED_HISTORY_VERSION_KEY) ?? '';
  const key = `${importVersion}\u0000${row?.header ?? ''}`;
  const stampDataVersion = trustStamp ? dataVersion : -1;
  if (cached !== undefined && cached.key === key) {
    cached.dataVersion = stampDataVersion;
    cached.changes = changes;
    return cached.view;
  }
  let header = emptyHeader();
  let state = new FarmerState(0);
  if (row !== undefined) {
    header = JSON.parse(row.header) as FoldHeader;
    const previous = cached?.view;
    if (previous !== undefined && previous.header.generation === header.generation && previous.header.records <= header.records) {
      state = previous.state;
      for (const changed of farmerRowsWrittenAfter(db, previous.header.records)) state.setStoredRow(changed);
      state.ensureSize(header.size);
      state.setPresentFromBitmap(row.present);
      if (row.heights !== null) state.setPresentHeights(row.heights);
    } else {
      state = loadFarmerState(db, header.size, row);
    }
  }
  const view = combine(kept.baseline.all(), header, state);
  cache.set(db, { key, view, dataVersion: stampDataVersion, changes });
  return view;
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
