import type { SummaryRow } from '../../shared/model/address.js';

function cell(value: string | number): string {
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The address summary as CSV, the same columns as the table plus the share of the day's points. */
export function summaryToCsv(address: string, rows: readonly SummaryRow[]): string {
  const header = ['address', 'date', 'uptime_seconds', 'duration_seconds', 'height', 'points', 'total_points', 'share_percent'];
  const lines = [header.join(',')];
  for (const row of rows) {
    const share = row.total_points > 0 ? ((100 * row.points) / row.total_points).toFixed(4) : '';
    lines.push([address, row.date, row.uptime, row.duration, row.height, row.points, row.total_points, share].map(cell).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
