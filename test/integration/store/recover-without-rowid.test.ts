import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeDatabase } from '../../../main/store/sqlite/close-database.js';
import { openDatabase } from '../../../main/store/sqlite/open-database.js';
import { recoverStore } from '../../../main/store/sqlite/recover-store.js';
import { damagePages } from '../../support/damaged-store.js';
import { scratchDir } from '../../support/import-fixtures.js';

/**
 * Imported summaries live in a table without rowids and cannot be recomputed: a few damaged pages
 * in its middle must cost only the rows they held, not the table.
 */

const ADDRESSES = 300;
const DAYS = 100;

let scratch: ReturnType<typeof scratchDir> | null = null;
afterEach(() => scratch?.cleanup());

function storeWithSummaries(file: string): void {
  const db = openDatabase(file);
  db.transaction(() => {
    const address = db.prepare('INSERT INTO addresses (id, address) VALUES (?, ?)');
    const summary = db.prepare('INSERT INTO imported_summaries (address_id, day, payout_id, uptime_ms, duration_ms, height, points) VALUES (?, ?, NULL, ?, ?, ?, ?)');
    for (let id = 1; id <= ADDRESSES; id++) {
      address.run(id, `1Address${String(id).padStart(26, '0')}`);
      for (let day = 0; day < DAYS; day++) summary.run(id, 16_000 + day, 3_600_000 + day, 86_400_000, 1000 + id, id / 10);
    }
  })();
  // Closing checkpoints the WAL into the file, so the damage below hits the table's pages.
  closeDatabase(db);
}

function summaryKeys(file: string): Set<string> {
  const db = openDatabase(file);
  try {
    const rows = db.prepare<[], [number, number]>('SELECT address_id, day FROM imported_summaries').raw().all();
    return new Set(rows.map(([id, day]) => `${id}/${day}`));
  } finally {
    closeDatabase(db);
  }
}

describe('doctor --recover on a table without rowids', () => {
  it('keeps the rows before and after the damaged pages, exactly as they were', () => {
    scratch = scratchDir('recover-without-rowid-');
    const file = join(scratch.dir, 'store.db');
    storeWithSummaries(file);
    const before = summaryKeys(file);
    damagePages(file, 0.03);

    const report = recoverStore(file);

    expect(report.method).toBe('rows');
    expect(report.skipped.imported_summaries).toBeGreaterThan(0);
    const after = summaryKeys(file);
    expect(after.size).toBe(report.copied.imported_summaries);
    // 3 % of the pages are gone: far more than nine rows in ten are not.
    expect(after.size).toBeGreaterThan(before.size * 0.9);
    expect(after.size).toBeLessThan(before.size);
    for (const key of after) expect(before.has(key)).toBe(true);
    // Both ends of the key range survive: the copy went forwards and then backwards.
    expect(after.has(`1/16000`)).toBe(true);
    expect(after.has(`${ADDRESSES}/${16_000 + DAYS - 1}`)).toBe(true);
  });
});
