import type { Migration } from '../migrate.js';

/**
 * Fold checkpoints, so the dashboard can show its figures as of any moment without folding the
 * history again: the fold's header and its farmer state (main/jobs/checkpoint-codec.ts), written
 * whenever the fold completes a UTC day (`day_end` 1, kept) or has folded CHECKPOINT_EVERY_SNAPSHOTS
 * snapshots since the last one (`day_end` 0, kept for the last CHECKPOINT_DENSE_DAYS of history).
 * `time` is the time of the newest record the checkpoint has folded (-1: the empty fold a history
 * starts from). Derived data like the other aggregates: a rebuild writes them again. A
 * store that already holds history is not rebuilt for them (raw retention may have dropped what a
 * rebuild would need); its checkpoints start with the next fold, and moments before the first one
 * are answered from it and flagged as such.
 */
export const checkpoints: Migration = {
  version: 10,
  name: 'aggregates: fold checkpoints for figures as of a past moment',
  up: `
    CREATE TABLE agg_checkpoints (
      time INTEGER PRIMARY KEY,
      snapshot_seq INTEGER NOT NULL,
      day_end INTEGER NOT NULL,
      header TEXT NOT NULL,
      state BLOB NOT NULL
    );
  `,
};
