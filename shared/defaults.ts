/**
 * Every default and constant the engine, the CLI, the API and the dashboard share, written once.
 * The settings schema takes its defaults and bounds from here and `DEFAULT_SETTINGS` is derived
 * from the schema (shared/model/settings.ts), so a default cannot differ between the places that use it.
 */

export const MS_PER_SECOND = 1000;
export const MS_PER_MINUTE = 60_000;
export const MS_PER_HOUR = 3_600_000;
export const MS_PER_DAY = 86_400_000;
export const SECONDS_PER_MINUTE = 60;
export const SECONDS_PER_HOUR = 3600;
export const SECONDS_PER_DAY = 86_400;

/** A height counts shards of 128 MiB; everything that turns heights into bytes uses this. */
export const BYTES_PER_SHARD = 128 * 1024 ** 2;

/**
 * Buckets of the uptime histogram: 5 percentage points each, the last one closed at 100. Here rather
 * than beside the network schema so the dashboard can use it without loading the schema library.
 */
export const UPTIME_BUCKETS = 20;

/** Seconds between scrapes; the original scraped every five minutes. */
export const DEFAULT_INTERVAL_SECONDS = 300;
/** Seconds one request to the status server may take. */
export const DEFAULT_TIMEOUT_SECONDS = 10;
/** Port of the local HTTP API (0 picks a free one). */
export const DEFAULT_API_PORT = 7780;
/** The status server a fresh install points at (dataserv's own default bind). */
export const DEFAULT_SOURCE_URL = 'http://127.0.0.1:5000';
/** Days of raw snapshots to keep; 0 keeps them forever. */
export const DEFAULT_RETENTION_DAYS = 0;
/** Days of scrape-log detail to keep: failed scrapes and rejection notes older than this go. */
export const DEFAULT_SCRAPE_LOG_RETENTION_DAYS = 365;

/** An inclusive range of whole numbers a setting or an option accepts. */
export interface IntegerBounds {
  readonly minimum: number;
  readonly maximum: number;
}

/** Shorter would hammer the status server; longer than a day leaves days without a reading. */
export const INTERVAL_SECONDS_BOUNDS: IntegerBounds = { minimum: 10, maximum: SECONDS_PER_DAY };
export const TIMEOUT_SECONDS_BOUNDS: IntegerBounds = { minimum: 1, maximum: 300 };
/** Up to a hundred years; 0 means forever. */
export const RETENTION_DAYS_BOUNDS: IntegerBounds = { minimum: 0, maximum: 36_500 };
/** A day to a hundred years: the log of recent scrapes is always kept. */
export const SCRAPE_LOG_RETENTION_DAYS_BOUNDS: IntegerBounds = { minimum: 1, maximum: 36_500 };
/** 0 asks the OS for a free port. */
export const PORT_BOUNDS: IntegerBounds = { minimum: 0, maximum: 65_535 };

/** Node events (docs/events.md): a watched node's height must grow by at least this many shards (128 MiB each) for a `height-grew` event. */
export const DEFAULT_EVENT_HEIGHT_GROWTH = 1000;
export const EVENT_HEIGHT_GROWTH_BOUNDS: IntegerBounds = { minimum: 1, maximum: 100_000_000 };
/** `uptime-low` when a watched node was listed by fewer than this share of the last 24 hours' scrapes. */
export const DEFAULT_EVENT_UPTIME_BELOW_PERCENT = 90;
export const EVENT_UPTIME_BELOW_PERCENT_BOUNDS: IntegerBounds = { minimum: 1, maximum: 100 };
/** `collector-failing` after this many failed scrapes in a row. */
export const DEFAULT_EVENT_COLLECTOR_FAILURES = 3;
export const EVENT_COLLECTOR_FAILURES_BOUNDS: IntegerBounds = { minimum: 1, maximum: 1000 };
/** Rows per page of the events history (API and CLI), and the most one page may hold. */
export const DEFAULT_EVENTS_PAGE = 100;
export const MAX_EVENTS_PAGE = 1000;
