import Type, { type Static } from 'typebox';
import { DEFAULT_SERIES_POINTS, NETWORK_SPAN_MS_BOUNDS, SERIES_POINTS_BOUNDS, UPTIME_BUCKETS } from '../defaults.js';
import { EpochMs, Nullable } from './common.js';

/** One downsampled bucket: its mean keeps the line honest, min and max keep the spikes. */
export const SeriesPointSchema = Type.Object({
  t: EpochMs,
  mean: Type.Number(),
  min: Type.Number(),
  max: Type.Number(),
  last: Type.Number(),
});
export type SeriesPoint = Static<typeof SeriesPointSchema>;

/** A stretch of time, both ends inclusive, epoch ms. */
export const TimeSpanSchema = Type.Object({ from: EpochMs, to: EpochMs });
export type TimeSpan = Static<typeof TimeSpanSchema>;

/**
 * Where history exists in the range, oldest first: a span ends wherever no scrape was stored for
 * longer than twice the collection interval (or, for long ranges, an hour or day of the roll-up
 * is empty). Series points on either side of the time between two spans must not be joined.
 */
export const CoverageSchema = Type.Array(TimeSpanSchema, {
  description: 'spans [from, to] of the range where history exists; a line must break between two spans',
});

export const DayMinMaxSchema = Type.Object({
  day: Type.String({ description: 'UTC day, YYYY-MM-DD' }),
  min: Type.Integer(),
  max: Type.Integer(),
});
export type DayMinMax = Static<typeof DayMinMaxSchema>;

export const UptimeStatsSchema = Type.Object({
  /** 20 counts: [0,5), [5,10), … [90,95), [95,100]. */
  histogram: Type.Array(Type.Integer({ minimum: 0 }), { minItems: UPTIME_BUCKETS, maxItems: UPTIME_BUCKETS }),
  /** Mean uptime percentage of active farmers, 2 decimals; null when none qualifies. */
  average: Nullable(Type.Number()),
  /** Farmers seen in the 7 days before the reference time with last_date > first_date. */
  activeFarmers: Type.Integer({ minimum: 0 }),
});
export type UptimeStats = Static<typeof UptimeStatsSchema>;

export const HeightBucketSchema = Type.Object({
  from: Type.Integer({ description: 'inclusive lower bound, shards' }),
  to: Type.Integer({ description: 'exclusive upper bound, shards' }),
  count: Type.Integer({ minimum: 0 }),
});
export type HeightBucket = Static<typeof HeightBucketSchema>;

export const LatestTotalsSchema = Type.Object({
  time: EpochMs,
  totalTB: Type.Number(),
  totalFarmers: Type.Integer(),
});
export type LatestTotals = Static<typeof LatestTotalsSchema>;

/** Which moment `latest`, `averageCapacityGB`, `uptime` and `heights` describe. */
export const FiguresMomentSchema = Type.Object({
  /** The newest scrape at or before range.to (the 7-day active window ends here); null when the store is empty. */
  asOf: Nullable(EpochMs),
  fallback: Type.Boolean({
    description:
      'true when the store cannot give the figures at that scrape any more (raw retention dropped the snapshots, or the range ends before the oldest checkpoint): they are then those of the nearest moment it can give, which asOf names',
  }),
});
export type FiguresMoment = Static<typeof FiguresMomentSchema>;

export const NetworkPayloadSchema = Type.Object({
  /** The newest scrape in the store; null when the store is empty. */
  asOf: Nullable(EpochMs),
  /** The moment the figures below describe: the end of the range (its newest scrape), not always the newest scrape. */
  figures: FiguresMomentSchema,
  range: Type.Object({ from: EpochMs, to: EpochMs }),
  storage: Type.Array(SeriesPointSchema, { description: 'total_TB over time' }),
  farmers: Type.Array(SeriesPointSchema, { description: 'total_farmers over time' }),
  coverage: CoverageSchema,
  /** The whole stored history's first and last scrape, whatever the range; null when the store is empty. */
  history: Nullable(TimeSpanSchema),
  /** The newest totals reading at or before figures.asOf. */
  latest: Nullable(LatestTotalsSchema),
  /** latest.totalTB / latest.totalFarmers × 1000, GB, 2 decimals. */
  averageCapacityGB: Nullable(Type.Number()),
  minMaxPerDay: Type.Array(DayMinMaxSchema),
  uptime: UptimeStatsSchema,
  /** Heights of the farmers listed in the newest snapshot at or before figures.asOf (the original's TODO). */
  heights: Type.Array(HeightBucketSchema),
});
export type NetworkPayload = Static<typeof NetworkPayloadSchema>;

export const NetworkQuerySchema = Type.Object({
  from: Type.Optional(EpochMs),
  to: Type.Optional(EpochMs),
  /**
   * Instead of `from`: the window is this many ms before its end (`to`, else the newest scrape), so
   * a live range is named by its length alone and every viewer asks, and is answered, the same.
   */
  span: Type.Optional(Type.Integer({ ...NETWORK_SPAN_MS_BOUNDS })),
  points: Type.Optional(Type.Integer({ ...SERIES_POINTS_BOUNDS, default: DEFAULT_SERIES_POINTS })),
});
export type NetworkQuery = Static<typeof NetworkQuerySchema>;

/** The original's `/json`: one totals reading a day, taken between 12:00 and 12:05 UTC. */
export const NoonTotalSchema = Type.Object({
  total_TB: Type.Number(),
  total_farmers: Type.Integer(),
  time: EpochMs,
});
export type NoonTotal = Static<typeof NoonTotalSchema>;
