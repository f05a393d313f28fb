import { displayZone } from '../composables/display-zone.js';
import { formatZonedDateTime, intlZone, type DisplayZone } from './time-zone.js';
import { BYTES_PER_SHARD, BYTES_PER_TB, MS_PER_SECOND, SECONDS_PER_DAY, SECONDS_PER_HOUR, SECONDS_PER_MINUTE } from '../../shared/defaults.js';

/** Formatting of every number the dashboard shows: one place, so units and decimals agree. */

const groupedFormats = new Map<number, Intl.NumberFormat>();
function grouped(decimals: number): Intl.NumberFormat {
  let formatter = groupedFormats.get(decimals);
  if (formatter === undefined) {
    formatter = new Intl.NumberFormat('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
    groupedFormats.set(decimals, formatter);
  }
  return formatter;
}

export const EMPTY_VALUE = '—';

export function formatNumber(value: number | null | undefined, decimals = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return EMPTY_VALUE;
  return grouped(decimals).format(value);
}

export function formatWithUnit(value: number | null | undefined, unit: string, decimals: number): string {
  const number = formatNumber(value, decimals);
  return number === EMPTY_VALUE || unit === '' ? number : `${number} ${unit}`;
}

export const formatTerabytes = (value: number | null | undefined) => formatWithUnit(value, 'TB', 2);
export const formatGigabytes = (value: number | null | undefined) => formatWithUnit(value, 'GB', 2);
export const formatPercent = (value: number | null | undefined) => formatWithUnit(value, '%', 2);
export const formatFarmers = (value: number | null | undefined) => formatWithUnit(value, value === 1 ? 'farmer' : 'farmers', 0);

/**
 * Storage in the status server's units, the ones the stat cards show: its "TB" is 1024⁴ bytes
 * (`total_TB` = shards × 128 MiB / 1024⁴) and its "GB" a thousandth of that (average capacity =
 * TB × 1000). Heights use them too, so they add up to the Total storage card; no TiB anywhere.
 */
export function formatStorage(terabytes: number | null | undefined): string {
  if (terabytes === null || terabytes === undefined || !Number.isFinite(terabytes)) return EMPTY_VALUE;
  const size = Math.abs(terabytes);
  if (size >= 1 || size === 0) return formatWithUnit(terabytes, 'TB', 2);
  if (size >= 0.001) return formatWithUnit(terabytes * 1000, 'GB', 2);
  return formatWithUnit(terabytes * 1_000_000, 'MB', 1);
}

/** How many of the status server's TB `height` shards are. */
export const shardsToTerabytes = (height: number) => (height * BYTES_PER_SHARD) / BYTES_PER_TB;

/** A height in shards, with the storage it stands for. */
export function formatHeight(height: number | null | undefined, decimals = 0): string {
  if (height === null || height === undefined || !Number.isFinite(height)) return EMPTY_VALUE;
  return `${formatNumber(height, decimals)} shards (${formatStorage(shardsToTerabytes(height))})`;
}

export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return EMPTY_VALUE;
  const total = Math.round(Math.abs(seconds));
  const days = Math.floor(total / SECONDS_PER_DAY);
  const hours = Math.floor((total % SECONDS_PER_DAY) / SECONDS_PER_HOUR);
  const minutes = Math.floor((total % SECONDS_PER_HOUR) / SECONDS_PER_MINUTE);
  if (days > 0) return `${days} d ${hours} h`;
  if (hours > 0) return `${hours} h ${minutes} min`;
  if (minutes > 0) return `${minutes} min`;
  return `${total} s`;
}

/** "2026-12-02 23:38 PST": in the zone chosen under Settings unless one is given, always with its name. */
export function formatDateTime(epochMs: number | null | undefined, zone: DisplayZone = displayZone.value): string {
  if (epochMs === null || epochMs === undefined || !Number.isFinite(epochMs)) return EMPTY_VALUE;
  return formatZonedDateTime(epochMs, intlZone(zone));
}

/** "3 min ago" / "in 2 min", for the collector's last and next scrape. */
export function formatRelative(epochMs: number | null | undefined, now: number): string {
  if (epochMs === null || epochMs === undefined) return EMPTY_VALUE;
  const difference = epochMs - now;
  if (Math.abs(difference) < 5_000) return 'just now';
  const text = formatDuration(Math.abs(difference) / MS_PER_SECOND);
  return difference < 0 ? `${text} ago` : `in ${text}`;
}

/** Share of a day's total points, as the summary table shows it. */
export function formatShare(points: number, totalPoints: number): string {
  if (!(totalPoints > 0)) return EMPTY_VALUE;
  return formatPercent((100 * points) / totalPoints);
}

/** "1A1zP1eP…DivfNa": the start and end of a long identifier, which are what people compare. */
export function shortenMiddle(text: string, keep = 8): string {
  if (text.length <= 2 * keep + 1) return text;
  return `${text.slice(0, keep)}…${text.slice(-keep)}`;
}

/** "0–5 %" … "95–100 %": a bucket of the uptime histogram (the last one includes 100). */
export function uptimeBucketLabel(index: number, buckets: number): string {
  const width = 100 / buckets;
  return `${formatNumber(index * width)}–${formatNumber((index + 1) * width)} %`;
}

/** The UTC day (YYYY-MM-DD) that `epochMs` falls on: the day still being counted. */
export function utcDayOf(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

/** A UTC day as tables show it, with "(unfinished)" on the day still running. */
export function formatUtcDay(day: string, now: number): string {
  return day === utcDayOf(now) ? `${day} (unfinished)` : day;
}
