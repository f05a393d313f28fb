import type { SqliteDatabase } from './open-database.js';

/**
 * The time raw retention may prune snapshots before, given the time it asked for: never past
 * the aggregation's resume checkpoint (agg_resume), since the job folds the snapshots after it
 * again when it starts (main/jobs/load-fold.ts) and they are still the truth it needs. A schema
 * older than migration 11 (a store being upgraded) has no such floor.
 */
export function retentionFloor(db: SqliteDatabase, requested: number): number {
  const hasResume = db.prepare<[], number>("SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table' AND name = 'agg_resume'").pluck().get() === 1;
  if (!hasResume) return requested;
  const resumeTime = db.prepare<[], number>('SELECT time FROM agg_resume WHERE id = 1').pluck().get();
  return resumeTime === undefined ? requested : Math.min(requested, resumeTime);
}
