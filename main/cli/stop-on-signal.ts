import { constants } from 'node:os';
import { describeError } from '../../shared/errors.js';

/** The exit status of a rebuild or import cut short by Ctrl-C: 128 + SIGINT, what a shell shows for a run a second Ctrl-C ended. */
export const INTERRUPTED_EXIT_CODE = 130;

/** How long a signal sent to this process may take to end it before the fallback exit. */
const SELF_SIGNAL_GRACE_MS = 500;

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
  /** Ends the process at once on the second signal (tests replace it). */
  exitAtOnce?: (signal: NodeJS.Signals) => never;
  /** What emits the signals: the process (tests pass an emitter of their own). */
  source?: SignalSource;
}

export interface SignalSource {
  on(event: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown;
  off(event: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown;
}

/**
 * Ends the process the way an unhandled `signal` does: at once, with no exit handlers and no
 * teardown of worker threads. `process.exit` stops each worker and runs its cleanup, and Node 20
 * aborts with a native crash report when that cleanup meets a zlib stream the worker had made
 * but not yet initialised. Dying by the signal is also what a shell expects of Ctrl-C: it shows
 * status 128 + the signal's number and stops a script that ran the command.
 */
export function exitBySignal(signal: NodeJS.Signals): never {
  process.removeAllListeners(signal);
  process.kill(process.pid, signal);
  // The default action normally ends the process as the kill returns; wait briefly in case another thread takes it.
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, SELF_SIGNAL_GRACE_MS);
  process.exit(128 + constants.signals[signal]);
}

/**
 * Listens for Ctrl-C (SIGINT) and SIGTERM for the length of a command: the first one says what
 * the command now does and aborts `signal`; the second ends the process at once by that signal
 * (a shell shows status 130 for Ctrl-C), leaving whatever was half done to the next start (a
 * stale lock is taken over, SQLite rolls back an unfinished transaction).
 */
export function listenForStop(options: StopRequestOptions): StopRequest {
  const log = options.log ?? console.error;
  const exitAtOnce = options.exitAtOnce ?? exitBySignal;
  const source = options.source ?? process;
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    if (controller.signal.aborted) {
      log(`${signal} again: exiting at once`);
      exitAtOnce(signal);
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
