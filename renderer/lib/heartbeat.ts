import type { HeartbeatCell, HeartbeatHours } from '../../shared/model/heartbeat.js';
import { MS_PER_HOUR } from '../../shared/defaults.js';
import { formatZonedDateTime } from './time-zone.js';

/**
 * The heartbeat strip's words and colours, pure so they are tested without a page. "No scrape"
 * is its own state: an hour without a stored snapshot says nothing about the node (a gap is not
 * downtime), so it must never look like "offline".
 */
export type CellTone = 'all' | 'some' | 'none' | 'gap';

export function cellTone(cell: HeartbeatCell): CellTone {
  if (cell.scrapes === 0) return 'gap';
  if (cell.listed === cell.scrapes) return 'all';
  return cell.listed === 0 ? 'none' : 'some';
}

const scrapesWord = (count: number): string => (count === 1 ? 'scrape' : 'scrapes');

/** What one hour says: "listed in 11 of 12 scrapes", or that no scrape was stored. */
export function cellText(cell: HeartbeatCell): string {
  if (cell.scrapes === 0) return 'no scrape stored';
  return `listed in ${cell.listed} of ${cell.scrapes} ${scrapesWord(cell.scrapes)}`;
}

/** The tooltip: the hour (start–end) in the displayed zone with its label, then what it says. */
export function cellTooltip(cell: HeartbeatCell, timeZone?: string): string {
  const end = formatZonedDateTime(cell.start + MS_PER_HOUR, timeZone).slice(11, 16);
  return `${formatZonedDateTime(cell.start, timeZone).replace(/ (\S+)$/, `–${end} $1`)}: ${cellText(cell)}`;
}

export const SPAN_LABELS: Record<HeartbeatHours, string> = { 24: '24 h', 168: '7 d', 720: '30 d' };

/** The strip read aloud: how many hours were fully, partly or not listed, and how many had no scrape. */
export function stripSummary(cells: readonly HeartbeatCell[], hours: HeartbeatHours): string {
  const count: Record<CellTone, number> = { all: 0, some: 0, none: 0, gap: 0 };
  let scrapes = 0;
  let listed = 0;
  for (const cell of cells) {
    count[cellTone(cell)] += 1;
    scrapes += cell.scrapes;
    listed += cell.listed;
  }
  if (scrapes === 0) return `Last ${SPAN_LABELS[hours]}: no scrape stored.`;
  const parts = [`listed in ${listed} of ${scrapes} ${scrapesWord(scrapes)}`, `${count.all} h all listed`];
  if (count.some > 0) parts.push(`${count.some} h partly`);
  if (count.none > 0) parts.push(`${count.none} h not listed`);
  if (count.gap > 0) parts.push(`${count.gap} h without a scrape`);
  return `Last ${SPAN_LABELS[hours]}: ${parts.join(', ')}.`;
}
