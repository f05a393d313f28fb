import { describe, expect, it } from 'vitest';
import { IMPORTED_HISTORY_VERSION_KEY } from '../../../main/store/sqlite/meta-keys.js';
import { runAggregation } from '../../support/run-aggregation.js';
import { addressDetail, addressSummary, networkPayload } from '../../../main/queries/index.js';
import { farmerAddress, memoryStore, toNewScrape } from '../../support/aggregation-fixtures.js';

const DAY = 86_400_000;
const day = (date: number): number => Date.UTC(2015, 10, date) / DAY;
const A = farmerAddress(1);
const B = farmerAddress(2);

/**
 * Imported network.db rows are a baseline the scrapes extend; imported summary.db rows fill days
 * without raw history, and computed rows win where both exist (as the importers write them).
 */
async function storeWithImports() {
  const { db, store } = memoryStore();
  const a = store.addresses.ensure(A);
  const b = store.addresses.ensure(B);
  db.prepare('INSERT INTO imported_farmers (address_id, first_time, last_time, uptime_ms) VALUES (?, ?, ?, ?)').run(
    a, Date.UTC(2015, 10, 1), Date.UTC(2015, 10, 5), 3 * DAY,
  );
  db.prepare('INSERT INTO imported_farmers (address_id, first_time, last_time, uptime_ms) VALUES (?, ?, ?, ?)').run(
    b, Date.UTC(2015, 10, 9), Date.UTC(2015, 10, 9, 12), 6 * 3_600_000,
  );
  const summary = db.prepare(
    'INSERT INTO imported_summaries (address_id, day, payout_id, uptime_ms, duration_ms, height, points) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  summary.run(a, day(8), a, 1000, 2000, 10, 0.5);
  summary.run(b, day(8), b, 1000, 2000, 10, 0.25);
  summary.run(a, day(10), a, 1, 1, 1, 99); // raw history covers the 10th: the computed row wins
  db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run(IMPORTED_HISTORY_VERSION_KEY, '1');
  const farmers = [{ address: A, payout: A, height: 1000 }];
  store.appendScrapeSync(toNewScrape({ time: Date.UTC(2015, 10, 10, 1), farmers, total: null }));
  store.appendScrapeSync(toNewScrape({ time: Date.UTC(2015, 10, 10, 2), farmers, total: null }));
  store.appendScrapeSync(toNewScrape({ time: Date.UTC(2015, 10, 11, 1), farmers, total: { totalTB: 1, totalFarmers: 1 } }));
  await runAggregation(db, store);
  return { db, store, a, b };
}

describe('aggregation with imported history', () => {
  it('extends the network.db baseline: first = min, last = max, uptime = baseline + scraped', async () => {
    const { db } = await storeWithImports();
    expect(addressDetail(db, A)).toMatchObject({
      firstSeen: Date.UTC(2015, 10, 1),
      lastSeen: Date.UTC(2015, 10, 11, 1),
      uptimeSeconds: 3 * 86_400 + 3_600 + 23 * 3_600,
    });
    // B was never scraped: the baseline alone.
    expect(addressDetail(db, B)).toMatchObject({ known: true, uptimeSeconds: 6 * 3_600, uptimePercent: 50, height: null, onlineNow: false });
    // Active in the 7 days before the reference time (the 11th): A and B.
    expect(networkPayload(db).uptime.activeFarmers).toBe(2);
  });

  it('fills days without raw history from summary.db, lets computed rows win, and totals both', async () => {
    const { db } = await storeWithImports();
    const rows = addressSummary(db, A);
    expect(rows.map((row) => [row.date, row.points, row.total_points])).toEqual([
      ['2015-11-08 00:00:00', 0.5, 0.75],
      ['2015-11-10 00:00:00', rows[1]!.points, rows[1]!.points],
    ]);
    expect(rows[1]!.points).not.toBe(99);
    expect(rows[1]).toMatchObject({ uptime: 3600, duration: 3600, height: 1000 });
  });

  it('a new import version refreshes the imported days totals without a rebuild', async () => {
    const { db, store, b } = await storeWithImports();
    db.prepare('INSERT INTO imported_summaries (address_id, day, payout_id, uptime_ms, duration_ms, height, points) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
      b, day(7), b, 1, 1, 1, 2,
    );
    db.prepare('UPDATE meta SET value = ? WHERE key = ?').run('2', IMPORTED_HISTORY_VERSION_KEY);
    const result = await runAggregation(db, store);
    expect(result.rebuilt).toBe(false);
    expect(addressSummary(db, B)[0]).toMatchObject({ date: '2015-11-07 00:00:00', points: 2, total_points: 2 });
  });
});
