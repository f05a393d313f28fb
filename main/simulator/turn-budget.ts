import { performance } from 'node:perf_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * Measures the work done in the current turn of the event loop and gives the loop a turn when
 * asked to. SQLite work and the simulator never wait on I/O, so without these turns a request,
 * a signal or a stop would wait for the whole backfill.
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
}

/** Milliseconds a store takes per farmer row, learnt from the batches it has stored. */
export class StoreCost {
  /** A first guess above this machine's measure (about 0.35 µs per row at 1,000 to 25,000 farmers). */
  private msPerRow = 0.001;

  estimate(rows: number): number {
    return rows * this.msPerRow;
  }

  /** Follows the measured cost, quickly upwards (a slower disk) and slowly downwards. */
  learn(rows: number, ms: number): void {
    if (rows === 0) return;
    const measured = ms / rows;
    this.msPerRow = measured > this.msPerRow ? measured : this.msPerRow * 0.8 + measured * 0.2;
  }
}
