/**
 * The formulas of reference-semantics §3 and §4, in one place so the fold, the queries and the
 * tests' hand-computed cases share them. Inputs are integer milliseconds; the formulas are applied
 * to seconds exactly as written so our points match the original's to the last digit.
 */

export const MS_PER_HOUR = 3_600_000;
export const MS_PER_DAY = 86_400_000;
export const SECONDS_PER_DAY = 86_400;
export const MAX_HEIGHT = 199_999;

/** UTC day number of an epoch-ms time. */
export const dayOf = (timeMs: number): number => Math.floor(timeMs / MS_PER_DAY);
export const hourStartOf = (timeMs: number): number => Math.floor(timeMs / MS_PER_HOUR) * MS_PER_HOUR;
export const dayStartOf = (timeMs: number): number => dayOf(timeMs) * MS_PER_DAY;

/** `height_fn(h)` = 0 if h = 0, else 0.01 + 0.99 × h / 199999. */
export function heightFn(height: number): number {
  return height === 0 ? 0 : 0.01 + (0.99 * height) / MAX_HEIGHT;
}

/** `uptime_fn(u)` = 1 / (1 + exp((0.85 − u) × 19)) + 0.0547. */
export function uptimeFn(uptimeRatio: number): number {
  return 1 / (1 + Math.exp((0.85 - uptimeRatio) * 19)) + 0.0547;
}

/** A day's points: 0 if duration = 0, else height_fn(height) × uptime_fn(uptime / duration) × duration / 86400. */
export function dayPoints(meanHeight: number, uptimeMs: number, durationMs: number): number {
  if (durationMs === 0) return 0;
  const uptimeSeconds = uptimeMs / 1000;
  const durationSeconds = durationMs / 1000;
  return (heightFn(meanHeight) * uptimeFn(uptimeSeconds / durationSeconds) * durationSeconds) / SECONDS_PER_DAY;
}

/**
 * Uptime percentage = 100 × uptime / (last − first), defined only when last > first. Multiplying
 * before dividing keeps exact ratios exact (an uptime of exactly 5 % lands in bucket [5, 10)).
 */
export function uptimePercent(uptimeMs: number, firstMs: number, lastMs: number): number | null {
  const span = lastMs - firstMs;
  return span > 0 ? (100 * uptimeMs) / span : null;
}

/** Histogram bucket of a percentage: [0,5), [5,10), … [90,95), [95,100] (100 and above go to the last). */
export function uptimeBucket(percent: number, buckets = 20): number {
  const index = Math.floor(percent / (100 / buckets));
  return Math.max(0, Math.min(buckets - 1, index));
}

export const round2 = (value: number): number => Math.round(value * 100) / 100;

/** "YYYY-MM-DD 00:00:00" of a UTC day number, the original's summary date format. */
export function summaryDate(day: number): string {
  return `${isoDay(day)} 00:00:00`;
}

export function isoDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}
