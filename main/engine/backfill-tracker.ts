import type { BackfillProgress } from '../../shared/model/status.js';
import { BACKFILL_REPORT_MS, MS_PER_SECOND } from '../../shared/defaults.js';

/**
 * How far the demo backfill is, for the status: it reports every batch it stores; the status and
 * the aggregation jobs hear of it at most every BACKFILL_REPORT_MS, so views show it live and the
 * fold keeps pace with the history instead of starting once it is all stored.
 */
export class BackfillTracker {
  private current: BackfillProgress | null = null;
  private reportedAt = 0;

  constructor(
    private readonly onReport: () => void,
    private readonly clock: () => number = Date.now,
  ) {}

  get running(): boolean {
    return this.current !== null;
  }

  /** Null when no backfill runs. */
  progress(): BackfillProgress | null {
    return this.current;
  }

  start(): void {
    this.current = { done: 0, total: 0, days: 0, startedAt: this.clock(), remainingSeconds: null };
    this.reportedAt = this.clock();
  }

  /** `done` of `total` scrapes stored, covering `days` of history. */
  report(done: number, total: number, days: number): void {
    if (this.current === null) return;
    const now = this.clock();
    const elapsed = now - this.current.startedAt;
    const remainingSeconds = done > 0 && done < total ? Math.ceil(((elapsed / done) * (total - done)) / MS_PER_SECOND) : done >= total ? 0 : null;
    this.current = { ...this.current, done, total, days, remainingSeconds };
    if (now - this.reportedAt < BACKFILL_REPORT_MS && done < total) return;
    this.reportedAt = now;
    this.onReport();
  }

  finish(): void {
    this.current = null;
  }
}
