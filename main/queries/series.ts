import type { SeriesPoint } from '../../shared/model/network.js';
import { MS_PER_DAY, MS_PER_HOUR } from '../../shared/defaults.js';
import type { SqliteDatabase } from '../store/sqlite/open-database.js';
import { statementsPerConnection } from './statements.js';

export interface NetworkSeries {
  storage: SeriesPoint[];
  farmers: SeriesPoint[];
  /** Bucket width in ms; 0 when every scrape is its own point. */
  width: number;
  /** For a series read from a roll-up: each bucket's first and last slot, so coverage needs no second pass. */
  slots: BucketSlots | null;
}

/** The roll-up's slot width (an hour or a day) and, per bucket in order, the start of its first and last stored slot. */
export interface BucketSlots {
  slot: number;
  first: number[];
  last: number[];
}

/**
 * One bucket as SQL returns it: bucket number, samples, then sum/min/max of TB and of farmers; the
 * roll-up query also joins in the last TB and farmers (the scrape query reads them separately).
 */
type BucketRow = [
  bucket: number, samples: number, tbSum: number, tbMin: number, tbMax: number, farmersSum: number, farmersMin: number, farmersMax: number,
  tbLast?: number, farmersLast?: number, firstStart?: number, lastStart?: number,
];
type LastRow = [bucket: number, time: number, tbLast: number, farmersLast: number];

/** A bucket width and a range, bound by name; SQL divides by `CAST(:width AS INTEGER)` so `/` stays integer division. */
interface BucketParameters {
  width: number;
  from: number;
  to: number;
}

type RollupTable = 'agg_series_hourly' | 'agg_series_daily';

/**
 * One grouping pass over a roll-up table; each bucket's last values are joined back by its newest
 * start (the primary key, so unique): cheaper than a second GROUP BY over the same rows (5.0 vs 6.5 ms
 * for a year). The table name is one of two constants; every value is a bound parameter.
 */
function rollupSql(table: RollupTable): string {
  return `SELECT buckets.bucket, buckets.samples, buckets.tb_sum, buckets.tb_min, buckets.tb_max,
            buckets.farmers_sum, buckets.farmers_min, buckets.farmers_max, last.tb_last, last.farmers_last,
            buckets.first_start, buckets.last_start
     FROM (SELECT start / CAST(:width AS INTEGER) AS bucket, SUM(samples) AS samples, SUM(tb_sum) AS tb_sum, MIN(tb_min) AS tb_min,
                  MAX(tb_max) AS tb_max, SUM(farmers_sum) AS farmers_sum, MIN(farmers_min) AS farmers_min,
                  MAX(farmers_max) AS farmers_max, MIN(start) AS first_start, MAX(start) AS last_start
           FROM ${table} WHERE start BETWEEN :from AND :to GROUP BY bucket) AS buckets
     JOIN ${table} AS last ON last.start = buckets.last_start
     ORDER BY buckets.bucket`;
}

const statements = statementsPerConnection((db) => ({
  count: db.prepare<[number, number], number>('SELECT COUNT(*) FROM agg_series WHERE time BETWEEN ? AND ?').pluck(),
  scrapePoints: db
    .prepare<[number, number], [number, number, number]>(
      'SELECT time, total_tb, total_farmers FROM agg_series WHERE time BETWEEN ? AND ? ORDER BY time, seq',
    )
    .raw(),
  scrapeBuckets: db
    .prepare<[BucketParameters], BucketRow>(
      `SELECT time / CAST(:width AS INTEGER) AS bucket, COUNT(*), SUM(total_tb), MIN(total_tb), MAX(total_tb),
              SUM(total_farmers), MIN(total_farmers), MAX(total_farmers)
       FROM agg_series WHERE time BETWEEN :from AND :to GROUP BY bucket ORDER BY bucket`,
    )
    .raw(),
  // With exactly one MAX() aggregate SQLite takes the bare columns from the row holding it.
  scrapeBucketLasts: db
    .prepare<[BucketParameters], LastRow>(
      `SELECT time / CAST(:width AS INTEGER) AS bucket, MAX(time), total_tb, total_farmers
       FROM agg_series WHERE time BETWEEN :from AND :to GROUP BY bucket ORDER BY bucket`,
    )
    .raw(),
  hourlyBuckets: db.prepare<[BucketParameters], BucketRow>(rollupSql('agg_series_hourly')).raw(),
  dailyBuckets: db.prepare<[BucketParameters], BucketRow>(rollupSql('agg_series_daily')).raw(),
}));

/**
 * total_TB and total_farmers over [from, to], at most `points` points. Ranges short enough to fit
 * are returned scrape by scrape; longer ones are cut into equal buckets aligned to the epoch, each
 * keeping its min, max, mean (over scrapes) and last value, read from the coarsest roll-up whose
 * granularity divides the bucket — a year is 8,760 hourly rows, not 105,120 scrapes. SQLite does
 * the grouping (materialising thousands of rows in JavaScript costs more than the query).
 */
export function networkSeries(db: SqliteDatabase, from: number, to: number, points: number): NetworkSeries {
  if (to < from) return { storage: [], farmers: [], width: 0, slots: null };
  const width = bucketWidth(to - from, points);
  const queries = statements(db);
  if (width < MS_PER_HOUR) {
    if (queries.count.get(from, to)! <= points) return scrapePoints(db, from, to);
    const parameters = { width, from, to };
    return bucketed(queries.scrapeBuckets.all(parameters), queries.scrapeBucketLasts.all(parameters), from, width);
  }
  const daily = width >= MS_PER_DAY;
  const granularity = daily ? MS_PER_DAY : MS_PER_HOUR;
  const parameters = { width, from: Math.floor(from / granularity) * granularity, to };
  const rows = (daily ? queries.dailyBuckets : queries.hourlyBuckets).all(parameters);
  return { ...bucketed(rows, null, parameters.from, width), slots: { slot: granularity, first: rows.map((row) => row[10]!), last: rows.map((row) => row[11]!) } };
}

/** Equal buckets for at most `points` points; an hour or longer is rounded up to whole hours or days so a roll-up can serve it. */
function bucketWidth(span: number, points: number): number {
  const width = Math.max(1, Math.ceil(span / Math.max(1, points - 1)));
  if (width >= MS_PER_DAY) return Math.ceil(width / MS_PER_DAY) * MS_PER_DAY;
  if (width >= MS_PER_HOUR) return Math.ceil(width / MS_PER_HOUR) * MS_PER_HOUR;
  return width;
}

function scrapePoints(db: SqliteDatabase, from: number, to: number): NetworkSeries {
  const rows = statements(db).scrapePoints.all(from, to);
  return {
    width: 0,
    slots: null,
    storage: rows.map(([t, tb]) => ({ t, mean: tb, min: tb, max: tb, last: tb })),
    farmers: rows.map(([t, , farmers]) => ({ t, mean: farmers, min: farmers, max: farmers, last: farmers })),
  };
}

/**
 * Buckets are aligned to the epoch; the first one is stamped at `rangeStart` so no point lies before
 * the range. Last values come from `lasts` (same buckets, same order) or, when it is null, from
 * the aggregate rows' last two columns.
 */
function bucketed(buckets: BucketRow[], lasts: LastRow[] | null, rangeStart: number, width: number): NetworkSeries {
  const storage: SeriesPoint[] = [];
  const farmers: SeriesPoint[] = [];
  buckets.forEach(([bucket, samples, tbSum, tbMin, tbMax, farmersSum, farmersMin, farmersMax, tbLast, farmersLast], index) => {
    const last = lasts?.[index];
    const t = Math.max(bucket * width, rangeStart);
    storage.push({ t, mean: tbSum / samples, min: tbMin, max: tbMax, last: last === undefined ? tbLast! : last[2] });
    farmers.push({ t, mean: farmersSum / samples, min: farmersMin, max: farmersMax, last: last === undefined ? farmersLast! : last[3] });
  });
  return { storage, farmers, width, slots: null };
}
