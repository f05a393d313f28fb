import { performance } from 'node:perf_hooks';
import type { ScrapeOutcome } from '../../shared/model/status.js';
import { TURN_BUDGET_MS } from '../../shared/defaults.js';
import { TurnBudget } from '../scheduling/turn-budget.js';
import type { RawStore, Rejection } from '../store/raw-store.js';
import { FetchFailure, parseJson } from './fetch-json.js';
import { PayloadValidator } from './validate-payload.js';

/** The two answers of one scrape, as text (parsing is part of ingest so it is timed and shared). */
export interface ScrapeBodies {
  online: string;
  total: string;
}

export interface IngestOptions {
  validator: PayloadValidator;
  /** `performance.now()` when the requests started; the log's duration covers fetch + ingest. */
  startedAt?: number;
  /** URLs used in messages. */
  onlineUrl?: string;
  totalUrl?: string;
  /** Notes about the scrape as a whole (a wrong clock) logged with the entries' rejections and notes. */
  notes?: readonly Rejection[];
}

/**
 * THE ingest path (the collector loop and benchmarks use it; the demo backfill stores the same rows
 * straight from the model, test/integration/demo-backfill-direct.test.ts): parse, validate,
 * and append the scrape atomically — snapshot, totals and log row in one transaction, or nothing.
 * A payload that cannot be used at all is logged as a failed scrape with its reason instead.
 */
export async function ingestScrape(store: RawStore, bodies: ScrapeBodies, time: number, options: IngestOptions): Promise<ScrapeOutcome> {
  const startedAt = options.startedAt ?? performance.now();
  let validated;
  let total;
  try {
    const online = parseJson(bodies.online, options.onlineUrl ?? '/api/online/json');
    const totalBody = parseJson(bodies.total, options.totalUrl ?? '/api/total');
    // A network's first scrape proves every address: in slices, so the API keeps answering.
    await options.validator.proveNewAddresses(farmerList(online), new TurnBudget(TURN_BUDGET_MS));
    validated = options.validator.validateOnline(online, options.onlineUrl);
    total = options.validator.validateTotal(totalBody, options.totalUrl);
  } catch (error) {
    if (!(error instanceof FetchFailure)) throw error;
    return recordScrapeFailure(store, time, performance.now() - startedAt, error);
  }
  const durationMs = performance.now() - startedAt;
  await store.appendScrape({
    time,
    durationMs,
    source: 'collector',
    farmers: validated.farmers,
    total: { id: total.id, totalTB: total.total_TB, totalFarmers: total.total_farmers },
    rejected: validated.rejected,
    duplicates: validated.duplicates,
    rejections: [...validated.rejections, ...validated.notes, ...(options.notes ?? [])],
  });
  return {
    time,
    ok: true,
    durationMs,
    farmers: validated.farmers.length,
    rejected: validated.rejected,
    duplicates: validated.duplicates,
    unusual: validated.unusual,
    errorCode: null,
    errorMessage: null,
  };
}

/** The `farmers` of a parsed `/api/online/json` answer, whatever its shape (the validation judges it). */
function farmerList(online: unknown): unknown {
  return typeof online === 'object' && online !== null ? (online as { farmers?: unknown }).farmers : undefined;
}

/** Logs a scrape that produced nothing usable, with its stable reason code. */
export async function recordScrapeFailure(store: RawStore, time: number, durationMs: number, failure: FetchFailure): Promise<ScrapeOutcome> {
  await store.recordFailure({ time, durationMs, errorCode: failure.code, errorMessage: failure.message });
  return {
    time,
    ok: false,
    durationMs,
    farmers: 0,
    rejected: 0,
    duplicates: 0,
    unusual: 0,
    errorCode: failure.code,
    errorMessage: failure.message,
  };
}
