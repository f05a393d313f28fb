import { Worker } from 'node:worker_threads';
import { BACKFILL_THREAD_STOP_GRACE_MS, BACKFILL_THREAD_TURN_MS } from '../../shared/defaults.js';
import type { BackfillReport, BackfillWorkerData } from './backfill-protocol.js';
import { reportDiskFull, type BackfillPlan, type DiskFullOptions } from './demo-backfill.js';
import type { SimulatedNetwork } from './network-model.js';
import { workerEntry } from '../scheduling/worker-entry.js';

export interface ThreadBackfill extends DiskFullOptions {
  /** The store's SQLite file (the address dictionary, and the raw history unless `rawStoreUri`). */
  databaseFile: string;
  rawStoreUri: string | null;
  network: SimulatedNetwork;
  plan: BackfillPlan;
  onProgress?: (done: number, total: number) => void;
  /** Aborting it stops the backfill after the batch it is storing. */
  signal?: AbortSignal;
  /** Work between two looks at the stop flag (tests shorten it); default BACKFILL_THREAD_TURN_MS. */
  turnBudgetMs?: number;
}

/**
 * Fills history like `backfillHistory`, on a worker thread with its own connection: the thread
 * calling this only hears of the progress, so its event loop (the API's) never waits for a
 * snapshot to be built, encoded or written. Resolves with the number of scrapes stored; a stop
 * (`signal`) is honoured after the batch being stored, and a thread that has not ended
 * BACKFILL_THREAD_STOP_GRACE_MS later is ended, which rolls back its open transaction, as a kill
 * would: every batch is one transaction, so the store keeps whole scrapes only.
 */
export function backfillInThread(job: ThreadBackfill): Promise<number> {
  const stop = new SharedArrayBuffer(4);
  const workerData: BackfillWorkerData = {
    databaseFile: job.databaseFile,
    rawStoreUri: job.rawStoreUri,
    network: job.network.options,
    times: job.plan.times,
    stop,
    turnBudgetMs: job.turnBudgetMs ?? BACKFILL_THREAD_TURN_MS,
    ...(job.diskFullFirstWaitMs !== undefined ? { diskFullFirstWaitMs: job.diskFullFirstWaitMs } : {}),
  };
  return new Promise<number>((resolve, reject) => {
    const worker = new Worker(workerEntry(import.meta.url, 'backfill-worker'), { workerData });
    let done = 0;
    let outcome: { stored: number } | { failed: Error } | null = null;
    let grace: NodeJS.Timeout | null = null;
    const onAbort = (): void => {
      Atomics.store(new Int32Array(stop), 0, 1);
      grace = setTimeout(() => void worker.terminate(), BACKFILL_THREAD_STOP_GRACE_MS);
    };
    if (job.signal?.aborted === true) onAbort();
    else job.signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (report: BackfillReport) => {
      if (report.type === 'progress') {
        done = report.done;
        job.onProgress?.(report.done, report.total);
      } else if (report.type === 'disk-full') (job.onDiskFull ?? reportDiskFull)(report.reason, report.retryInMs);
      else if (report.type === 'stored') outcome = { stored: report.done };
      else outcome = { failed: new Error(report.message) };
    });
    worker.on('error', (error) => (outcome ??= { failed: error }));
    worker.on('exit', () => {
      if (grace !== null) clearTimeout(grace);
      job.signal?.removeEventListener('abort', onAbort);
      if (outcome === null) {
        // Ended by the stop's grace: what it had reported stored is stored, the open batch is not.
        if (job.signal?.aborted === true) resolve(done);
        else reject(new Error('the backfill thread ended without saying how far it got'));
      } else if ('failed' in outcome) reject(outcome.failed);
      else resolve(outcome.stored);
    });
  });
}
