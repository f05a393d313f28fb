import { EventEmitter } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { NodeEvent } from '../../shared/model/node-events.js';
import type { Status } from '../../shared/model/status.js';
import type { EventConfig } from '../events/event-fold.js';
import type { CommittedRows } from './committed-rows.js';
import type { AggregationProgress, AggregationResult } from './run-aggregation.js';
import type { AggregationWorkerData, WorkerCommand, WorkerReport } from './worker-protocol.js';
import { workerEntry } from '../scheduling/worker-entry.js';

export interface AggregationWorkerOptions {
  databaseFile: string;
  rawStoreUri?: string | null;
  /** First delay before restarting a worker that died; doubles up to 30 s while it keeps dying. */
  restartDelayMs?: number;
}

type JobsStatus = Status['jobs'];

interface WorkerEvents {
  progress: [AggregationProgress];
  /** A commit's rows: the host's farmer views can move on without reading them back. */
  committed: [CommittedRows];
  /** A run finished: views may refresh; `foldedThrough` is the new reference time. */
  aggregated: [AggregationResult];
  failed: [string];
  /** Node events that are new, once stored. */
  'node-events': [NodeEvent[]];
}

const MAX_RESTART_DELAY_MS = 30_000;
/** How long a stopping worker may take to commit its batch and close before it is ended. */
const STOP_GRACE_MS = 300;

/**
 * Runs the aggregation job on a worker thread (its own SQLite connection) and keeps it running:
 * `notify()` after every stored scrape, import or backfill; `rebuild()` for a full rebuild;
 * `cancel()` stops the current run at the next batch (everything committed stays); a worker that
 * dies is restarted with backoff and resumes from its committed marker.
 */
export class AggregationWorker extends EventEmitter<WorkerEvents> {
  private worker: Worker | null = null;
  /** Whether the current worker has loaded and reads its commands. */
  private ready = false;
  private stopping = false;
  private restartDelay: number;
  private restartTimer: NodeJS.Timeout | null = null;
  private state: JobsStatus = { state: 'idle', foldedThrough: null, pendingScrapes: 0, lastError: null };
  /** The newest event configuration, sent again to a restarted worker. */
  private eventConfig: EventConfig | null = null;

  constructor(private readonly options: AggregationWorkerOptions) {
    super();
    this.restartDelay = options.restartDelayMs ?? 1000;
  }

  start(): void {
    if (this.worker !== null || this.stopping) return;
    const workerData: AggregationWorkerData = { databaseFile: this.options.databaseFile, rawStoreUri: this.options.rawStoreUri ?? null };
    const worker = new Worker(workerEntry(import.meta.url, 'worker'), { workerData });
    this.worker = worker;
    this.ready = false;
    worker.on('message', (report: WorkerReport) => this.onReport(report));
    worker.on('error', (error) => {
      this.state = { ...this.state, state: 'failed', lastError: error.message };
      this.emit('failed', error.message);
    });
    worker.on('exit', () => {
      if (this.worker === worker) this.worker = null;
      if (!this.stopping) this.scheduleRestart();
    });
    if (this.eventConfig !== null) this.send({ type: 'configure-events', config: this.eventConfig });
    // Catch up with whatever was stored while no worker ran.
    this.send({ type: 'fold' });
  }

  status(): JobsStatus {
    return { ...this.state };
  }

  /** New raw history is stored: fold it. */
  notify(): void {
    this.state = { ...this.state, pendingScrapes: this.state.pendingScrapes + 1 };
    this.send({ type: 'fold' });
  }

  /** The watched addresses or the event thresholds changed: derive the stored events for them. */
  configureEvents(config: EventConfig): void {
    this.eventConfig = config;
    this.send({ type: 'configure-events', config });
  }

  rebuild(): void {
    this.send({ type: 'rebuild' });
  }

  cancel(): void {
    this.send({ type: 'cancel' });
  }

  /**
   * Lets the current batch commit, closes the worker's connections and ends the thread. A worker
   * still loading has nothing to finish and is ended at once; one that has not ended within
   * STOP_GRACE_MS is ended too, so a stop request is honoured within a second: the job is safe to
   * kill at any point (an unfinished commit rolls back, the next run resumes from the marker).
   */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.restartTimer !== null) clearTimeout(this.restartTimer);
    const worker = this.worker;
    if (worker === null) return;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    if (!this.ready) {
      await worker.terminate();
      return;
    }
    worker.postMessage({ type: 'stop' } satisfies WorkerCommand);
    const grace = setTimeout(() => void worker.terminate(), STOP_GRACE_MS);
    await exited;
    clearTimeout(grace);
  }

  private send(command: WorkerCommand): void {
    this.worker?.postMessage(command);
  }

  private scheduleRestart(): void {
    const delay = this.restartDelay;
    this.restartDelay = Math.min(MAX_RESTART_DELAY_MS, this.restartDelay * 2);
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      this.start();
    }, delay);
  }

  private onReport(report: WorkerReport): void {
    switch (report.type) {
      case 'progress':
        this.state = { ...this.state, state: report.progress.phase === 'rebuild' ? 'rebuilding' : 'running', foldedThrough: report.progress.foldedThrough };
        this.emit('progress', report.progress);
        break;
      case 'committed':
        this.emit('committed', report.commit);
        break;
      case 'done':
        this.restartDelay = this.options.restartDelayMs ?? 1000;
        this.state = { state: 'idle', foldedThrough: report.result.foldedThrough, pendingScrapes: 0, lastError: null };
        this.emit('aggregated', report.result);
        break;
      case 'failed':
        this.state = { ...this.state, state: 'failed', lastError: report.message };
        this.emit('failed', report.message);
        break;
      case 'node-events':
        this.emit('node-events', report.events);
        break;
      case 'ready':
        this.ready = true;
        break;
      case 'stopped':
        break;
    }
  }
}
