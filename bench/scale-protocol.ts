/**
 * What the scale benchmark asks its child processes (bench/scale-child.ts) and what they answer.
 * Each store is worked on in a child of its own, so its memory is released when it ends and its
 * peak RSS is the store's work alone, not the benchmark's data generators.
 */
import type { DataKind } from './scale-figures.js';

/** Feed the scrapes `first`…`first + count - 1` from `bodiesDir` (bench/scale-bodies.ts) into the store; time all but the first `warmup`. */
export interface FeedRequest {
  mode: 'feed';
  file: string;
  bodiesDir: string;
  first: number;
  count: number;
  warmup: number;
}

/**
 * Write `scrapes` scrapes of `farmers` farmers of the kind, five minutes apart from `start`,
 * straight from the model into a new store (no JSON, no aggregation): a history to rebuild.
 */
export interface HistoryRequest {
  mode: 'history';
  file: string;
  kind: DataKind;
  farmers: number;
  scrapes: number;
  start: number;
}

/** Rebuild the store's aggregates from its raw scrapes. */
export interface RebuildRequest {
  mode: 'rebuild';
  file: string;
}

/** Write `scrapes` scrapes of `farmers` farmers, aggregated after each, into a new store and measure its size. */
export interface DiskRequest {
  mode: 'disk';
  file: string;
  kind: DataKind;
  farmers: number;
  scrapes: number;
}

export type ScaleRequest = FeedRequest | HistoryRequest | RebuildRequest | DiskRequest;

/** `process.resourceUsage().maxRSS`: the child's peak resident set, in KiB. */
interface Peak {
  maxRssKib: number;
}

export interface FeedAnswer extends Peak {
  /** Ingest + aggregates of each timed scrape, in ms. */
  scrapeMs: number[];
}

export interface HistoryAnswer extends Peak {
  observations: number;
}

export interface RebuildAnswer extends Peak {
  observations: number;
  seconds: number;
}

export interface DiskAnswer extends Peak {
  /** Database and WAL after a checkpoint, once after the first scrape and once at the end. */
  firstBytes: number;
  firstObservations: number;
  bytes: number;
  observations: number;
}

export interface ScaleAnswers {
  feed: FeedAnswer;
  history: HistoryAnswer;
  rebuild: RebuildAnswer;
  disk: DiskAnswer;
}

/** A child's message: its answer, or what went wrong. */
export type ChildMessage<T> = { ok: true; answer: T } | { ok: false; error: string };
