import { CHECKPOINT_DENSE_DAYS, CHECKPOINT_EVERY_SNAPSHOTS, MS_PER_DAY } from '../../shared/defaults.js';
import { describeError } from '../../shared/errors.js';
import { dayOf } from '../../shared/formulas.js';
import type { SqliteDatabase } from '../store/sqlite/open-database.js';
import { decodeCheckpointState, encodeCheckpointState } from './checkpoint-codec.js';
import { applyDayState, encodeDayState } from './day-state-codec.js';
import { FarmerState } from './farmer-state.js';
import { Fold, type FoldHeader } from './fold.js';

/** The time of the empty fold a history starts from (before every record). */
export const START_CHECKPOINT_TIME = -1;

interface PendingCheckpoint {
  time: number;
  snapshotSeq: number;
  /** The empty start or the end of a UTC day: kept for good (the others only while recent). */
  dayEnd: boolean;
  header: string;
  state: Buffer;
  /** The open day's accumulators (day-state-codec.ts): with `state`, where the job resumes from. */
  days: Buffer;
}

/**
 * Captures fold checkpoints (agg_checkpoints, migration 0010) while the aggregation job folds:
 * the empty fold before a history's first record, then the fold as it stands when a UTC day is
 * complete or CHECKPOINT_EVERY_SNAPSHOTS snapshots came since the last checkpoint. Captured
 * checkpoints wait in memory and are written inside the job's commit, so they never run ahead of
 * the committed aggregates. Those within a day are dropped once they are CHECKPOINT_DENSE_DAYS
 * older than the newest: the end of each day stays, so an old moment still replays at most a day.
 *
 * The newest captured checkpoint, with the day accumulators, is also where the job resumes
 * (agg_resume, one row): the job's commits write no per-farmer state, so a restart takes this
 * checkpoint and replays the raw records after it up to the committed marker (load-fold.ts). The
 * first record folded into a store without one (written before agg_resume) captures one.
 */
export class CheckpointRecorder {
  private pending: PendingCheckpoint[] = [];
  /** snapshotSeq of the newest checkpoint captured or stored; null until read from the table. */
  private lastSeq: number | null = null;
  /** Whether agg_resume is empty; null until read from the table. */
  private resumeMissing: boolean | null = null;
  private readonly insert;
  private readonly saveResume;
  private readonly forgetRowsBeforeResume;
  private readonly hasResume;
  private readonly thin;
  private readonly newestSeq;

  constructor(db: SqliteDatabase) {
    this.insert = db.prepare('INSERT OR REPLACE INTO agg_checkpoints (time, snapshot_seq, day_end, header, state) VALUES (?, ?, ?, ?, ?)');
    this.thin = db.prepare('DELETE FROM agg_checkpoints WHERE time < ? AND day_end = 0');
    this.newestSeq = db.prepare<[], number | null>('SELECT MAX(snapshot_seq) FROM agg_checkpoints').pluck();
    this.saveResume = db.prepare('INSERT OR REPLACE INTO agg_resume (id, time, header, state, days) VALUES (1, ?, ?, ?, ?)');
    this.hasResume = db.prepare<[], number>('SELECT COUNT(*) FROM agg_resume').pluck();
    this.forgetRowsBeforeResume = db.prepare('DELETE FROM agg_farmers_before_resume');
  }

  /** Call before folding each record (its time): captures the fold as it stands when a checkpoint is due. */
  beforeRecord(fold: Fold, recordTime: number): void {
    const header = fold.header;
    if (header.records === 0) {
      this.capture(START_CHECKPOINT_TIME, fold, true);
      return;
    }
    const dayComplete = header.openDay !== null && dayOf(recordTime) > header.openDay;
    this.lastSeq ??= this.newestSeq.get() ?? 0;
    this.resumeMissing ??= this.hasResume.get() === 0;
    if (dayComplete || this.resumeMissing || header.snapshotSeq - this.lastSeq >= CHECKPOINT_EVERY_SNAPSHOTS) this.capture(header.cursor!.time, fold, dayComplete);
  }

  /** Writes the captured checkpoints; call inside the commit's transaction. */
  write(): void {
    const newest = this.pending.at(-1);
    for (const checkpoint of this.pending) this.insert.run(checkpoint.time, checkpoint.snapshotSeq, checkpoint.dayEnd ? 1 : 0, checkpoint.header, checkpoint.state);
    if (newest !== undefined) {
      this.thin.run(newest.time - CHECKPOINT_DENSE_DAYS * MS_PER_DAY);
      this.saveResume.run(newest.time, newest.header, newest.state, newest.days);
      // The job resumes from here now: the day accumulators of an older store's rows are spent.
      this.forgetRowsBeforeResume.run();
    }
    this.pending = [];
  }

  /** Forgets what was captured but not committed (a failed run, a rebuild, a fold reloaded from the tables). */
  discard(): void {
    this.pending = [];
    this.lastSeq = null;
    this.resumeMissing = null;
  }

  private capture(time: number, fold: Fold, dayEnd: boolean): void {
    const header = fold.header;
    this.pending.push({
      time,
      snapshotSeq: header.snapshotSeq,
      dayEnd,
      header: JSON.stringify(header),
      state: encodeCheckpointState(header, fold.farmers),
      days: encodeDayState(header, fold.farmers),
    });
    this.lastSeq = header.snapshotSeq;
    this.resumeMissing = false;
  }
}

/** A stored checkpoint: the time of its newest folded record, and a fresh fold to continue from it. */
export interface StoredCheckpoint {
  time: number;
  header: FoldHeader;
  fold(): Fold;
}

type CheckpointRow = { time: number; header: string; state: Buffer };

function stored(row: CheckpointRow | undefined): StoredCheckpoint | null {
  if (row === undefined) return null;
  const header = JSON.parse(row.header) as FoldHeader;
  return {
    time: row.time,
    header,
    fold: () => {
      const copy = JSON.parse(row.header) as FoldHeader;
      try {
        return new Fold(copy, copy.records === 0 ? new FarmerState() : decodeCheckpointState(copy, row.state));
      } catch (error) {
        // Derived data: a rebuild writes every checkpoint again from the raw store.
        throw new Error(`the fold checkpoint at ${new Date(row.time).toISOString()} (agg_checkpoints) is damaged: ${describeError(error)}; run \`driveshare-graph rebuild\``);
      }
    },
  };
}

/** The newest checkpoint whose folded records all lie at or before `time`, or null. */
export function checkpointAtOrBefore(db: SqliteDatabase, time: number): StoredCheckpoint | null {
  return stored(
    db.prepare<[number], CheckpointRow>('SELECT time, header, state FROM agg_checkpoints WHERE time <= ? ORDER BY time DESC LIMIT 1').get(time),
  );
}

/** The oldest checkpoint that has folded at least one record, or null. */
export function oldestCheckpoint(db: SqliteDatabase): StoredCheckpoint | null {
  return stored(
    db.prepare<[number], CheckpointRow>('SELECT time, header, state FROM agg_checkpoints WHERE time > ? ORDER BY time LIMIT 1').get(START_CHECKPOINT_TIME),
  );
}

/** Where the job resumes (agg_resume): the newest checkpoint with its day accumulators, or null (a store written before it). */
export function resumeCheckpoint(db: SqliteDatabase): StoredCheckpoint | null {
  const row = db.prepare<[], CheckpointRow & { days: Buffer }>('SELECT time, header, state, days FROM agg_resume WHERE id = 1').get();
  if (row === undefined) return null;
  const checkpoint = stored(row)!;
  return {
    ...checkpoint,
    fold: () => {
      const fold = checkpoint.fold();
      try {
        applyDayState(fold.header, row.days, fold.farmers);
      } catch (error) {
        throw new Error(`the fold's resume checkpoint (agg_resume) is damaged: ${describeError(error)}; run \`driveshare-graph rebuild\``);
      }
      return fold;
    },
  };
}
