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
/** The status server's "TB": `total_TB` = shards × 128 MiB / 1024⁴, so 8,192 shards are 1 TB. */
export const BYTES_PER_TB = 1024 ** 4;

/**
 * Longest farmer address, in characters: the status server keeps addresses in VARCHAR(35) columns
 * (docs/status-server-api.md, "Addresses"). Bounds the base58 work on hostile input too.
 */
export const ADDRESS_MAX_CHARS = 35;
/** Watched addresses a settings file may list: issue 11's benchmark derives events for 1,000 of them. */
export const WATCHED_ADDRESSES_MAX = 1000;

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
/** The only address the local API ever binds: other machines must not reach it. */
export const LOOPBACK_HOST = '127.0.0.1';
/** Port of the local HTTP API (0 picks a free one). */
export const DEFAULT_API_PORT = 7780;
/** The status server a fresh install points at (dataserv's own default bind). */
export const DEFAULT_SOURCE_URL = 'http://127.0.0.1:5000';
/** Days of raw snapshots to keep; 0 keeps them forever. */
export const DEFAULT_RETENTION_DAYS = 0;
/** Days of scrape-log detail to keep: failed scrapes and rejection notes older than this go. */
export const DEFAULT_SCRAPE_LOG_RETENTION_DAYS = 365;
/**
 * Raw snapshots are stored as differences from the one before, with a whole one (a keyframe) at
 * least this often: reading one snapshot at random decodes at most this many rows. Six hours at
 * 5-minute scrapes. A 25,000-farmer keyframe takes about 5.2 B per farmer, so this adds about
 * 0.07 B per observation to the 0.34 of a delta; 144 halves that and doubles a random read
 * (390 ms of CPU at load 14, bench/storage.ts).
 */
export const SNAPSHOT_KEYFRAME_INTERVAL = 72;

/** An inclusive range of whole numbers a setting or an option accepts. */
export interface IntegerBounds {
  readonly minimum: number;
  readonly maximum: number;
}

/** Shorter would hammer the status server; longer than a day leaves days without a reading. */
export const INTERVAL_SECONDS_BOUNDS: IntegerBounds = { minimum: 10, maximum: SECONDS_PER_DAY };
export const TIMEOUT_SECONDS_BOUNDS: IntegerBounds = { minimum: 1, maximum: 300 };
/**
 * A network window given as a span before its end (`span` on the network routes, in ms): a minute
 * to a hundred years.
 */
export const NETWORK_SPAN_MS_BOUNDS: IntegerBounds = { minimum: MS_PER_MINUTE, maximum: 36_500 * MS_PER_DAY };
/** Up to a hundred years; 0 means forever. */
export const RETENTION_DAYS_BOUNDS: IntegerBounds = { minimum: 0, maximum: 36_500 };
/** A day to a hundred years: the log of recent scrapes is always kept. */
export const SCRAPE_LOG_RETENTION_DAYS_BOUNDS: IntegerBounds = { minimum: 1, maximum: 36_500 };
/** 0 asks the OS for a free port. */
export const PORT_BOUNDS: IntegerBounds = { minimum: 0, maximum: 65_535 };

/** Days of simulated history the demo fills in on its first start. */
export const DEMO_HISTORY_DAYS = 30;
/** The original's summary window: `/api/summary/<address>` covers the last 31 UTC days (docs/formulas.md). */
export const SUMMARY_WINDOW_DAYS = 31;
/** The longest window an address's detail can be asked for. */
export const MAX_DETAIL_DAYS = 365;
/**
 * Work a long job sharing the event loop with the API (a backfill on the calling thread, an
 * import, proving a large network's new addresses, reading past snapshots) does in one turn before
 * it gives requests a turn: well under the 50 ms a request may wait, leaving room for a garbage
 * collection and the request itself.
 */
export const TURN_BUDGET_MS = 20;
/**
 * The backfill's work between two looks at its stop flag on its own thread (the demo's first
 * start), where no request waits for it: it sizes the batches (one transaction each).
 */
export const BACKFILL_THREAD_TURN_MS = 100;
/** How long a stopped backfill thread may take to finish its batch before it is ended (Ctrl-C acts within a second). */
export const BACKFILL_THREAD_STOP_GRACE_MS = 500;
/** Scrapes stored in one backfill transaction at most: fewer commits, yet a small retry after a full disk. */
export const BACKFILL_SCRAPES_PER_TRANSACTION = 64;
/**
 * How often at most a fold that keeps catching up with a writer (the demo backfill) commits: a
 * commit rewrites the changed farmer rows (all 25,000 while a backfill is folded) and the API then
 * reads them again. Following live scrapes each run ends, and commits, after each scrape.
 */
export const FOLLOW_COMMIT_INTERVAL_MS = 3_000;
/** How often the backfill tells the status and the aggregation jobs how far it is. */
export const BACKFILL_REPORT_MS = 500;

/** The original's MongoDB database and collections: what an import from mongodb:// reads unless told otherwise. */
export const ORIGINAL_DATABASE = 'GroupB';
export const ORIGINAL_FARMERS_COLLECTION = 'farmers';
export const ORIGINAL_TOTALS_COLLECTION = 'totalStorage';

/** Points per series a caller may ask for: a line needs two; more than 10,000 no screen shows. */
export const SERIES_POINTS_BOUNDS: IntegerBounds = { minimum: 2, maximum: 10_000 };
export const DEFAULT_SERIES_POINTS = 1000;

/**
 * The aggregation fold writes a checkpoint at the end of every UTC day, and also after this many
 * snapshots since the last one (4 hours of 5-minute scrapes), so figures as of a recent moment
 * replay at most that many snapshots whatever the collection interval (replaying 25,000 farmers
 * costs about 10 ms a snapshot). The ones within a day are kept for CHECKPOINT_DENSE_DAYS only;
 * older moments replay from the end of their day (at most a day of scrapes).
 */
export const CHECKPOINT_EVERY_SNAPSHOTS = 48;
export const CHECKPOINT_DENSE_DAYS = 31;

/** What `simulate` and `headless --demo` run when not told otherwise. */
export const DEFAULT_SIMULATED_FARMERS = 1000;
export const DEFAULT_SIMULATION_SEED = '1';

/** Alert channels a settings file may hold; more is a mistake, not a setup. */
export const ALERT_CHANNELS_MAX = 50;
/** The public Telegram Bot API; a channel may name another (a local Bot API server, a proxy). */
export const ALERT_TELEGRAM_DEFAULT_BASE_URL = 'https://api.telegram.org';
/** One HTTP or SMTP send may take this long before it counts as failed and is retried. */
export const ALERT_SEND_TIMEOUT_MS = 15_000;
/** First retry waits up to this (full jitter: a random delay from 0 to it), doubling each attempt… */
export const ALERT_RETRY_BASE_MS = 10_000;
/** …up to this, so a receiver that is back is reached within the hour. */
export const ALERT_RETRY_CAP_MS = 3_600_000;
/** How often the delivery loop looks for due messages. */
export const ALERT_POLL_MS = 1000;
/** Lines one grouped message lists; the rest are counted ("and N more"). */
export const ALERT_MESSAGE_MAX_LINES = 20;
/**
 * Events one message carries (ids and records in the payload, about 150 bytes each): one scrape's
 * changes go out as one message up to this; a larger scrape goes out in several.
 */
export const ALERT_MESSAGE_MAX_EVENTS = 10_000;
/** The delivery log keeps at most this many rows… */
export const ALERT_LOG_MAX_ROWS = 10_000;
/** …and none older than this. */
export const ALERT_LOG_MAX_AGE_MS = 90 * MS_PER_DAY;
/** Rows one page of the delivery log holds at most. */
export const ALERT_LOG_PAGE_MAX = 500;
/** Rows a page of the delivery log holds when the caller does not say. */
export const ALERT_LOG_PAGE_DEFAULT = 100;
/** Characters of a receiver's answer quoted in an error: enough to read its reason. */
export const ALERT_ERROR_EXCERPT_CHARS = 300;

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

/** Top farmers ranks, by default, only addresses observed (first to last seen) for at least this long. */
export const RANKED_MIN_OBSERVED_MS = MS_PER_DAY;

/** The narrowest window the dashboard's layout holds at (the e2e suite checks every view there), and a usable height. */
export const MIN_LAYOUT_WIDTH_PX = 360;
export const MIN_LAYOUT_HEIGHT_PX = 480;

/** The heartbeat strip's spans in hours (24 h, 7 d, 30 d); the store keeps the longest. */
export const HEARTBEAT_SPANS_HOURS = [24, 168, 720] as const;
export const HEARTBEAT_KEPT_HOURS = 720;
