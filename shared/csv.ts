import type { SummaryRow } from './model/address.js';
import type { SeriesPoint } from './model/network.js';

/**
 * The one CSV format of the app, for the dashboard's downloads and the API's `format=csv` alike:
 * a header line, CRLF line ends (RFC 4180), numbers as JavaScript writes them (nothing rounded
 * away), times as ISO 8601 UTC, days as YYYY-MM-DD (UTC), an empty cell for "no value".
 */
export type CsvValue = string | number | null;

export function csvCell(value: CsvValue): string {
  if (value === null || (typeof value === 'number' && !Number.isFinite(value))) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

export const SUMMARY_CSV_COLUMNS = ['date', 'uptime_seconds', 'duration_seconds', 'height', 'points', 'total_points', 'share_of_total_percent'] as const;

/** An address's daily summaries, oldest first as the API gives them; the share is empty on a day without points. */
export function summaryCsv(rows: readonly SummaryRow[]): string {
  return toCsv(
    SUMMARY_CSV_COLUMNS,
    rows.map((row) => [row.date.slice(0, 10), row.uptime, row.duration, row.height, row.points, row.total_points, row.total_points > 0 ? (100 * row.points) / row.total_points : null]),
  );
}

/** e.g. driveshare-1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa-31d-2015-11-10.csv (the address is base58: safe in a filename). */
export function summaryCsvFilename(address: string, rows: readonly SummaryRow[], days: number): string {
  const last = rows.at(-1)?.date.slice(0, 10);
  return `driveshare-${address}-${days}d${last !== undefined ? `-${last}` : ''}.csv`;
}

/** A downsampled series (a chart's Data table), oldest first. */
export function seriesCsv(points: readonly SeriesPoint[]): string {
  return toCsv(
    ['time_utc', 'mean', 'min', 'max', 'last'],
    points.map((point) => [new Date(point.t).toISOString(), point.mean, point.min, point.max, point.last]),
  );
}
