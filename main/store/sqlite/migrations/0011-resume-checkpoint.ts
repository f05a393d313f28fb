import type { Migration } from '../migrate.js';

/**
 * The aggregation job stops rewriting a farmer's row whenever its height changes (every row,
 * every scrape, on a network where every height changes): it resumes from its newest checkpoint,
 * kept whole with the open day's accumulators in agg_resume, and replays the raw snapshots after
 * it; agg_farmers rows are written only when an address joins, leaves or changes payout, and the
 * newest snapshot's heights go with its ids in agg_state (`heights`, NULL until the next commit).
 * Nothing is rebuilt: until the job's first fold after the upgrade writes agg_resume, the rows
 * written before are complete and are read as before.
 */
export const resumeCheckpoint: Migration = {
  version: 11,
  name: 'aggregates: resume from a checkpoint, farmer rows written on join, leave and payout change',
  up: `
    CREATE TABLE agg_resume (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      time INTEGER NOT NULL,
      header TEXT NOT NULL,
      state BLOB NOT NULL,
      days BLOB NOT NULL
    );
    ALTER TABLE agg_state ADD COLUMN heights BLOB;
  `,
};
