import { AppError } from '../../shared/errors.js';
import type { ImportProgress, ImportRequest } from '../../shared/model/import.js';
import type { ImportTarget } from './import-context.js';
import { executeImport, planImport } from './run-import.js';

export interface ImportRunnerOptions {
  /** Every progress event (throttled), for the engine's event hub. */
  onProgress?: (progress: ImportProgress) => void;
  /** Called after an import that ended (done, cancelled or failed), so jobs fold what it added. */
  onFinished?: (progress: ImportProgress) => void;
}

/**
 * Runs imports for the engine, the API and IPC: one at a time (a second start is a conflict),
 * cancellable by id, with the latest progress kept for `status()`.
 */
export class ImportRunner {
  private current: { id: string; abort: AbortController; finished: Promise<ImportProgress> } | null = null;
  private latest: ImportProgress | null = null;

  constructor(
    private readonly target: ImportTarget,
    private readonly options: ImportRunnerOptions = {},
  ) {}

  /** Starts an import and returns its first progress; a bad request or a running import throws an AppError. */
  start(request: ImportRequest): ImportProgress {
    if (this.current !== null) {
      throw new AppError('conflict', `an import is already running (${this.latest?.source ?? 'unknown source'}); cancel it or wait for it to finish`);
    }
    const plan = planImport(request);
    const abort = new AbortController();
    let first: ImportProgress | null = null;
    const finished = executeImport(this.target, plan, {
      signal: abort.signal,
      onProgress: (progress) => {
        first ??= progress;
        this.latest = progress;
        this.options.onProgress?.(progress);
      },
    }).then((final) => {
      this.latest = final;
      this.current = null;
      this.options.onFinished?.(final);
      return final;
    });
    // executeImport reports its start synchronously, so the import's id is known here.
    if (first === null) throw new AppError('internal', 'the import did not report its start');
    const started: ImportProgress = first;
    this.current = { id: started.id, abort, finished };
    return started;
  }

  /** Asks the running import to stop after its current batch and waits for its final progress. */
  async cancel(id: string): Promise<ImportProgress> {
    if (this.current === null || this.current.id !== id) {
      if (this.latest !== null && this.latest.id === id) return this.latest;
      throw new AppError('not_found', `no import with id ${id}`);
    }
    this.current.abort.abort();
    return this.current.finished;
  }

  /** The running import's progress, else the last one's final progress, else null. */
  status(): ImportProgress | null {
    return this.latest;
  }

  /** Resolves when the running import (if any) has ended; for shutdown. */
  async stop(): Promise<void> {
    if (this.current === null) return;
    this.current.abort.abort();
    await this.current.finished;
  }
}
