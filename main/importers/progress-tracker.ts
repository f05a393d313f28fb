import { randomUUID } from 'node:crypto';
import type { ImportProgress } from '../../shared/model/import.js';
import type { TimeSpan } from '../../shared/model/network.js';

/** Problems listed in the progress; past this only the count grows (a dump can hold millions). */
export const MAX_LISTED_ERRORS = 50;
/** Progress events at most this often, so a fast import does not flood the UI or IPC. */
const EMIT_INTERVAL_MS = 100;

/** The step an import reports before its first real step has begun. */
export const STARTING_STEP = 'starting';

export type ProgressListener = (progress: ImportProgress) => void;

/** Keeps one import's `ImportProgress` and reports it, throttled, to the listener. */
export class ProgressTracker {
  readonly progress: ImportProgress;
  private lastEmit = 0;

  constructor(
    source: string,
    private readonly listener: ProgressListener | undefined,
    private readonly now: () => number = Date.now,
  ) {
    this.progress = {
      id: randomUUID(),
      state: 'running',
      source,
      step: STARTING_STEP,
      done: 0,
      total: null,
      imported: 0,
      skipped: 0,
      rejected: 0,
      errors: [],
      problems: 0,
      startedAt: now(),
      finishedAt: null,
    };
  }

  /** Reports the import's start (synchronously, so a caller learns its id at once). */
  begin(): void {
    this.emit(true);
  }

  step(name: string, unit: 'documents' | 'rows' | 'bytes', total: number | null, done = 0): void {
    this.progress.step = name;
    this.progress.unit = unit;
    this.progress.total = total;
    this.progress.done = done;
    this.emit(true);
  }

  advance(done: number): void {
    this.progress.done = done;
    this.emit(false);
  }

  /** Records added and already present; `span` (their scrape times) widens the range the import brought. */
  count(imported: number, skipped: number, span?: TimeSpan | null): void {
    this.progress.imported += imported;
    this.progress.skipped += skipped;
    if (span === undefined) return;
    const range = this.progress.range ?? null;
    if (span === null) this.progress.range = range;
    else this.progress.range = range === null ? { ...span } : { from: Math.min(range.from, span.from), to: Math.max(range.to, span.to) };
  }

  /** A record that could not be imported: counted as rejected, with what and where. */
  reject(message: string): void {
    this.progress.rejected++;
    this.problem(message);
  }

  /** A problem that is not a whole rejected record (bad entries inside a kept document, a truncated tail). */
  problem(message: string): void {
    this.progress.problems = (this.progress.problems ?? 0) + 1;
    if (this.progress.errors.length < MAX_LISTED_ERRORS) this.progress.errors.push(message);
  }

  /** Why the import stopped: listed first, whatever else was listed before. */
  fail(message: string): ImportProgress {
    this.progress.problems = (this.progress.problems ?? 0) + 1;
    this.progress.errors.unshift(message);
    if (this.progress.errors.length > MAX_LISTED_ERRORS) this.progress.errors.length = MAX_LISTED_ERRORS;
    return this.finish('failed');
  }

  finish(state: 'done' | 'failed' | 'cancelled'): ImportProgress {
    this.progress.state = state;
    this.progress.finishedAt = this.now();
    this.emit(true);
    return this.snapshot();
  }

  snapshot(): ImportProgress {
    const range = this.progress.range;
    return { ...this.progress, errors: [...this.progress.errors], ...(range ? { range: { ...range } } : {}) };
  }

  private emit(force: boolean): void {
    if (this.listener === undefined) return;
    const now = this.now();
    if (!force && now - this.lastEmit < EMIT_INTERVAL_MS) return;
    this.lastEmit = now;
    this.listener(this.snapshot());
  }
}
