import type { ScrapeOutcome } from '../../shared/model/status.js';
import type { CollectorStatus } from '../collector/collector.js';
import { clockTime } from '../logging/pretty-line.js';

const count = (value: number): string => value.toLocaleString('en-US');

/** One line per scrape: what happened, the running error count, and when the next scrape is. */
export function formatScrapeLine(outcome: ScrapeOutcome, status: CollectorStatus): string {
  const when = `[${clockTime(outcome.time)}]`;
  const next = status.nextScrapeAt === null ? '' : ` · next scrape ${clockTime(status.nextScrapeAt)}`;
  const errors = ` · errors ${count(status.scrapesFailed)}`;
  if (!outcome.ok) {
    return `${when} scrape failed (${outcome.errorCode}): ${outcome.errorMessage}${errors}${next}`;
  }
  const dropped: string[] = [];
  if (outcome.rejected > 0) dropped.push(`${count(outcome.rejected)} rejected`);
  if (outcome.duplicates > 0) dropped.push(`${count(outcome.duplicates)} duplicates`);
  // Kept, not dropped, but said: the status server accepted addresses no wallet makes.
  if (outcome.unusual > 0) dropped.push(`${count(outcome.unusual)} with unusual addresses`);
  const droppedText = dropped.length > 0 ? ` (${dropped.join(', ')})` : '';
  return `${when} scrape stored: ${count(outcome.farmers)} farmers${droppedText} in ${Math.round(outcome.durationMs)} ms${errors}${next}`;
}
