import { expect } from 'vitest';
import type { SqliteDatabase } from '../../main/store/sqlite/open-database.js';

/** Every row the raw store writes, in id order; durations are measured, so only their presence is compared. */
export function dumpRawStore(db: SqliteDatabase): unknown {
  const scrapes = db.prepare('SELECT * FROM scrapes ORDER BY id').all() as Array<Record<string, unknown>>;
  for (const row of scrapes) {
    expect(typeof row.duration_ms === 'number' && row.duration_ms >= 0).toBe(true);
    delete row.duration_ms;
  }
  return {
    scrapes,
    snapshots: db.prepare('SELECT scrape_id, codec, hex(data) AS data FROM snapshots ORDER BY scrape_id').all(),
    addresses: db.prepare('SELECT id, address FROM addresses ORDER BY id').all(),
    counts: db.prepare('SELECT name, count FROM row_counts ORDER BY name').all(),
  };
}
