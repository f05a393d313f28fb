import { performance } from 'node:perf_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * Measures the work done in the current turn of the event loop and gives the loop a turn when
 * asked to. SQLite work, the simulator and a file import's parsing never wait on I/O, so without
 * these turns a request, a signal or a stop would wait for a whole backfill or import.
 */
export class TurnBudget {
  private startedAt = performance.now();

  constructor(readonly budgetMs: number) {}

  /** Milliseconds of work in this turn so far. */
  elapsed(): number {
    return performance.now() - this.startedAt;
  }

  /** True when `moreMs` of work would take this turn past its budget. */
  wouldExceed(moreMs: number): boolean {
    return this.elapsed() + moreMs > this.budgetMs;
  }

  /** Lets timers, I/O and requests run, then starts a new turn's budget. */
  async yield(): Promise<void> {
    await nextTurn();
    this.startedAt = performance.now();
  }

  /** Yields when this turn has used up its budget. */
  async yieldWhenSpent(): Promise<void> {
    if (this.elapsed() >= this.budgetMs) await this.yield();
  }
}
