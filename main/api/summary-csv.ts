import type { AddressDetail } from '../../shared/model/address.js';

const COLUMNS = ['date', 'uptime_seconds', 'duration_seconds', 'height', 'points', 'total_points', 'share_of_total_percent'];

/** One summary day per line, with a header; numbers as JSON writes them so nothing is rounded away. */
export function summaryCsv(detail: AddressDetail): string {
  const lines = [COLUMNS.join(',')];
  for (const row of detail.summary) {
    const share = row.total_points > 0 ? (100 * row.points) / row.total_points : 0;
    lines.push([row.date.slice(0, 10), row.uptime, row.duration, row.height, row.points, row.total_points, share].join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** e.g. driveshare-1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa-31d-2015-11-10.csv (the address is base58: safe in a filename). */
export function summaryCsvFilename(detail: AddressDetail, days: number): string {
  const last = detail.summary.at(-1)?.date.slice(0, 10);
  return `driveshare-${detail.address}-${days}d${last !== undefined ? `-${last}` : ''}.csv`;
}
