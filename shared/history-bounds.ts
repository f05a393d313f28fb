import { MS_PER_DAY } from './defaults.js';

/**
 * The times history may carry. Nothing older than the Bitcoin genesis block (2009-01-03) can name
 * a farmer's address, and nothing more than a day ahead of this machine's clock can have happened
 * yet (clocks differ; a day is generous). A time outside these bounds is a damaged document or a
 * wrong clock, and accepting it would move the "as of" every figure is counted back from.
 */
export const EARLIEST_HISTORY_MS = Date.UTC(2009, 0, 3);
export const MAX_AHEAD_OF_CLOCK_MS = MS_PER_DAY;

/** Why `timeMs` cannot be a moment of history, or null when it can. */
export function historyTimeProblem(timeMs: number, nowMs: number): string | null {
  if (!Number.isFinite(timeMs)) return 'is not a valid time';
  const iso = new Date(timeMs).toISOString();
  if (timeMs < EARLIEST_HISTORY_MS) return `${iso} is before 2009-01-03, earlier than any address can be`;
  if (timeMs > nowMs + MAX_AHEAD_OF_CLOCK_MS) return `${iso} is more than a day ahead of this machine's clock (${new Date(nowMs).toISOString()})`;
  return null;
}
