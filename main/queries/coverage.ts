import type { TimeSpan } from '../../shared/model/network.js';
import type { SqliteDatabase } from '../store/sqlite/open-database.js';
import type { BucketSlots, NetworkSeries } from './series.js';
import { statementsPerConnection } from './statements.js';

/** One break in the stored history: the last time before it and the first time after it. */
type GapRow = [before: number, after: number];

/**
 * Gaps between scrapes with one window pass over the range: LAG pairs each scrape with the one
 * before, and only pairs further apart than `:gap` come back. Every value is a bound parameter.
 */
const GAPS_SQL = `SELECT previous, time FROM (
                    SELECT time, LAG(time) OVER (ORDER BY time) AS previous FROM agg_series WHERE time BETWEEN :from AND :to
                  ) WHERE previous IS NOT NULL AND time - previous > :gap`;
// Two subqueries: SQLite answers a lone MIN or MAX from the index, but scans for both at once.
const BOUNDS_SQL = `SELECT (SELECT MIN(time) FROM agg_series WHERE time BETWEEN :from AND :to),
                           (SELECT MAX(time) FROM agg_series WHERE time BETWEEN :from AND :to)`;

interface RangeParameters {
  from: number;
  to: number;
}

const statements = statementsPerConnection((db) => ({
  gaps: db.prepare<[RangeParameters & { gap: number }], GapRow>(GAPS_SQL).raw(),
  bounds: db.prepare<[RangeParameters], [number | null, number | null]>(BOUNDS_SQL).raw(),
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
 * Gaps between the buckets of a roll-up series: where the next bucket's first slot starts more than
 * `gap` after the previous bucket's last. A gap inside one bucket is left out, as alignToBuckets
 * would join its two sides anyway: no point of the series can show it.
 */
function gapsBetweenBuckets(slots: BucketSlots, gap: number): GapRow[] {
  const gaps: GapRow[] = [];
  for (let index = 1; index < slots.first.length; index++) {
    const before = slots.last[index - 1]!;
    const after = slots.first[index]!;
    if (after - before > gap) gaps.push([before, after]);
  }
  return gaps;
}

/**
 * Where history exists within [from, to]: no scrape for longer than `maxGapMs` (twice the
 * collection interval) ends a span. At the series' resolution: scrape times for a series of every
 * scrape or of buckets under an hour; for a series read from the hourly or daily roll-ups, the
 * slots its own query found (an empty hour or day is a gap too), so a year costs no second pass
 * over its 8,760 hourly rows.
 */
export function historyCoverage(db: SqliteDatabase, from: number, to: number, series: Pick<NetworkSeries, 'width' | 'slots'>, maxGapMs: number): TimeSpan[] {
  if (to < from) return [];
  const { slots, width } = series;
  if (slots !== null) {
    if (slots.first.length === 0) return [];
    const gaps = gapsBetweenBuckets(slots, Math.max(maxGapMs, slots.slot));
    return alignToBuckets(spansBetweenGaps(slots.first[0]!, slots.last.at(-1)!, gaps, slots.slot, from, to), width, from);
  }
  const { bounds, gaps } = statements(db);
  const [first, last] = bounds.get({ from, to })!;
  if (first === null || last === null) return [];
  return alignToBuckets(spansBetweenGaps(first, last, gaps.all({ from, to, gap: maxGapMs }), 0, from, to), width, from);
}
