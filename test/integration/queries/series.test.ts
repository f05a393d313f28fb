import { describe, expect, it } from 'vitest';
import { MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE } from '../../../shared/defaults.js';
import type { SeriesPoint } from '../../../shared/model/network.js';
import { AggregationJob } from '../../../main/jobs/run-aggregation.js';
import { networkSeries } from '../../../main/queries/series.js';
import { memoryStore, toNewScrape } from '../../support/aggregation-fixtures.js';

const STEP = 5 * MS_PER_MINUTE;
const START = Date.UTC(2026, 2, 1);

/** Farmers counted 100, 101, … and TB a tenth of that, so every bucket's mean, min, max and last differ. */
async function history(scrapes: number) {
  const { db, store } = memoryStore();
  const times: number[] = [];
  for (let index = 0; index < scrapes; index++) {
    const time = START + index * STEP;
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
    expect(networkSeries(db, START + STEP, START, 10)).toEqual({ storage: [], farmers: [] });
  });
});
