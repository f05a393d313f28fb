import type { Migration } from '../migrate.js';

/**
 * The store's row counts, kept by triggers in the transaction of every write (collector, imports,
 * pruning, other collectors' records learnt from MongoDB), so the status and /metrics read three
 * numbers instead of counting a history that grows by 105,000 scrapes a year.
 */
export const rowCounts: Migration = {
  version: 6,
  name: 'row counts kept as rows are written, for a status that costs the same at any history size',
  up: `
    CREATE TABLE row_counts (
      name TEXT PRIMARY KEY,
      count INTEGER NOT NULL
    ) WITHOUT ROWID;
    INSERT INTO row_counts (name, count) VALUES
      ('scrapes', (SELECT COUNT(*) FROM scrapes)),
      ('snapshots', (SELECT COUNT(*) FROM snapshots)),
      ('addresses', (SELECT COUNT(*) FROM addresses)),
      ('remote_failures', (SELECT COUNT(*) FROM remote_scrape_log WHERE ok = 0));

    CREATE TRIGGER scrapes_count_insert AFTER INSERT ON scrapes
      BEGIN UPDATE row_counts SET count = count + 1 WHERE name = 'scrapes'; END;
    CREATE TRIGGER scrapes_count_delete AFTER DELETE ON scrapes
      BEGIN UPDATE row_counts SET count = count - 1 WHERE name = 'scrapes'; END;
    CREATE TRIGGER snapshots_count_insert AFTER INSERT ON snapshots
      BEGIN UPDATE row_counts SET count = count + 1 WHERE name = 'snapshots'; END;
    CREATE TRIGGER snapshots_count_delete AFTER DELETE ON snapshots
      BEGIN UPDATE row_counts SET count = count - 1 WHERE name = 'snapshots'; END;
    CREATE TRIGGER addresses_count_insert AFTER INSERT ON addresses
      BEGIN UPDATE row_counts SET count = count + 1 WHERE name = 'addresses'; END;
    CREATE TRIGGER addresses_count_delete AFTER DELETE ON addresses
      BEGIN UPDATE row_counts SET count = count - 1 WHERE name = 'addresses'; END;
    CREATE TRIGGER remote_failures_count_insert AFTER INSERT ON remote_scrape_log WHEN NEW.ok = 0
      BEGIN UPDATE row_counts SET count = count + 1 WHERE name = 'remote_failures'; END;
    CREATE TRIGGER remote_failures_count_delete AFTER DELETE ON remote_scrape_log WHEN OLD.ok = 0
      BEGIN UPDATE row_counts SET count = count - 1 WHERE name = 'remote_failures'; END;
  `,
};
