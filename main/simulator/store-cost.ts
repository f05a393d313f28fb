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
