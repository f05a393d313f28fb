import type { Migration } from '../migrate.js';

/**
 * The aggregation's per-address state moves from one 80-byte-per-address blob (2 MB rewritten
 * every scrape at 25,000 farmers) to one row per address that is rewritten only when something
 * about the address changes (it joins, leaves, changes height or payout, or a day ends). A farmer
 * listed again by the next scrape is extended implicitly: the newest snapshot's id set is kept as
 * a bitmap in agg_state. Aggregates are derived data, so the old state is dropped and the job
 * rebuilds from the raw store.
 */
export const farmerRows: Migration = {
  version: 5,
  name: 'aggregates: per-address state rows written on change, newest snapshot as a bitmap',
  up: `
    DROP TABLE agg_state;
    CREATE TABLE agg_state (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      header TEXT NOT NULL,
      present BLOB NOT NULL
    );
    DELETE FROM agg_series;
    DELETE FROM agg_series_hourly;
    DELETE FROM agg_series_daily;
    DELETE FROM agg_daily_summaries;
    DELETE FROM agg_daily_totals;

    -- Values as of snapshot last_seq; when the address is in agg_state.present they extend to the
    -- newest snapshot unchanged (see main/jobs/farmer-state.ts). written = the fold's record
    -- count at the commit that wrote the row, so readers can refresh only what changed.
    CREATE TABLE agg_farmers (
      address_id INTEGER PRIMARY KEY,
      first_time INTEGER NOT NULL,
      last_time INTEGER NOT NULL,
      uptime_ms INTEGER NOT NULL,
      last_seq INTEGER NOT NULL,
      height INTEGER NOT NULL,
      payout_id INTEGER NOT NULL,
      day INTEGER NOT NULL,
      day_first INTEGER NOT NULL,
      day_last INTEGER NOT NULL,
      day_uptime_ms INTEGER NOT NULL,
      day_height_sum INTEGER NOT NULL,
      day_count INTEGER NOT NULL,
      day_payout_id INTEGER NOT NULL,
      written INTEGER NOT NULL
    );
    CREATE INDEX agg_farmers_written ON agg_farmers (written);
  `,
};
