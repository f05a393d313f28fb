import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import { DEFAULT_INTERVAL_SECONDS, DEFAULT_SCRAPE_LOG_RETENTION_DAYS, MS_PER_DAY, MS_PER_SECOND } from '../../shared/defaults.js';
import type { CollectorState, ScrapeOutcome, Status } from '../../shared/model/status.js';
import { describeError } from '../../shared/errors.js';
import { silentLogger, type Logger } from '../logging/logger.js';
import type { RawStore, Rejection } from '../store/raw-store.js';
import { retryDelayMs } from './backoff.js';
import { clockDisagreement } from './clock-check.js';
import { DEFAULT_MAX_BODY_BYTES, DEFAULT_TIMEOUT_MS, FetchFailure, fetchAnswer } from './fetch-json.js';
import { ingestScrape, recordScrapeFailure } from './ingest.js';
import { PayloadValidator } from './validate-payload.js';

export const DEFAULT_INTERVAL_MS = DEFAULT_INTERVAL_SECONDS * MS_PER_SECOND;

export interface CollectorOptions {
  store: RawStore;
  /** Base URL of the status server; `/api/online/json` and `/api/total` are appended. */
  source: string;
  intervalMs?: number;
  timeoutMs?: number;
  maxBodyBytes?: number;
  /** Days of raw snapshots to keep; 0 keeps them forever. */
  retentionDays?: number;
  /** Days of scrape-log detail to keep (failed scrapes, rejection notes). Default a year. */
  scrapeLogRetentionDays?: number;
  /** The one UTC clock that stamps scrapes (epoch ms); injectable for tests. */
  clock?: () => number;
  /** First retry delay after a failure; doubles per consecutive failure. Default: min(interval, 30 s). */
  backoffBaseMs?: number;
  /** Longest retry delay. Default: max(interval, 15 min). */
  backoffCapMs?: number;
  random?: () => number;
  validator?: PayloadValidator;
  /** Where failures other than bad answers are logged (the engine's 'collector' child); default: nowhere. */
  logger?: Logger;
}

export type CollectorStatus = Status['collector'];

export interface CollectorEvents {
  scrape: [ScrapeOutcome];
  state: [CollectorState];
  /** Something other than a bad answer went wrong (e.g. the disk is full); the loop keeps going. */
  error: [Error];
}

class StopRequested extends Error {}

export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}${path}`;
}

/**
 * The scrape loop: one scrape at a time, every `intervalMs` measured from the start of the
 * previous one; after failures, exponential backoff with jitter. `stop()` lets an ingest that has
 * begun finish (the store's transaction makes it atomic anyway) and abandons a fetch in progress.
 */
export class Collector extends EventEmitter<CollectorEvents> {
  private readonly store: RawStore;
  private source: string;
  private intervalMs: number;
  private timeoutMs: number;
  private retentionDays: number;
  private scrapeLogRetentionDays: number;
  private readonly maxBodyBytes: number;
  private readonly clock: () => number;
  private readonly random: () => number;
  private readonly backoffBaseMs: number | undefined;
  private readonly backoffCapMs: number | undefined;
  private readonly validator: PayloadValidator;
  private readonly logger: Logger;

  private state: CollectorState = 'idle';
  private running = false;
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<ScrapeOutcome | null> | null = null;
  private fetchAbort: AbortController | null = null;
  private nextScrapeAt: number | null = null;
  private lastScrape: ScrapeOutcome | null = null;
  private lastError: ScrapeOutcome | null = null;
  private scrapesOk = 0;
  private scrapesFailed = 0;
  private consecutiveFailures = 0;
  /** The source changed while a scrape of the old one was running: scrape the new one next. */
  private sourceChangedMidScrape = false;

  constructor(options: CollectorOptions) {
    super();
    this.store = options.store;
    this.source = options.source;
    this.intervalMs = options.intervalMs ?? DEFAULT_INTERVAL_MS;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    this.retentionDays = options.retentionDays ?? 0;
    this.scrapeLogRetentionDays = options.scrapeLogRetentionDays ?? DEFAULT_SCRAPE_LOG_RETENTION_DAYS;
    this.clock = options.clock ?? Date.now;
    this.random = options.random ?? Math.random;
    this.backoffBaseMs = options.backoffBaseMs;
    this.backoffCapMs = options.backoffCapMs;
    this.validator = options.validator ?? new PayloadValidator();
    this.logger = options.logger ?? silentLogger();
  }

  status(): CollectorStatus {
    return {
      state: this.state,
      source: this.source,
      intervalSeconds: this.intervalMs / 1000,
      lastScrape: this.lastScrape,
      lastError: this.lastError,
      nextScrapeAt: this.nextScrapeAt,
      scrapesOk: this.scrapesOk,
      scrapesFailed: this.scrapesFailed,
      consecutiveFailures: this.consecutiveFailures,
    };
  }

  /** Applies changed settings: a new source is scraped right away, a new interval counts from now. */
  configure(changes: { source?: string; intervalMs?: number; timeoutMs?: number; retentionDays?: number; scrapeLogRetentionDays?: number }): void {
    if (changes.timeoutMs !== undefined) this.timeoutMs = changes.timeoutMs;
    if (changes.retentionDays !== undefined) this.retentionDays = changes.retentionDays;
    if (changes.scrapeLogRetentionDays !== undefined) this.scrapeLogRetentionDays = changes.scrapeLogRetentionDays;
    const sourceChanged = changes.source !== undefined && changes.source !== this.source;
    const intervalChanged = changes.intervalMs !== undefined && changes.intervalMs !== this.intervalMs;
    if (changes.source !== undefined) this.source = changes.source;
    if (changes.intervalMs !== undefined) this.intervalMs = changes.intervalMs;
    if (this.inFlight !== null) {
      if (sourceChanged) this.sourceChangedMidScrape = true;
      return;
    }
    if (!this.running) return;
    if (sourceChanged) {
      this.consecutiveFailures = 0;
      this.schedule(0);
    } else if (intervalChanged && this.consecutiveFailures === 0) {
      const remaining = this.nextScrapeAt === null ? 0 : Math.max(0, this.nextScrapeAt - this.clock());
      this.schedule(Math.min(remaining, this.intervalMs));
    }
  }

  /** Starts the loop with a scrape right away. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(0);
  }

  /**
   * One scrape now. If one is already running, waits for it instead of overlapping. Resolves to
   * null only when the scrape was abandoned by `stop()` before anything was stored.
   */
  scrapeNow(): Promise<ScrapeOutcome | null> {
    if (this.inFlight) return this.inFlight;
    const scrape = this.scrape().finally(() => {
      this.inFlight = null;
    });
    this.inFlight = scrape;
    return scrape;
  }

  async stop(): Promise<void> {
    this.running = false;
    this.clearTimer();
    this.nextScrapeAt = null;
    this.fetchAbort?.abort(new StopRequested('collector stopping'));
    if (this.inFlight) await this.inFlight.catch(() => undefined);
    this.setState('stopped');
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(delayMs: number): void {
    this.clearTimer();
    if (!this.running) return;
    // Whole milliseconds: Status.nextScrapeAt is an integer, and the delay can carry a fraction of the last scrape's duration.
    this.nextScrapeAt = Math.round(this.clock() + delayMs);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.loopOnce();
    }, delayMs);
  }

  private async loopOnce(): Promise<void> {
    // A scrape that throws (not a bad answer: e.g. the disk is full) still leaves the loop running.
    await this.scrapeNow().catch((error: unknown) => {
      this.reportError(error);
      // Counted and announced like a failed scrape so the status shows it; nothing could be stored.
      const outcome: ScrapeOutcome = {
        time: this.clock(),
        ok: false,
        durationMs: 0,
        farmers: 0,
        rejected: 0,
        duplicates: 0,
        unusual: 0,
        errorCode: 'store',
        errorMessage: `the scrape could not be stored: ${describeError(error)}`,
      };
      this.count(outcome);
      this.setState(this.running ? 'backoff' : 'idle');
      if (this.running) this.schedule(this.backoffDelay());
      this.emit('scrape', outcome);
    });
  }

  /** After failures: from min(interval, 30 s) doubling up to max(interval, 15 min), with jitter. */
  private backoffDelay(): number {
    const base = this.backoffBaseMs ?? Math.min(this.intervalMs, 30_000);
    const cap = this.backoffCapMs ?? Math.max(this.intervalMs, 900_000);
    return retryDelayMs(this.consecutiveFailures, base, cap, this.random);
  }

  private setState(state: CollectorState): void {
    if (this.state === state) return;
    this.state = state;
    this.emit('state', state);
  }

  private async scrape(): Promise<ScrapeOutcome | null> {
    this.setState('scraping');
    const startedAt = performance.now();
    const abort = new AbortController();
    this.fetchAbort = abort;
    const fetchOptions = { timeoutMs: this.timeoutMs, maxBodyBytes: this.maxBodyBytes, signal: abort.signal };
    const onlineUrl = joinUrl(this.source, '/api/online/json');
    const totalUrl = joinUrl(this.source, '/api/total');
    let outcome: ScrapeOutcome;
    try {
      // Both answers are needed; fetching them together keeps them from the same moment.
      const [online, total] = await Promise.all([fetchAnswer(onlineUrl, fetchOptions), fetchAnswer(totalUrl, fetchOptions)]).catch(
        (error: unknown) => {
          // One answer is useless without the other: do not leave the second request running.
          abort.abort(new Error('the other request of this scrape failed'));
          throw error;
        },
      );
      this.fetchAbort = null;
      const time = this.clock();
      const notes = this.checkClock(time, total.serverDate);
      outcome = await ingestScrape(this.store, { online: online.text, total: total.text }, time, { validator: this.validator, startedAt, onlineUrl, totalUrl, notes });
    } catch (error) {
      this.fetchAbort = null;
      if (abort.signal.aborted && abort.signal.reason instanceof StopRequested) return null;
      if (!(error instanceof FetchFailure)) throw error;
      outcome = await recordScrapeFailure(this.store, this.clock(), performance.now() - startedAt, error);
    }
    this.count(outcome);
    if (outcome.ok) await this.applyRetention(outcome.time);
    // Scheduled before the event goes out, so listeners see when the next scrape is. The interval
    // counts from this scrape's start, which keeps the cadence steady whatever a scrape takes.
    this.setState(outcome.ok ? 'idle' : this.running ? 'backoff' : 'idle');
    if (this.sourceChangedMidScrape) {
      this.sourceChangedMidScrape = false;
      this.consecutiveFailures = 0;
      if (this.running) this.schedule(0);
    } else if (this.running) {
      this.schedule(outcome.ok ? Math.max(0, this.intervalMs - (performance.now() - startedAt)) : this.backoffDelay());
    }
    this.emit('scrape', outcome);
    return outcome;
  }

  private count(outcome: ScrapeOutcome): void {
    if (outcome.ok) {
      this.scrapesOk++;
      this.consecutiveFailures = 0;
      this.lastScrape = outcome;
    } else {
      this.scrapesFailed++;
      this.consecutiveFailures++;
      this.lastError = outcome;
    }
  }

  /** A wrong clock is warned about and noted in the scrape's log row; the data itself is real and kept. */
  private checkClock(time: number, serverDate: number | null): Rejection[] {
    const note = clockDisagreement(time, serverDate);
    if (note === null) return [];
    this.logger.warn(`this machine's clock differs from the status server's by more than a day (${note.examples[0]})`);
    return [note];
  }

  private async applyRetention(now: number): Promise<void> {
    try {
      await this.store.pruneScrapeLogBefore(now - this.scrapeLogRetentionDays * MS_PER_DAY);
      if (this.retentionDays > 0) await this.store.pruneSnapshotsBefore(now - this.retentionDays * MS_PER_DAY);
    } catch (error) {
      this.reportError(error);
    }
  }

  /** Logged, and announced to 'error' listeners if any: an 'error' event with no listener would throw, and the loop must survive. */
  private reportError(error: unknown): void {
    this.logger.error(describeError(error));
    if (this.listenerCount('error') > 0) this.emit('error', error instanceof Error ? error : new Error(describeError(error)));
  }
}
