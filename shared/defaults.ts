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
 * Longest farmer address, in characters: the status server keeps addresses in VARCHAR(35) columns
 * (docs/status-server-api.md, "Addresses"). Bounds the base58 work on hostile input too.
 */
export const ADDRESS_MAX_CHARS = 35;

/**
 * Buckets of the uptime histogram: 5 percentage points each, the last one closed at 100. Here rather
 * than beside the network schema so the dashboard can use it without loading the schema library.
 */
export const UPTIME_BUCKETS = 20;

/** Seconds between scrapes; the original scraped every five minutes. */
export const DEFAULT_INTERVAL_SECONDS = 300;
/** Failed scrapes in a row after which the collector is "Failing" and the data is called stale. */
export const COLLECTOR_FAILING_AFTER = 3;
/** Information older than this many collection intervals is stale: at least one scrape is missing. */
export const STALE_AFTER_INTERVALS = 2;
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
