/**
 * Every default and constant the engine, the CLI, the API and the dashboard share, written once.
 * The settings schema takes its defaults from here and `DEFAULT_SETTINGS` is derived from the
 * schema (shared/model/settings.ts), so a default cannot differ between the places that use it.
 */

/** Seconds between scrapes; the original scraped every five minutes. */
export const DEFAULT_INTERVAL_SECONDS = 300;
/** Seconds one request to the status server may take. */
export const DEFAULT_TIMEOUT_SECONDS = 10;
/** Port of the local HTTP API (0 picks a free one). */
export const DEFAULT_API_PORT = 7780;
/** The status server a fresh install points at (dataserv's own default bind). */
export const DEFAULT_SOURCE_URL = 'http://127.0.0.1:5000';

export const MS_PER_SECOND = 1000;
export const MS_PER_MINUTE = 60_000;
export const MS_PER_HOUR = 3_600_000;
export const MS_PER_DAY = 86_400_000;
