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
 * Spans at the resolution of a series of buckets `width` wide (epoch-aligned, the first stamped at
 * `from`): each span starts at the stamp of the bucket it starts in, so a bucket's point lies in
 * the span its data does, and spans that then touch or overlap — a gap inside one bucket, which
 * no point of the series can show — are one span.
 */
export function alignToBuckets(spans: readonly TimeSpan[], width: number, from: number): TimeSpan[] {
  if (width <= 0) return [...spans];
  const aligned: TimeSpan[] = [];
  for (const span of spans) {
    const start = Math.max(Math.floor(span.from / width) * width, from);
    const last = aligned.at(-1);
    if (last !== undefined && start <= last.to + 1) last.to = Math.max(last.to, span.to);
    else aligned.push({ from: start, to: span.to });
  }
  return aligned;
}

/**
 * Where history exists within [from, to]: no scrape for longer than `maxGapMs` (twice the
 * collection interval) ends a span. Read at the granularity of the series (`seriesWidth`, its
 * bucket width, 0 when it has every scrape): scrape times for short ranges, hourly or daily
 * roll-up rows for long ones, where an empty hour or day is a gap too — a year is 8,760 rows at
 * most, never a pass over every scrape.
 */
export function historyCoverage(db: SqliteDatabase, from: number, to: number, seriesWidth: number, maxGapMs: number): TimeSpan[] {
  if (to < from) return [];
  const slot = seriesWidth >= MS_PER_DAY ? MS_PER_DAY : seriesWidth >= MS_PER_HOUR ? MS_PER_HOUR : 0;
  const queries = statements(db)[slot === MS_PER_DAY ? 'daily' : slot === MS_PER_HOUR ? 'hourly' : 'scrape'];
  // A roll-up row is stamped at its slot's start: the slot holding `from` starts before it.
  const range = { from: slot === 0 ? from : Math.floor(from / slot) * slot, to };
  const [first, last] = queries.bounds.get(range)!;
  if (first === null || last === null) return [];
  const gaps = queries.gaps.all({ ...range, gap: Math.max(maxGapMs, slot) });
  return alignToBuckets(spansBetweenGaps(first, last, gaps, slot, from, to), seriesWidth, from);
}
