import { MAX_AHEAD_OF_CLOCK_MS } from '../../shared/history-bounds.js';
import type { Rejection } from '../store/raw-store.js';

/**
 * Scrapes are stamped with this machine's clock, so a wrong clock misplaces real data. The status
 * server's `Date` header is a second clock: when the two differ by more than a day (the slack
 * imported history gets in shared/history-bounds.ts), the scrape is kept but its log row says so.
 */
export function clockDisagreement(localMs: number, serverMs: number | null): Rejection | null {
  if (serverMs === null || Math.abs(localMs - serverMs) <= MAX_AHEAD_OF_CLOCK_MS) return null;
  return {
    reason: 'clock differs from the status server',
    count: 1,
    examples: [`this machine: ${new Date(localMs).toISOString()}, status server: ${new Date(serverMs).toISOString()}`],
  };
}
