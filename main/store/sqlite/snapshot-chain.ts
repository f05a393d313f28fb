import { SNAPSHOT_KEYFRAME_INTERVAL } from '../../../shared/defaults.js';
import type { SnapshotColumns } from '../raw-store.js';
import { SNAPSHOT_CODEC, decodeSnapshot } from '../snapshot-codec.js';
import { DELTA_CODEC, baseIdOf, decodeFrame, encodeDelta, encodeKeyframe, modelAfter } from '../snapshot-delta-codec.js';
import type { SnapshotModel } from '../snapshot-model.js';
import type { TurnBudget } from '../../scheduling/turn-budget.js';
import type { SqliteDatabase } from './open-database.js';

/** A decoded codec-2 row: its scrape id, columns and model, and how many deltas lead to it from a keyframe. */
interface Link {
  readonly id: number;
  readonly state: SnapshotModel;
  depth: number;
}

interface SnapshotRow {
  codec: number;
  data: Buffer;
}

/** Decoded rows kept: the newest written, and the heads of a few chains a time-ordered read may alternate between (imports). */
const CACHED_LINKS = 4;

const copyColumns = (columns: SnapshotColumns): SnapshotColumns => ({
  ids: columns.ids.slice(),
  heights: columns.heights.slice(),
  lastSeen: columns.lastSeen.slice(),
  payouts: columns.payouts.slice(),
});

/**
 * The SQLite store's codec-2 snapshots: each row a delta on the snapshot row stored before it (the
 * greatest smaller scrape id), or a keyframe at least every `keyframeInterval` rows, so a read at
 * random decodes at most that many rows and a read in order decodes one delta per row (the
 * previous row's state is cached). Codec-1 rows (stores written before codec 2) stay as they are
 * and are decoded by codec 1; a codec-2 row never has one as its base.
 *
 * Invariant: a delta's base is the snapshot row just before it. Writes keep it (the base is the
 * newest row); `keyframesBeforePrune` keeps it across retention, which deletes the oldest rows.
 */
export class SnapshotChain {
  private readonly cache = new Map<number, Link>();
  /** Links written in the open transaction, the newest last; cached when it commits. */
  private pending: Link[] = [];
  private readonly newestRow;
  private readonly rowById;
  private readonly rowExists;
  private readonly successorsOfPruned;
  private readonly updateData;

  constructor(
    db: SqliteDatabase,
    private readonly keyframeInterval = SNAPSHOT_KEYFRAME_INTERVAL,
  ) {
    if (!Number.isInteger(keyframeInterval) || keyframeInterval < 1) throw new RangeError(`keyframe interval ${keyframeInterval} must be a whole number of at least 1`);
    // Not the blob: the newest row is usually the cached one.
    this.newestRow = db.prepare<[], { id: number; codec: number }>('SELECT scrape_id AS id, codec FROM snapshots ORDER BY scrape_id DESC LIMIT 1');
    this.rowById = db.prepare<[number], SnapshotRow>('SELECT codec, data FROM snapshots WHERE scrape_id = ?');
    this.rowExists = db.prepare<[number], { one: number }>('SELECT 1 AS one FROM snapshots WHERE scrape_id = ?');
    // The rows right after the ones retention deletes, when they stay: the only rows whose base can go.
    this.successorsOfPruned = db.prepare<[number, number], { id: number; data: Buffer }>(`
      SELECT k.scrape_id AS id, k.data FROM snapshots k JOIN scrapes s ON s.id = k.scrape_id
      WHERE k.codec = ${DELTA_CODEC} AND s.time >= ? AND k.scrape_id IN (
        SELECT (SELECT MIN(n.scrape_id) FROM snapshots n WHERE n.scrape_id > d.id)
        FROM scrapes d WHERE d.ok = 1 AND d.time < ? AND d.has_snapshot = 1)`);
    this.updateData = db.prepare<[Buffer, number]>('UPDATE snapshots SET data = ? WHERE scrape_id = ?');
  }

  /** The bytes to store for row `scrapeId` (the newest); call inside the writing transaction, then `commit` or `rollback`. */
  encode(scrapeId: number, written: SnapshotColumns): { codec: number; data: Buffer } {
    // The caller may reuse its arrays; the model keeps them as the next row's base.
    const columns = copyColumns(written);
    const base = this.newestLink();
    if (base === null || base.depth + 1 >= this.keyframeInterval) {
      const state = modelAfter(base?.state ?? null, columns);
      this.pending.push({ id: scrapeId, state, depth: 0 });
      return { codec: DELTA_CODEC, data: encodeKeyframe(state) };
    }
    const { data, state } = encodeDelta(base.id, base.state, columns);
    this.pending.push({ id: scrapeId, state, depth: base.depth + 1 });
    return { codec: DELTA_CODEC, data };
  }

  commit(): void {
    for (const link of this.pending) this.remember(link);
    this.pending = [];
  }

  rollback(): void {
    this.pending = [];
  }

  /** A row's columns (the caller's own copy). */
  read(scrapeId: number, codec: number, data: Buffer): SnapshotColumns {
    if (codec === SNAPSHOT_CODEC) return decodeSnapshot(codec, data);
    if (codec !== DELTA_CODEC) throw new Error(`unknown snapshot codec ${codec} in row ${scrapeId}`);
    return copyColumns(this.linkOf(scrapeId, data).state.columns);
  }

  /**
   * Before retention deletes the rows of scrapes older than `time`: rewrites each kept delta whose
   * base is among them as a keyframe of the same snapshot (same columns, same model), so no row is
   * left without its base. Call in the deleting transaction, then `forgetDeleted` after the delete,
   * or `forgetAll` if the transaction fails. Returns how many rows it rewrote.
   */
  keyframesBeforePrune(time: number): number {
    let rewritten = 0;
    for (const row of this.successorsOfPruned.all(time, time)) {
      if (baseIdOf(row.data) === null) continue;
      const link = this.linkOf(row.id, row.data);
      this.updateData.run(encodeKeyframe(link.state), row.id);
      // Cached rows after it keep their larger depths: that only brings the next keyframe forward.
      link.depth = 0;
      rewritten++;
    }
    return rewritten;
  }

  /** Drops cached rows that are no longer stored. */
  forgetDeleted(): void {
    for (const id of [...this.cache.keys()]) if (this.rowExists.get(id) === undefined) this.cache.delete(id);
  }

  /** Drops every cached row (a transaction that changed rows rolled back). */
  forgetAll(): void {
    this.cache.clear();
  }

  private remember(link: Link): void {
    this.cache.delete(link.id);
    this.cache.set(link.id, link);
    while (this.cache.size > CACHED_LINKS) this.cache.delete(this.cache.keys().next().value!);
  }

  /** The newest snapshot row as a base (written in this transaction, cached, or decoded), or null if it is not codec 2 or there is none. */
  private newestLink(): Link | null {
    const row = this.newestRow.get();
    if (row === undefined) return null;
    const pending = this.pending.at(-1);
    if (pending !== undefined && pending.id === row.id) return pending;
    if (row.codec !== DELTA_CODEC) return null;
    return this.cache.get(row.id) ?? this.linkOf(row.id, this.rowById.get(row.id)!.data);
  }

  /**
   * Decodes row `id` ahead of a `read`, giving the event loop a turn whenever `turn` is spent: a
   * row read at random can lie up to `keyframeInterval - 1` deltas after its keyframe, about 180 ms
   * of decoding at 25,000 farmers in one piece. A row already cached (the one before it was read
   * last) costs nothing.
   */
  async warm(id: number, codec: number, data: Buffer, turn: TurnBudget): Promise<void> {
    if (codec !== DELTA_CODEC || this.cache.has(id)) return;
    const { path, start } = this.pathTo(id, data);
    let link = start;
    for (let i = path.length - 1; i >= 0; i--) {
      link = decodeStep(path[i]!, link);
      this.remember(link);
      await turn.yieldWhenSpent();
    }
  }

  /** Decodes row `id` (bytes `data`): back along its bases to a cached row or a keyframe, then forward. */
  private linkOf(id: number, data: Buffer): Link {
    const cached = this.cache.get(id);
    if (cached !== undefined) return cached;
    const { path, start } = this.pathTo(id, data);
    let link = start;
    for (let i = path.length - 1; i >= 0; i--) link = decodeStep(path[i]!, link);
    this.remember(link!);
    return link!;
  }

  /** The rows from row `id` back to (not including) a cached row, or to a keyframe; and that cached row. */
  private pathTo(id: number, data: Buffer): { path: Array<{ id: number; data: Buffer }>; start: Link | null } {
    const path: Array<{ id: number; data: Buffer }> = [{ id, data }];
    let start: Link | null = null;
    for (let baseId = baseIdOf(data); baseId !== null; ) {
      start = this.cache.get(baseId) ?? null;
      if (start !== null) break;
      const row = this.rowById.get(baseId);
      if (row === undefined) throw new Error(`snapshot row ${path.at(-1)!.id} is a delta on row ${baseId}, which is missing`);
      if (row.codec !== DELTA_CODEC) throw new Error(`snapshot row ${path.at(-1)!.id} is a delta on row ${baseId}, which is not codec ${DELTA_CODEC}`);
      path.push({ id: baseId, data: row.data });
      baseId = baseIdOf(row.data);
    }
    return { path, start };
  }

}

/** One row decoded on its base (null for a keyframe). */
function decodeStep(step: { id: number; data: Buffer }, base: Link | null): Link {
  const state = decodeFrame(step.data, base === null ? null : { id: base.id, state: base.state });
  return { id: step.id, state, depth: base === null || baseIdOf(step.data) === null ? 0 : base.depth + 1 };
}

/**
 * Deletes the codec-2 rows that can no longer be decoded because their base is gone (a recovery
 * from a damaged file skipped it), in order, so a delta on a deleted row goes too; their scrapes
 * keep their log and totals and lose only `has_snapshot`. Reads would otherwise stop at the first
 * such row. Returns how many rows went.
 */
export function dropSnapshotsWithoutBase(db: SqliteDatabase): number {
  const sound = new Set<number>();
  const broken: number[] = [];
  for (const row of db.prepare<[], { id: number; codec: number; data: Buffer }>('SELECT scrape_id AS id, codec, data FROM snapshots ORDER BY scrape_id').iterate()) {
    const base = row.codec === DELTA_CODEC ? baseIdOf(row.data) : null;
    if (base === null || sound.has(base)) sound.add(row.id);
    else broken.push(row.id);
  }
  const remove = db.prepare('DELETE FROM snapshots WHERE scrape_id = ?');
  const unmark = db.prepare('UPDATE scrapes SET has_snapshot = 0 WHERE id = ?');
  db.transaction(() => {
    for (const id of broken) {
      remove.run(id);
      unmark.run(id);
    }
  })();
  return broken.length;
}
