import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AggregationJob } from '../../../main/jobs/run-aggregation.js';
import { ignoreNewEvents, runAggregation } from '../../support/run-aggregation.js';
import { farmerView } from '../../../main/queries/farmer-view.js';
import { networkPayload } from '../../../main/queries/network-payload.js';
import type { SqliteDatabase } from '../../../main/store/sqlite/open-database.js';
import { dumpAggregates, dumpFoldState, farmerAddress, memoryStore, toNewScrape } from '../../support/aggregation-fixtures.js';
import {
  referenceFarmers,
  referenceMinMax,
  referenceSummaries,
  referenceUptimeHistogram,
  type ReferenceRecord,
} from '../../support/naive-reference.js';

const DAY = 86_400_000;
const START = Date.UTC(2015, 10, 10, 23, 30);

/** Random networks: farmers leaving and returning, gaps up to two days, equal times, heights 0 and max. */
const networkArbitrary = fc
  .record({
    addressCount: fc.integer({ min: 1, max: 6 }),
    steps: fc.array(
      fc.record({
        gap: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 600_000 }), fc.integer({ min: 1, max: 2 * DAY })),
        present: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
        // -1 keeps the farmer's previous height: steady farmers are the common case the fold optimises.
        heights: fc.array(
          fc.oneof(
            { weight: 4, arbitrary: fc.constant(-1) },
            { weight: 1, arbitrary: fc.oneof(fc.constant(0), fc.constant(199_999), fc.integer({ min: 0, max: 199_999 })) },
          ),
          { minLength: 6, maxLength: 6 },
        ),
        payoutShift: fc.oneof({ weight: 4, arbitrary: fc.constant(-1) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 2 }) }),
        kind: fc.constantFrom('both', 'both', 'snapshot', 'total'),
        lateImport: fc.boolean(),
        aggregateAfter: fc.boolean(),
        restartAfter: fc.boolean(),
      }),
      { minLength: 1, maxLength: 30 },
    ),
    readBatch: fc.integer({ min: 1, max: 5 }),
    commitObservations: fc.integer({ min: 1, max: 20 }),
  })
  .map(({ addressCount, steps, readBatch, commitObservations }) => {
    let time = START;
    const heightOf = new Array<number>(6).fill(100);
    let shift = 0;
    const records = steps.map((step) => {
      time += step.gap;
      step.heights.forEach((height, index) => {
        if (height >= 0) heightOf[index] = height;
      });
      if (step.payoutShift >= 0) shift = step.payoutShift;
      const farmers = step.present
        .slice(0, addressCount)
        .map((present, index) => (present ? index : -1))
        .filter((index) => index >= 0)
        .map((index) => ({
          address: farmerAddress(index),
          payout: farmerAddress((index + shift) % addressCount),
          height: heightOf[index]!,
        }));
      const record: ReferenceRecord = {
        time,
        farmers: step.kind === 'total' ? null : farmers,
        total: step.kind === 'snapshot' ? null : { totalTB: farmers.length * 1.5, totalFarmers: farmers.length },
      };
      return { record, lateImport: step.lateImport, aggregateAfter: step.aggregateAfter, restartAfter: step.restartAfter };
    });
    return { records, readBatch, commitObservations };
  });

/** The query-side view (rows extended to the newest snapshot, as queries see them), copied. */
function viewArrays(db: SqliteDatabase): unknown {
  const view = farmerView(db);
  const { state } = view;
  const scraped = (column: Int32Array): number[] => Array.from({ length: state.size }, (_, id) => (state.lastSeq[id]! > 0 ? column[id]! : 0));
  return {
    known: [...view.known], online: [...view.online], first: [...view.first], last: [...view.last], uptime: [...view.uptime],
    height: scraped(state.height), payout: scraped(state.payout),
  };
}

describe('aggregation is exact', () => {
  it('folding scrape by scrape with restarts, late imports and small commits equals one full rebuild and the naive reference of docs/formulas.md', async () => {
    await fc.assert(
      fc.asyncProperty(networkArbitrary, async ({ records, readBatch, commitObservations }) => {
        // Incremental: live records arrive in order, late imports are appended after all of them
        // (behind the cursor) and must trigger a rebuild; each run reloads the checkpoint like a restart.
        const incremental = memoryStore();
        const live = records.filter((entry) => !entry.lateImport);
        const late = records.filter((entry) => entry.lateImport);
        // One long-lived job keeps its fold in memory; a restart replaces it with one that reads the checkpoint.
        let job = new AggregationJob(incremental.db, incremental.store, ignoreNewEvents);
        for (const entry of live) {
          incremental.store.appendScrapeSync(toNewScrape(entry.record));
          if (entry.aggregateAfter) {
            await job.run({ readBatch, commitObservations });
            // Queries refresh their cached view from the rows written since: exercise that path.
            farmerView(incremental.db);
          }
          if (entry.restartAfter) job = new AggregationJob(incremental.db, incremental.store, ignoreNewEvents);
        }
        await job.run({ readBatch, commitObservations });
        late.forEach((entry, index) => incremental.store.appendScrapeSync(toNewScrape(entry.record, `late-${index}`)));
        await job.run({ readBatch, commitObservations });

        // The raw store orders by (time, insertion): the reference must see the same order.
        const ordered = [...live, ...late].map((entry) => entry.record);
        ordered.sort((a, b) => a.time - b.time);

        // A full rebuild from the same raw store must reproduce every table and the state blob.
        const { db, store } = incremental;
        const incrementalTables = dumpAggregates(db);
        const incrementalState = await dumpFoldState(db);
        const incrementalView = viewArrays(db);
        const rebuilt = await runAggregation(db, store, { rebuild: true });
        expect(rebuilt.rebuilt).toBe(true);
        expect(dumpAggregates(db)).toEqual(incrementalTables);
        expect(await dumpFoldState(db)).toEqual(incrementalState);
        expect(viewArrays(db)).toEqual(incrementalView);
        // Re-running a job changes nothing.
        await runAggregation(db, store);
        expect(dumpAggregates(db)).toEqual(incrementalTables);
        expect(await dumpFoldState(db)).toEqual(incrementalState);

        checkAgainstReference(db, ordered);
      }),
      { numRuns: 150 },
    );
  });
});

function checkAgainstReference(db: SqliteDatabase, records: ReferenceRecord[]): void {
  const idOf = (address: string): number =>
    db.prepare<[string], { id: number }>('SELECT id FROM addresses WHERE address = ?').get(address)!.id;

  const farmers = referenceFarmers(records);
  const view = farmerView(db);
  for (const [address, row] of farmers) {
    const id = idOf(address);
    expect({ first: view.first[id], last: view.last[id], uptimeMs: view.uptime[id] }).toEqual(row);
  }
  expect(view.known.reduce((sum, value) => sum + value, 0)).toBe(farmers.size);

  const expectedSummaries = referenceSummaries(records);
  const summaryRows = db
    .prepare<[], { address_id: number; day: number; payout_id: number; uptime_ms: number; duration_ms: number; height: number; points: number }>(
      'SELECT * FROM agg_daily_summaries',
    )
    .all();
  expect(summaryRows.length).toBe([...expectedSummaries.values()].reduce((sum, day) => sum + day.size, 0));
  for (const [day, summaries] of expectedSummaries) {
    let total = 0;
    for (const [address, expected] of summaries) {
      const row = summaryRows.find((candidate) => candidate.day === day && candidate.address_id === idOf(address))!;
      expect({ payout: row.payout_id, uptimeMs: row.uptime_ms, durationMs: row.duration_ms, height: row.height, points: row.points }).toEqual({
        ...expected,
        payout: idOf(expected.payout),
      });
      total += expected.points;
    }
    const stored = db.prepare<[number], { total_points: number }>('SELECT total_points FROM agg_daily_totals WHERE day = ?').get(day)!;
    expect(stored.total_points).toBeCloseTo(total, 12);
  }

  const payload = networkPayload(db);
  if (records.length > 0) {
    const now = records[records.length - 1]!.time;
    expect(payload.asOf).toBe(now);
    const expected = referenceUptimeHistogram(farmers, now);
    expect(payload.uptime.histogram).toEqual(expected.histogram);
    expect(payload.uptime.average).toBe(expected.average);
  }
  const minMax = referenceMinMax(records);
  expect(payload.minMaxPerDay).toEqual(
    [...minMax.entries()].map(([day, value]) => ({ day: new Date(day * DAY).toISOString().slice(0, 10), ...value })),
  );
}
