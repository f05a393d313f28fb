import type { TimeSpan } from '../../shared/model/network.js';
import { MS_PER_DAY, MS_PER_HOUR } from '../../shared/defaults.js';
import type { SqliteDatabase } from '../store/sqlite/open-database.js';
import { statementsPerConnection } from './statements.js';

/** One break in the stored history: the last time before it and the first time after it. */
type GapRow = [before: number, after: number];

/**
 * Gaps found with one window pass over the rows of the range: LAG pairs each row with the one
 * before, and only pairs further apart than `:gap` come back. The table is one of three constants;
 * every value is a bound parameter.
 */
function gapSql(table: 'agg_series' | 'agg_series_hourly' | 'agg_series_daily', column: 'time' | 'start'): string {
  return `SELECT previous, ${column} FROM (
            SELECT ${column}, LAG(${column}) OVER (ORDER BY ${column}) AS previous FROM ${table} WHERE ${column} BETWEEN :from AND :to
          ) WHERE previous IS NOT NULL AND ${column} - previous > :gap`;
}

function boundsSql(table: 'agg_series' | 'agg_series_hourly' | 'agg_series_daily', column: 'time' | 'start'): string {
  // Two subqueries: SQLite answers a lone MIN or MAX from the index, but scans for both at once.
  return `SELECT (SELECT MIN(${column}) FROM ${table} WHERE ${column} BETWEEN :from AND :to),
                 (SELECT MAX(${column}) FROM ${table} WHERE ${column} BETWEEN :from AND :to)`;
}

interface RangeParameters {
  from: number;
  to: number;
}

const statements = statementsPerConnection((db) => ({
  scrape: {
    gaps: db.prepare<[RangeParameters & { gap: number }], GapRow>(gapSql('agg_series', 'time')).raw(),
    bounds: db.prepare<[RangeParameters], [number | null, number | null]>(boundsSql('agg_series', 'time')).raw(),
  },
  hourly: {
    gaps: db.prepare<[RangeParameters & { gap: number }], GapRow>(gapSql('agg_series_hourly', 'start')).raw(),
    bounds: db.prepare<[RangeParameters], [number | null, number | null]>(boundsSql('agg_series_hourly', 'start')).raw(),
  },
  daily: {
    gaps: db.prepare<[RangeParameters & { gap: number }], GapRow>(gapSql('agg_series_daily', 'start')).raw(),
    bounds: db.prepare<[RangeParameters], [number | null, number | null]>(boundsSql('agg_series_daily', 'start')).raw(),
  },
}));

/**
 * The spans of stored history between `first` and `last`, cut at each gap: a gap's `before` ends
 * one span and its `after` starts the next. `slot` is the time one stored row stands for (0 for a
 * scrape, an hour or a day for a roll-up row stamped at its start), so a span ends where its last
 * row's slot does; spans are clipped to [from, to].
 */
export function spansBetweenGaps(first: number, last: number, gaps: readonly GapRow[], slot: number, from: number, to: number): TimeSpan[] {
  const spans: TimeSpan[] = [];
  let start = first;
  const close = (end: number) => {
    const clipped = { from: Math.max(start, from), to: Math.min(end + Math.max(0, slot - 1), to) };
    if (clipped.from <= clipped.to) spans.push(clipped);
  };
  for (const [before, after] of gaps) {
    close(before);
    start = after;
  }
  close(last);
  return spans;
}

/**
 * Where history exists within [from, to]: no scrape for longer than `maxGapMs` (twice the
 * collection interval) ends a span. Read at the granularity the series uses (`bucketWidth`): scrape
 * times for short ranges, hourly or daily roll-up rows for long ones, where an empty hour or day
 * is a gap too — a year is 8,760 rows at most, never a pass over every scrape.
 */
export function historyCoverage(db: SqliteDatabase, from: number, to: number, bucketWidth: number, maxGapMs: number): TimeSpan[] {
  if (to < from) return [];
  const slot = bucketWidth >= MS_PER_DAY ? MS_PER_DAY : bucketWidth >= MS_PER_HOUR ? MS_PER_HOUR : 0;
  const queries = statements(db)[slot === MS_PER_DAY ? 'daily' : slot === MS_PER_HOUR ? 'hourly' : 'scrape'];
  // A roll-up row is stamped at its slot's start: the slot holding `from` starts before it.
  const range = { from: slot === 0 ? from : Math.floor(from / slot) * slot, to };
  const [first, last] = queries.bounds.get(range)!;
  if (first === null || last === null) return [];
  const gaps = queries.gaps.all({ ...range, gap: Math.max(maxGapMs, slot) });
  return spansBetweenGaps(first, last, gaps, slot, from, to);
}
