import type { Migration } from '../migrate.js';

/**
 * The aggregation job's outputs (main/jobs). Days are UTC day numbers (floor(epoch ms / 86,400,000));
 * times and durations are integer epoch milliseconds so that incremental folds and rebuilds agree
 * value for value.
 */
export const aggregates: Migration = {
  version: 3,
  name: 'aggregates: network series with hourly/daily roll-ups, farmer state, daily summaries and totals',
  up: `
    -- One row per folded record that carries totals.
    CREATE TABLE agg_series (
      time INTEGER NOT NULL,
      seq INTEGER NOT NULL,
      total_tb REAL NOT NULL,
      total_farmers INTEGER NOT NULL,
      PRIMARY KEY (time, seq)
    ) WITHOUT ROWID;

    -- Roll-ups of agg_series per UTC hour and per UTC day (bucket = start, epoch ms), so long ranges
    -- read a few thousand rows instead of a hundred thousand.
    CREATE TABLE agg_series_hourly (
      start INTEGER PRIMARY KEY,
      samples INTEGER NOT NULL,
      tb_sum REAL NOT NULL, tb_min REAL NOT NULL, tb_max REAL NOT NULL, tb_last REAL NOT NULL,
      farmers_sum INTEGER NOT NULL, farmers_min INTEGER NOT NULL, farmers_max INTEGER NOT NULL, farmers_last INTEGER NOT NULL
    );
    CREATE TABLE agg_series_daily (
      start INTEGER PRIMARY KEY,
      samples INTEGER NOT NULL,
      tb_sum REAL NOT NULL, tb_min REAL NOT NULL, tb_max REAL NOT NULL, tb_last REAL NOT NULL,
      farmers_sum INTEGER NOT NULL, farmers_min INTEGER NOT NULL, farmers_max INTEGER NOT NULL, farmers_last INTEGER NOT NULL
    );

    -- Per-address running state (first/last seen, uptime, current day's accumulators) as typed
    -- arrays in one blob, with the job's progress marker in the same row: one write per commit
    -- instead of 25,000 row updates, and the marker can never disagree with the state.
    CREATE TABLE agg_state (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      header TEXT NOT NULL,
      arrays BLOB NOT NULL
    );

    -- Daily summaries (docs/formulas.md, "Daily summaries"), written when the day is complete.
    CREATE TABLE agg_daily_summaries (
      address_id INTEGER NOT NULL,
      day INTEGER NOT NULL,
      payout_id INTEGER NOT NULL,
      uptime_ms INTEGER NOT NULL,
      duration_ms INTEGER NOT NULL,
      height REAL NOT NULL,
      points REAL NOT NULL,
      PRIMARY KEY (address_id, day)
    ) WITHOUT ROWID;
    CREATE INDEX agg_daily_summaries_day_points ON agg_daily_summaries (day, points);

    -- Sum of points of all addresses per day (computed rows, plus imported rows they do not cover).
    CREATE TABLE agg_daily_totals (
      day INTEGER PRIMARY KEY,
      total_points REAL NOT NULL,
      addresses INTEGER NOT NULL
    );

    CREATE INDEX imported_summaries_day ON imported_summaries (day);
  `,
};
