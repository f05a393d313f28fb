import { describe, expect, it } from 'vitest';
import { MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE } from '../../../shared/defaults.js';
import type { SeriesPoint } from '../../../shared/model/network.js';
import { AggregationJob } from '../../../main/jobs/run-aggregation.js';
import { alignToBuckets, historyCoverage, spansBetweenGaps } from '../../../main/queries/coverage.js';
import { networkSeries } from '../../../main/queries/series.js';
import { memoryStore, toNewScrape } from '../../support/aggregation-fixtures.js';

const STEP = 5 * MS_PER_MINUTE;
const START = Date.UTC(2026, 2, 1);

/**
 * Farmers counted 100, 101, … and TB a tenth of that, so every bucket's mean, min, max and last
 * differ; `pauseAfter` scrapes are followed by a pause of `pauseMs` (a stopped collector).
 */
async function history(scrapes: number, pauseAfter = Infinity, pauseMs = 0) {
  const { db, store } = memoryStore();
  const times: number[] = [];
  for (let index = 0; index < scrapes; index++) {
    const time = START + index * STEP + (index >= pauseAfter ? pauseMs : 0);
    times.push(time);
    store.appendScrapeSync(toNewScrape({ time, farmers: null, total: { totalTB: (100 + index) / 10, totalFarmers: 100 + index } }));
  }
  await new AggregationJob(db, store, () => undefined).run();
  return { db, times };
}

/** The farmers series computed by hand: epoch-aligned buckets of `width`, the first stamped at `from`. */
function expectedFarmers(times: number[], from: number, width: number): SeriesPoint[] {
  const buckets = new Map<number, number[]>();
  times.forEach((time, index) => {
    const bucket = Math.floor(time / width);
    buckets.set(bucket, [...(buckets.get(bucket) ?? []), 100 + index]);
  });
  return [...buckets].map(([bucket, values]) => ({
    t: Math.max(bucket * width, from),
    mean: values.reduce((sum, value) => sum + value, 0) / values.length,
    min: Math.min(...values),
    max: Math.max(...values),
    last: values.at(-1)!,
  }));
}

describe('network series buckets', () => {
  it('returns every scrape when the range fits in the points asked for', async () => {
    const { db, times } = await history(12);
    const series = networkSeries(db, START, times.at(-1)!, 100);
    expect(series.farmers.map((point) => point.t)).toEqual(times);
  });

  it('groups scrapes into whole buckets narrower than an hour (the width divides as an integer)', async () => {
    const { db, times } = await history(72);
    const to = times.at(-1)!;
    const series = networkSeries(db, START, to, 13);
    const width = Math.ceil((to - START) / 12);
    expect(width).toBeLessThan(MS_PER_HOUR);
    expect(series.farmers).toEqual(expectedFarmers(times, START, width));
    expect(series.farmers.length).toBeLessThanOrEqual(13);
  });

  it('reads hour-wide and day-wide buckets from the roll-ups with the same figures', async () => {
    const { db, times } = await history(3 * 288);
    const to = times.at(-1)!;
    const hourly = networkSeries(db, START, to, 40);
    expect(hourly.farmers).toEqual(expectedFarmers(times, START, 2 * MS_PER_HOUR));
    const daily = networkSeries(db, START, to, 2);
    expect(daily.farmers).toEqual(expectedFarmers(times, START, 3 * MS_PER_DAY));
    expect(daily.storage.map((point) => point.last)).toEqual(daily.farmers.map((point) => point.last / 10));
  });

  it('answers an empty series for a reversed range', async () => {
    const { db } = await history(3);
    expect(networkSeries(db, START + STEP, START, 10)).toEqual({ storage: [], farmers: [], width: 0, slots: null });
  });
});

describe('history coverage', () => {
  const GAP = 2 * STEP;
  /** A series of every scrape: coverage is read from the scrape times. */
  const EVERY_SCRAPE = { width: 0, slots: null };

  it('is one span over steady scrapes, clipped to the range', async () => {
    const { db, times } = await history(12);
    expect(historyCoverage(db, START, times.at(-1)!, EVERY_SCRAPE, GAP)).toEqual([{ from: START, to: times.at(-1)! }]);
    expect(historyCoverage(db, START + STEP, START + 3 * STEP, EVERY_SCRAPE, GAP)).toEqual([{ from: START + STEP, to: START + 3 * STEP }]);
  });

  it('breaks where no scrape came for more than twice the interval, and not at exactly twice', async () => {
    const { db, times } = await history(12, 6, 3 * STEP);
    expect(historyCoverage(db, START, times.at(-1)!, EVERY_SCRAPE, GAP)).toEqual([
      { from: times[0]!, to: times[5]! },
      { from: times[6]!, to: times.at(-1)! },
    ]);
    const nearGap = await history(12, 6, STEP);
    expect(historyCoverage(nearGap.db, START, nearGap.times.at(-1)!, EVERY_SCRAPE, GAP)).toHaveLength(1);
  });

  it('reads an empty hour or day of the roll-ups as a gap from the series\' own buckets, and whole slots as covered', async () => {
    const { db, times } = await history(3 * 288, 288, MS_PER_DAY);
    const to = times.at(-1)!;
    // Points for buckets of one hour, then of one day: the roll-up each is read from.
    const hourlySeries = networkSeries(db, START, to, Math.floor((to - START) / MS_PER_HOUR));
    expect([hourlySeries.width, hourlySeries.slots?.slot]).toEqual([2 * MS_PER_HOUR, MS_PER_HOUR]);
    const hourly = historyCoverage(db, START, to, hourlySeries, GAP);
    expect(hourly).toEqual([
      { from: START, to: START + MS_PER_DAY - 1 },
      { from: START + 2 * MS_PER_DAY, to },
    ]);
    const dailySeries = networkSeries(db, START, to, 5);
    expect([dailySeries.width, dailySeries.slots?.slot]).toEqual([MS_PER_DAY, MS_PER_DAY]);
    expect(historyCoverage(db, START, to, dailySeries, GAP)).toEqual(hourly);
  });

  it('shows a gap of a few hours in hour-wide buckets but not inside a day-wide bucket', async () => {
    // Two days of scrapes with three hours missing at noon of the first.
    const { db, times } = await history(2 * 288 - 36, 144, 3 * MS_PER_HOUR);
    const to = times.at(-1)!;
    const hourly = historyCoverage(db, START, to, networkSeries(db, START, to, 48), GAP);
    expect(hourly).toHaveLength(2);
    expect(hourly[0]!.to).toBe(START + 12 * MS_PER_HOUR - 1);
    expect(hourly[1]!.from).toBe(times[144]! - (times[144]! % (2 * MS_PER_HOUR)));
    expect(historyCoverage(db, START, to, networkSeries(db, START, to, 2), GAP)).toEqual([{ from: START, to }]);
  });

  it('is empty over a range without scrapes or reversed', async () => {
    const { db, times } = await history(3);
    expect(historyCoverage(db, times.at(-1)! + MS_PER_HOUR, times.at(-1)! + MS_PER_DAY, EVERY_SCRAPE, GAP)).toEqual([]);
    expect(historyCoverage(db, START + STEP, START, EVERY_SCRAPE, GAP)).toEqual([]);
  });

  it('starts each span at its bucket, so a bucket point lies in the span of its data; a gap inside a bucket is no gap', () => {
    const spans = [
      { from: 130, to: 180 },
      { from: 460, to: 470 },
      { from: 480, to: 900 },
    ];
    expect(alignToBuckets(spans, 100, 120)).toEqual([
      { from: 120, to: 180 },
      { from: 400, to: 900 },
    ]);
    expect(alignToBuckets(spans, 0, 0)).toEqual(spans);
  });

  it('turns gaps into spans, a slot wide at each end and clipped to the range', () => {
    expect(spansBetweenGaps(0, 100, [[10, 50]], 0, 0, 100)).toEqual([{ from: 0, to: 10 }, { from: 50, to: 100 }]);
    expect(spansBetweenGaps(0, 100, [[10, 50]], 5, 2, 52)).toEqual([{ from: 2, to: 14 }, { from: 50, to: 52 }]);
    expect(spansBetweenGaps(0, 100, [], 0, 200, 300)).toEqual([]);
  });
});
