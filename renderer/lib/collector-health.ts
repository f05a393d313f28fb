import { COLLECTOR_FAILING_AFTER, MS_PER_SECOND, STALE_AFTER_INTERVALS } from '../../shared/defaults.js';
import type { Status } from '../../shared/model/status.js';
import { formatDateTime } from './format.js';

/** The collector has failed often enough in a row that the data it shows is no longer current. */
export function isFailing(status: Status | null): boolean {
  return (status?.collector.consecutiveFailures ?? 0) >= COLLECTOR_FAILING_AFTER;
}

/** Why the last scrape failed, in full: the message when there is one, else the code. */
export function failureReason(status: Status | null): string {
  const failure = status?.collector.lastError;
  return failure?.errorMessage ?? failure?.errorCode ?? 'the last scrapes failed';
}

/**
 * The banner shown while the collector is failing, or null: since when the data is stale (the
 * newest scrape the dashboard is built from) and why.
 */
export function staleNotice(status: Status | null): string | null {
  if (status === null || !isFailing(status)) return null;
  const since = status.jobs.foldedThrough;
  const reason = failureReason(status);
  return since === null ? `No data yet: ${reason}` : `Data is stale since ${formatDateTime(since)}: ${reason}`;
}

/** True when information from `time` is older than two collection intervals at `now`. */
export function isStale(time: number | null, now: number, intervalSeconds: number): boolean {
  return time !== null && now - time > STALE_AFTER_INTERVALS * intervalSeconds * MS_PER_SECOND;
}
