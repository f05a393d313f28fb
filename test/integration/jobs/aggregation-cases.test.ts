import { describe, expect, it } from 'vitest';
import { runAggregation } from '../../support/run-aggregation.js';
import { addressDetail, addressList, addressSummary, networkPayload, noonTotals } from '../../../main/queries/index.js';
import { farmerAddress, memoryStore, toNewScrape } from '../../support/aggregation-fixtures.js';
import type { ReferenceRecord } from '../../support/naive-reference.js';

const MINUTE = 60_000;
const at = (day: number, hour: number, minute: number): number => Date.UTC(2015, 10, day, hour, minute);
const A = farmerAddress(1);
const B = farmerAddress(2);
const C = farmerAddress(3);
const P = farmerAddress(9);

/**
 * Hand-computed history across midnight: A is in every scrape, B leaves and returns, C is seen
 * once; a totals-only record on the 12th completes the 11th.
 */
const records: ReferenceRecord[] = [
  { time: at(10, 23, 50), farmers: [{ address: A, payout: P, height: 1000 }, { address: B, payout: B, height: 0 }], total: { totalTB: 10, totalFarmers: 2 } },
  { time: at(10, 23, 55), farmers: [{ address: A, payout: A, height: 3000 }, { address: C, payout: C, height: 5 }], total: { totalTB: 12, totalFarmers: 2 } },
  { time: at(11, 0, 0), farmers: [{ address: A, payout: A, height: 2000 }, { address: B, payout: P, height: 7 }], total: { totalTB: 9, totalFarmers: 2 } },
  { time: at(11, 0, 5), farmers: [{ address: A, payout: P, height: 2000 }], total: { totalTB: 3, totalFarmers: 1 } },
  { time: at(11, 12, 2), farmers: null, total: { totalTB: 4, totalFarmers: 5 } },
  { time: at(12, 0, 1), farmers: null, total: { totalTB: 1475.59, totalFarmers: 326 } },
];

async function aggregated() {
  const { db, store } = memoryStore();
  for (const record of records) store.appendScrapeSync(toNewScrape(record));
  await runAggregation(db, store);
  return db;
}

describe('aggregation, hand-computed', () => {
  it('uptime counts only consecutive scrapes; first/last seen; uptime % and online now', async () => {
    const db = await aggregated();
    const a = addressDetail(db, A);
    expect(a).toMatchObject({ known: true, firstSeen: at(10, 23, 50), lastSeen: at(11, 0, 5), uptimeSeconds: 15 * 60, uptimePercent: 100, height: 2000, payoutAddress: P, onlineNow: true });
    // B: 23:50 and 00:00, not consecutive (absent at 23:55): no uptime.
    expect(addressDetail(db, B)).toMatchObject({ uptimeSeconds: 0, uptimePercent: 0, onlineNow: false, height: 7 });
    // C seen once: uptime % undefined.
    expect(addressDetail(db, C)).toMatchObject({ firstSeen: at(10, 23, 55), lastSeen: at(10, 23, 55), uptimePercent: null });
  });

  it('daily summaries restrict uptime to pairs within the UTC day and take the payout of the first scrape', async () => {
    const db = await aggregated();
    // Reference time is the 12th, so "yesterday" is the 11th; both the 10th and the 11th are in the window.
    const summary = addressSummary(db, A);
    // height_fn(2000) × uptime_fn(300/300) × 300 / 86400, evaluated left to right as docs/formulas.md, "Points", writes it.
    const points10 = ((0.01 + (0.99 * 2000) / 199999) * (1 / (1 + Math.exp((0.85 - 1) * 19)) + 0.0547) * 300) / 86400;
    expect(summary).toEqual([
      { date: '2015-11-10 00:00:00', uptime: 300, duration: 300, height: 2000, points: points10, total_points: points10 },
      { date: '2015-11-11 00:00:00', uptime: 300, duration: 300, height: 2000, points: points10, total_points: points10 },
    ]);
    // B: one scrape on each day: duration 0, points 0; height 0 on the 10th.
    expect(addressSummary(db, B)).toEqual([
      { date: '2015-11-10 00:00:00', uptime: 0, duration: 0, height: 0, points: 0, total_points: points10 },
      { date: '2015-11-11 00:00:00', uptime: 0, duration: 0, height: 7, points: 0, total_points: points10 },
    ]);
    const payout = db
      .prepare<[number, string], { payout_id: number }>(
        'SELECT payout_id FROM agg_daily_summaries WHERE day = ? AND address_id = (SELECT id FROM addresses WHERE address = ?)',
      )
      .get(Date.UTC(2015, 10, 10) / 86_400_000, A);
    expect(payout?.payout_id).toBe(db.prepare<[string], { id: number }>('SELECT id FROM addresses WHERE address = ?').get(P)!.id);
  });

  it('unknown addresses give [] and invalid ones an invalid_address error', async () => {
    const db = await aggregated();
    expect(addressSummary(db, farmerAddress(77))).toEqual([]);
    expect(() => addressSummary(db, 'not-an-address')).toThrow(expect.objectContaining({ code: 'invalid_address' }));
  });

  it('network payload: min/max per day, average capacity, histogram of active farmers, noon reading', async () => {
    const db = await aggregated();
    const payload = networkPayload(db);
    expect(payload.asOf).toBe(at(12, 0, 1));
    expect(payload.averageCapacityGB).toBe(4526.35);
    expect(payload.minMaxPerDay).toEqual([
      { day: '2015-11-10', min: 2, max: 2 },
      { day: '2015-11-11', min: 1, max: 5 },
      { day: '2015-11-12', min: 326, max: 326 },
    ]);
    // Active with last > first: A (100 %) and B (0 %); C was seen once.
    expect(payload.uptime).toEqual({ histogram: [1, ...new Array(18).fill(0), 1], average: 50, activeFarmers: 2 });
    expect(payload.storage.map((point) => point.last)).toEqual([10, 12, 9, 3, 4, 1475.59]);
    expect(noonTotals(db)).toEqual([{ total_TB: 4, total_farmers: 5, time: at(11, 12, 2) }]);
    // Newest snapshot (00:05 on the 11th) lists A alone, at height 2000.
    expect(payload.heights.reduce((sum, bucket) => sum + bucket.count, 0)).toBe(1);
  });

  it('long ranges are downsampled to at most N points keeping each bucket min, max, mean and last', async () => {
    const db = await aggregated();
    const series = networkPayload(db, { points: 2 }).farmers;
    expect(series.length).toBeLessThanOrEqual(2);
    expect(Math.min(...series.map((point) => point.min))).toBe(1);
    expect(Math.max(...series.map((point) => point.max))).toBe(326);
    expect(series.at(-1)!.last).toBe(326);
  });

  it('the address list sorts by points of the newest summarised day and filters by prefix', async () => {
    const db = await aggregated();
    const list = addressList(db, { sort: 'points' });
    expect(list[0]!.address).toBe(A);
    expect(addressList(db, { q: A.slice(0, 34) }).map((item) => item.address)).toEqual([A]);
    expect(addressList(db, { sort: 'height', limit: 1 })[0]!.height).toBe(2000);
  });

  it('an interval of several days between scrapes still counts for farmers in both', async () => {
    const { db, store } = memoryStore();
    const farmers = [{ address: A, payout: A, height: 1 }];
    store.appendScrapeSync(toNewScrape({ time: at(1, 0, 0), farmers, total: null }));
    store.appendScrapeSync(toNewScrape({ time: at(4, 0, 0) + MINUTE, farmers, total: null }));
    await runAggregation(db, store);
    expect(addressDetail(db, A).uptimeSeconds).toBe(3 * 86400 + 60);
  });
});

describe('aggregation job control', () => {
  it('a cancelled run stops at a batch boundary with its work committed, and the next run finishes the job', async () => {
    const { db, store } = memoryStore();
    const farmers = [{ address: A, payout: A, height: 10 }];
    for (let i = 0; i < 40; i++) store.appendScrapeSync(toNewScrape({ time: at(1, 0, 0) + i * 5 * MINUTE, farmers, total: null }));
    const controller = new AbortController();
    const cancelled = await runAggregation(db, store, {
      readBatch: 4,
      commitObservations: 4,
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    expect(cancelled).toMatchObject({ cancelled: true, records: 4 });
    expect(addressDetail(db, A).uptimeSeconds).toBe(3 * 300);
    const finished = await runAggregation(db, store);
    expect(finished).toMatchObject({ cancelled: false, records: 36 });
    expect(addressDetail(db, A).uptimeSeconds).toBe(39 * 300);
  });
});
