import type { Migration } from '../migrate.js';

export const remoteScrapeLog: Migration = {
  version: 4,
  name: 'remote scrape log: this desktop\'s scrape log while raw scrapes live in MongoDB',
  up: `
    -- With the MongoDB raw store the scrapes themselves are shared in MongoDB, in the original's
    -- shapes; how each of this machine's scrapes went (timing, rejections, failures) stays local.
    -- A separate table, so the SQLite store's scrapes table never holds rows without their data.
    CREATE TABLE remote_scrape_log (
      id INTEGER PRIMARY KEY,
      time INTEGER NOT NULL,
      ok INTEGER NOT NULL CHECK (ok IN (0, 1)),
      duration_ms REAL NOT NULL,
      farmers INTEGER,
      rejected INTEGER NOT NULL DEFAULT 0,
      duplicates INTEGER NOT NULL DEFAULT 0,
      rejections TEXT,
      error_code TEXT,
      error_message TEXT,
      total_tb REAL,
      total_farmers INTEGER
    );
    CREATE INDEX remote_scrape_log_time ON remote_scrape_log (time);
  `,
};
