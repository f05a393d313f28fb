import type { SeriesPoint } from '../../shared/model/network.js';
import { MS_PER_DAY, MS_PER_HOUR } from '../jobs/formulas.js';
import type { SqliteDatabase } from '../store/sqlite/open-database.js';

export interface NetworkSeries {
  storage: SeriesPoint[];
  farmers: SeriesPoint[];
}

/** One source row: a scrape (samples = 1) or an hourly/daily roll-up. */
type SourceRow = [start: number, samples: number, tbSum: number, tbMin: number, tbMax: number, tbLast: number,
  farmersSum: number, farmersMin: number, farmersMax: number, farmersLast: number];

const ROLLUP_COLUMNS = 'start, samples, tb_sum, tb_min, tb_max, tb_last, farmers_sum, farmers_min, farmers_max, farmers_last';
const RAW_COLUMNS = 'time, 1, total_tb, total_tb, total_tb, total_tb, total_farmers, total_farmers, total_farmers, total_farmers';

/**
 * total_TB and total_farmers over [from, to], at most `points` points. Ranges short enough to fit
 * are returned scrape by scrape; longer ones are cut into equal buckets aligned to the epoch, each
 * keeping its min, max, mean (over scrapes) and last value, read from the coarsest roll-up whose
 * granularity divides the bucket — a year is 365 daily or 8,760 hourly rows, not 105,120 scrapes.
 */
export function networkSeries(db: SqliteDatabase, from: number, to: number, points: number): NetworkSeries {
  if (to < from) return { storage: [], farmers: [] };
  const span = to - from;
  let width = Math.max(1, Math.ceil(span / Math.max(1, points - 1)));
  let source: 'agg_series' | 'agg_series_hourly' | 'agg_series_daily' = 'agg_series';
  if (width >= MS_PER_DAY) {
    source = 'agg_series_daily';
    width = Math.ceil(width / MS_PER_DAY) * MS_PER_DAY;
  } else if (width >= MS_PER_HOUR) {
    source = 'agg_series_hourly';
    width = Math.ceil(width / MS_PER_HOUR) * MS_PER_HOUR;
  }
  if (source === 'agg_series') {
    const { count } = db
      .prepare<[number, number], { count: number }>('SELECT COUNT(*) AS count FROM agg_series WHERE time BETWEEN ? AND ?')
      .get(from, to)!;
    if (count <= points) return asPoints(readRows(db, source, from, to));
    return bucketed(readRows(db, source, from, to), width, from);
  }
  const granularity = source === 'agg_series_daily' ? MS_PER_DAY : MS_PER_HOUR;
  return bucketed(readRows(db, source, Math.floor(from / granularity) * granularity, to), width, from);
}

function readRows(db: SqliteDatabase, source: string, from: number, to: number): SourceRow[] {
  const sql =
    source === 'agg_series'
      ? `SELECT ${RAW_COLUMNS} FROM agg_series WHERE time BETWEEN ? AND ? ORDER BY time, seq`
      : `SELECT ${ROLLUP_COLUMNS} FROM ${source} WHERE start BETWEEN ? AND ? ORDER BY start`;
  return db.prepare<[number, number], SourceRow>(sql).raw().all(from, to);
}

function asPoints(rows: SourceRow[]): NetworkSeries {
  const storage: SeriesPoint[] = [];
  const farmers: SeriesPoint[] = [];
  for (const row of rows) {
    storage.push({ t: row[0], mean: row[2], min: row[2], max: row[2], last: row[2] });
    farmers.push({ t: row[0], mean: row[6], min: row[6], max: row[6], last: row[6] });
  }
  return { storage, farmers };
}

/** Buckets are aligned to the epoch; the first one is stamped at `from` so no point lies before the range. */
function bucketed(rows: SourceRow[], width: number, from: number): NetworkSeries {
  const storage: SeriesPoint[] = [];
  const farmers: SeriesPoint[] = [];
  let index = 0;
  while (index < rows.length) {
    const start = Math.floor(rows[index]![0] / width) * width;
    const end = start + width;
    let samples = 0;
    let tbSum = 0;
    let tbMin = Infinity;
    let tbMax = -Infinity;
    let tbLast = 0;
    let farmersSum = 0;
    let farmersMin = Infinity;
    let farmersMax = -Infinity;
    let farmersLast = 0;
    for (; index < rows.length && rows[index]![0] < end; index++) {
      const row = rows[index]!;
      samples += row[1];
      tbSum += row[2];
      tbMin = Math.min(tbMin, row[3]);
      tbMax = Math.max(tbMax, row[4]);
      tbLast = row[5];
      farmersSum += row[6];
      farmersMin = Math.min(farmersMin, row[7]);
      farmersMax = Math.max(farmersMax, row[8]);
      farmersLast = row[9];
    }
    const t = Math.max(start, from);
    storage.push({ t, mean: tbSum / samples, min: tbMin, max: tbMax, last: tbLast });
    farmers.push({ t, mean: farmersSum / samples, min: farmersMin, max: farmersMax, last: farmersLast });
  }
  return { storage, farmers };
}
