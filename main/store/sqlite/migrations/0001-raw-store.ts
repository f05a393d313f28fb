import type { Migration } from '../migrate.js';

export const rawStore: Migration = {
  version: 1,
  name: 'raw store: address dictionary, scrape log with totals, compact snapshots, imported history',
  up: `
    CREATE TABLE addresses (
      id INTEGER PRIMARY KEY,
      address TEXT NOT NULL UNIQUE
    );

    -- One row per scrape attempt: the log (timing, counts, rejection reasons, failure reason)
    -- and the network totals. Imported records have a source_key so a second import adds nothing.
    CREATE TABLE scrapes (
      id INTEGER PRIMARY KEY,
      time INTEGER NOT NULL,
      source TEXT NOT NULL CHECK (source IN ('collector', 'import')),
      source_key TEXT UNIQUE,
      ok INTEGER NOT NULL CHECK (ok IN (0, 1)),
      duration_ms REAL NOT NULL,
      farmers INTEGER,
      rejected INTEGER NOT NULL DEFAULT 0,
      duplicates INTEGER NOT NULL DEFAULT 0,
      rejections TEXT,
      error_code TEXT,
      error_message TEXT,
      total_id INTEGER,
      total_tb REAL,
      total_farmers INTEGER,
      has_snapshot INTEGER NOT NULL DEFAULT 0 CHECK (has_snapshot IN (0, 1))
    );
    CREATE INDEX scrapes_ok_time ON scrapes (ok, time, id);

    CREATE TABLE snapshots (
      scrape_id INTEGER PRIMARY KEY REFERENCES scrapes (id) ON DELETE CASCADE,
      codec INTEGER NOT NULL,
      data BLOB NOT NULL
    );

    -- The original's network.db farmers rows, kept as a baseline that scrapes extend.
    CREATE TABLE imported_farmers (
      address_id INTEGER PRIMARY KEY REFERENCES addresses (id),
      first_time INTEGER NOT NULL,
      last_time INTEGER NOT NULL,
      uptime_ms INTEGER NOT NULL
    );

    -- The original's summary.db rows, for days the raw history does not cover.
    CREATE TABLE imported_summaries (
      address_id INTEGER NOT NULL REFERENCES addresses (id),
      day INTEGER NOT NULL,
      payout_id INTEGER REFERENCES addresses (id),
      uptime_ms INTEGER NOT NULL,
      duration_ms INTEGER NOT NULL,
      height REAL NOT NULL,
      points REAL NOT NULL,
      PRIMARY KEY (address_id, day)
    ) WITHOUT ROWID;
  `,
};
