export type Stopper = () => void | Promise<void>;

/**
 * What the engine started, in start order. `stop()` runs the stoppers in reverse, so a component
 * stops only after everything that depends on it (the database closes after every writer), and
 * a failed start undoes exactly what had already started.
 */
export class StopStack {
  readonly #stoppers: Stopper[] = [];
  #stopping: Promise<void> | null = null;

  push(stopper: Stopper): void {
    this.#stoppers.push(stopper);
  }

  /** True once `stop()` was called: late callbacks (a status push) must not touch closed parts. */
  get stopping(): boolean {
    return this.#stopping !== null;
  }

  /** Idempotent: every caller waits for the one shutdown. */
  stop(): Promise<void> {
    this.#stopping ??= (async () => {
      for (const stopper of this.#stoppers.reverse()) await stopper();
    })();
    return this.#stopping;
  }
}
