import { describeError } from '../../shared/errors.js';

/** The exit status of a run that a second Ctrl-C ended at once, and of a rebuild or import cut short (128 + SIGINT). */
export const INTERRUPTED_EXIT_CODE = 130;

const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

export interface StopRequest {
  /** Aborted on the first SIGINT/SIGTERM: long operations check it between batches. */
  readonly signal: AbortSignal;
  /** Stops listening for the signals (the run is over). */
  dispose(): void;
}

export interface StopRequestOptions {
  /** What the command does on the first signal, said to the user, e.g. "ending after the current batch". */
  action: string;
  /** Where the messages go; standard error by default. */
  log?: (line: string) => void;
  /** Ends the process (tests replace it). */
  exit?: (code: number) => never;
  /** What emits the signals: the process (tests pass an emitter of their own). */
  source?: SignalSource;
}

export interface SignalSource {
  on(event: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown;
  off(event: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown;
}

/**
 * Listens for Ctrl-C (SIGINT) and SIGTERM for the length of a command: the first one says what
 * the command now does and aborts `signal`; the second exits at once with status 130, leaving
 * whatever was half done to the next start (a stale lock is taken over, SQLite rolls back an
 * unfinished transaction).
 */
export function listenForStop(options: StopRequestOptions): StopRequest {
  const log = options.log ?? console.error;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const source = options.source ?? process;
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    if (controller.signal.aborted) {
      log(`${signal} again: exiting at once`);
      exit(INTERRUPTED_EXIT_CODE);
    }
    log(`${signal}: stopping — ${options.action} (Ctrl-C again exits at once)…`);
    controller.abort();
  };
  for (const signal of STOP_SIGNALS) source.on(signal, onSignal);
  return {
    signal: controller.signal,
    dispose: () => {
      for (const signal of STOP_SIGNALS) source.off(signal, onSignal);
    },
  };
}

/** Resolves once `signal` is aborted (at once if it already is). */
export function whenAborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}

/**
 * For commands that run until stopped: on the first SIGINT/SIGTERM runs `stop` once (saying
 * `action`, what it does) and resolves when it has finished; a second signal exits at once.
 * A failing `stop` is reported and sets exit status 1.
 */
export function stopOnSignal(stop: () => Promise<void>, action: string, options: Omit<StopRequestOptions, 'action'> = {}): Promise<void> {
  const log = options.log ?? console.error;
  const request = listenForStop({ ...options, action });
  return whenAborted(request.signal)
    .then(stop)
    .catch((error: unknown) => {
      log(`error while stopping: ${describeError(error)}`);
      process.exitCode = 1;
    })
    .finally(() => request.dispose());
}
