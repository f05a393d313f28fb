import type { RawStore } from '../store/raw-store.js';
import type { SqliteDatabase } from '../store/sqlite/open-database.js';
import { committedState, loadDaysBeforeResume, loadFarmerState } from './aggregate-tables.js';
import { resumeCheckpoint } from './checkpoints.js';
import { Fold, type FoldHeader } from './fold.js';

/** What resuming reads: the raw store's ordered read, nothing else. */
export type ReplaySource = Pick<RawStore, 'readAfter'>;

const REPLAY_BATCH = 16;

/**
 * The committed fold, to continue from: the header agg_state holds, and the farmer state as of
 * it. That state is the resume checkpoint (agg_resume) with the raw records after it, up to the
 * committed marker, folded again; their series, summaries and events are already stored and
 * are dropped. A store whose job has not written a resume checkpoint yet (written before
 * migration 11) still has every farmer's state complete in its rows (the day accumulators moved
 * to agg_farmers_before_resume), and they are read instead. An empty fold when nothing was
 * committed.
 */
export async function loadFold(db: SqliteDatabase, history: ReplaySource): Promise<Fold> {
  const committed = committedState(db);
  if (committed === undefined) return new Fold();
  const header = JSON.parse(committed.header) as FoldHeader;
  const resume = resumeCheckpoint(db);
  if (resume === null) {
    if (rowsWithoutDays(db)) {
      // Only a damaged store (a recovery that lost the row, say) has rows of this version and no resume checkpoint.
      throw new Error('the fold\'s resume checkpoint (agg_resume) is missing; run `driveshare-graph rebuild`');
    }
    const farmers = loadFarmerState(db, header.size, committed);
    loadDaysBeforeResume(db, farmers);
    return new Fold(header, farmers);
  }
  const fold = resume.fold();
  while (fold.header.records < header.records) {
    const records = await history.readAfter(fold.header.cursor, Math.min(REPLAY_BATCH, header.records - fold.header.records));
    if (records.length === 0) break;
    for (const record of records) fold.foldRecord(record);
    fold.takePending();
    fold.farmers.takeDirtyIds();
  }
  if (comparable(fold.header) !== comparable(header)) {
    // Raw records between the checkpoint and the marker changed or went missing (a store edited by hand, say).
    const counts = (of: FoldHeader): string => `${of.records} records, ${of.snapshotSeq} snapshots, ${of.observations} observations`;
    throw new Error(
      `the raw records after the fold's resume checkpoint (agg_resume, ${new Date(resume.time).toISOString()}) no longer fold to the committed aggregates (${counts(fold.header)} folded again, ${counts(header)} committed); run \`driveshare-graph rebuild\``,
    );
  }
  return new Fold(header, fold.farmers);
}

/** The header's folded values, leaving out what a run sets before folding (which rebuild, import version and insertion mark it saw). */
function comparable(header: FoldHeader): string {
  return JSON.stringify({ ...header, generation: 0, insertMark: null, importVersion: null });
}

/** Whether agg_farmers has rows but none came from a store before migration 11 (which would hold their day accumulators). */
function rowsWithoutDays(db: SqliteDatabase): boolean {
  const row = db.prepare<[], { rows: number; days: number }>(
    'SELECT EXISTS (SELECT 1 FROM agg_farmers) AS rows, EXISTS (SELECT 1 FROM agg_farmers_before_resume) AS days',
  ).get()!;
  return row.rows === 1 && row.days === 0;
}
