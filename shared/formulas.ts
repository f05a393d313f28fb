import { MS_PER_DAY, MS_PER_HOUR, MS_PER_SECOND, SECONDS_PER_DAY, UPTIME_BUCKETS } from './defaults.js';
import { MAX_HEIGHT_EXCLUSIVE } from './model/dataserv.js';

/**
 * The points, uptime and day formulas (docs/formulas.md), in one place so the fold, the queries
 * and the tests' hand-computed cases share them. Inputs are integer milliseconds; the formulas are
 * applied to seconds exactly as written so our points match the original's to the last digit.
 */

/** The largest height the status server accepts: height_fn reaches 1 there. */
const MAX_HEIGHT = MAX_HEIGHT_EXCLUSIVE - 1;

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
  const uptimeSeconds = uptimeMs / MS_PER_SECOND;
  const durationSeconds = durationMs / MS_PER_SECOND;
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
export function uptimeBucket(percent: number, buckets = UPTIME_BUCKETS): number {
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
