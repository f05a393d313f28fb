import type { Migration } from '../migrate.js';

/**
 * The aggregation job stops rewriting a farmer's row whenever its height changes (every row,
 * every scrape, on a network where every height changes): it resumes from its newest checkpoint,
 * kept whole with the open day's accumulators in agg_resume, and replays the raw snapshots after
 * it. agg_farmers keeps only what the readers of the current figures need, written when an
 * address joins, leaves or changes payout; the newest snapshot's heights go with its ids in
 * agg_state (`heights`, NULL until the next commit).
 *
 * Nothing is rebuilt (raw retention may have dropped what a rebuild needs): the old rows' day
 * accumulators move to agg_farmers_before_resume, and until the job's first fold after the
 * upgrade writes agg_resume (and empties that table) the two together are its state, as before.
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

    CREATE TABLE agg_farmers_before_resume (
      address_id INTEGER PRIMARY KEY,
      day INTEGER NOT NULL,
      day_first INTEGER NOT NULL,
      day_last INTEGER NOT NULL,
      day_uptime_ms INTEGER NOT NULL,
      day_height_sum INTEGER NOT NULL,
      day_count INTEGER NOT NULL,
      day_payout_id INTEGER NOT NULL
    );
    INSERT INTO agg_farmers_before_resume
      SELECT address_id, day, day_first, day_last, day_uptime_ms, day_height_sum, day_count, day_payout_id FROM agg_farmers;

    -- Values as of snapshot last_seq; when the address is in agg_state.present they extend to the
    -- newest snapshot (see main/jobs/farmer-state.ts). written = the fold's record count at the
    -- commit that wrote the row, so readers can refresh only what changed.
    CREATE TABLE agg_farmers_resumable (
      address_id INTEGER PRIMARY KEY,
      first_time INTEGER NOT NULL,
      last_time INTEGER NOT NULL,
      uptime_ms INTEGER NOT NULL,
      last_seq INTEGER NOT NULL,
      height INTEGER NOT NULL,
      payout_id INTEGER NOT NULL,
      written INTEGER NOT NULL
    );
    INSERT INTO agg_farmers_resumable
      SELECT address_id, first_time, last_time, uptime_ms, last_seq, height, payout_id, written FROM agg_farmers;
    DROP TABLE agg_farmers;
    ALTER TABLE agg_farmers_resumable RENAME TO agg_farmers;
    CREATE INDEX agg_farmers_written ON agg_farmers (written);
  `,
};
