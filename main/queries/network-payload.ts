import { DEFAULT_INTERVAL_SECONDS, DEFAULT_SERIES_POINTS, MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE, MS_PER_SECOND } from '../../shared/defaults.js';
import {
  type DayMinMax,
  type NetworkPayload,
  type NetworkQuery,
  type NoonTotal,
} from '../../shared/model/network.js';
import type { SqliteDatabase } from '../store/sqlite/open-database.js';
import { cachedIsoDay } from './day-text.js';
import { figuresOf, type Figures } from './as-of.js';
import { farmerView } from './farmer-view.js';
import { historyCoverage } from './coverage.js';
import { networkSeries } from './series.js';
import { statementsPerConnection } from './statements.js';

const NOON_MS = 12 * MS_PER_HOUR;
const NOON_WINDOW_MS = 5 * MS_PER_MINUTE;

const statements = statementsPerConnection((db) => ({
  // Two subqueries: SQLite answers a lone MIN or MAX from the index, but scans for both at once.
  bounds: db.prepare<[], { first: number | null; last: number | null }>(
    'SELECT (SELECT MIN(time) FROM agg_series) AS first, (SELECT MAX(time) FROM agg_series) AS last',
  ),
  minMaxPerDay: db
    .prepare<[number, number], [number, number, number]>(
      'SELECT start, farmers_min, farmers_max FROM agg_series_daily WHERE start BETWEEN ? AND ? ORDER BY start',
    )
    .raw(),
  // The first reading at or after a time: one primary-key seek (agg_series is keyed by (time, seq)).
  firstReadingFrom: db
    .prepare<[number], [number, number, number]>('SELECT time, total_tb, total_farmers FROM agg_series WHERE time >= ? ORDER BY time, seq LIMIT 1')
    .raw(),
}));

/** The reference time (docs/formulas.md): the newest folded scrape, or null when nothing is stored. */
export function referenceTime(db: SqliteDatabase): number | null {
  return farmerView(db).referenceTime;
}

/**
 * The moment whose figures a query's dashboard shows when it is not the newest (docs/formulas.md,
 * "Figures as of a past moment"): the range's end when the range ends before the newest scrape;
 * null for a live range, whose figures are the newest.
 */
export function pastMomentOf(db: SqliteDatabase, query: NetworkQuery): number | null {
  const newest = farmerView(db).referenceTime;
  return query.to !== undefined && newest !== null && query.to < newest ? query.to : null;
}

/**
 * The dashboard payload (docs/formulas.md). The range defaults to the whole history up to the reference time;
 * a `span` starts it that long before its end;
 * series are downsampled to at most `points` points per series. `intervalSeconds` is the collection
 * interval: history is broken (`coverage`) wherever no scrape came for twice that long. `figures`
 * are those of the range's end (main/queries/as-of.ts) when it ends before the newest scrape;
 * without them the newest figures are shown.
 */
export function networkPayload(db: SqliteDatabase, query: NetworkQuery = {}, intervalSeconds = DEFAULT_INTERVAL_SECONDS, figures?: Figures): NetworkPayload {
  const view = farmerView(db);
  const asOf = view.referenceTime;
  const shown = figures ?? figuresOf(view);
  const bounds = statements(db).bounds.get()!;
  const to = query.to ?? asOf ?? bounds.last ?? 0;
  const from = query.from ?? (query.span !== undefined ? to - query.span : (bounds.first ?? to));
  const series = networkSeries(db, from, to, query.points ?? DEFAULT_SERIES_POINTS);
  const coverage = historyCoverage(db, from, to, series, 2 * intervalSeconds * MS_PER_SECOND);
  return {
    asOf,
    figures: { asOf: shown.asOf, fallback: shown.fallback },
    range: { from, to },
    storage: series.storage,
    farmers: series.farmers,
    coverage,
    history: bounds.first !== null && bounds.last !== null ? { from: bounds.first, to: bounds.last } : null,
    latest: shown.latest,
    averageCapacityGB: shown.averageCapacityGB,
    minMaxPerDay: minMaxPerDay(db, from, to),
    uptime: shown.uptime,
    heights: shown.heights,
  };
}

/** Farmers per day (docs/formulas.md): min and max total_farmers over each UTC day's scrapes that overlap [from, to]. */
export function minMaxPerDay(db: SqliteDatabase, from: number, to: number): DayMinMax[] {
  const rows = statements(db).minMaxPerDay.all(Math.floor(from / MS_PER_DAY) * MS_PER_DAY, to);
  return rows.map(([start, min, max]) => ({ day: cachedIsoDay(start / MS_PER_DAY), min, max }));
}

/**
 * The original's `/json`: the first totals reading of each day with 12:00 ≤ time-of-day < 12:05 UTC.
 * Seeks from window to window instead of scanning every reading (5 ms for a year of 5-minute
 * readings; a seek per day with data is a fraction of that): each step jumps to the next noon
 * window at or after the reading found, so gaps in the history cost one seek.
 */
export function noonTotals(db: SqliteDatabase): NoonTotal[] {
  const { firstReadingFrom } = statements(db);
  const totals: NoonTotal[] = [];
  // Times before the epoch never fall in a window (SQLite's % keeps the sign): start at 0.
  let reading = firstReadingFrom.get(0);
  while (reading !== undefined) {
    const [time, totalTB, totalFarmers] = reading;
    const windowStart = Math.floor(time / MS_PER_DAY) * MS_PER_DAY + NOON_MS;
    if (time < windowStart) {
      reading = firstReadingFrom.get(windowStart);
      continue;
    }
    if (time < windowStart + NOON_WINDOW_MS) totals.push({ total_TB: totalTB, total_farmers: totalFarmers, time });
    reading = firstReadingFrom.get(windowStart + MS_PER_DAY);
  }
  return totals;
}
