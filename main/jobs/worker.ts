/**
 * The aggregation worker thread: a thin shell around `AggregationJob` with its own SQLite
 * connection, so folding never blocks the thread that serves the UI and the API. Commands are
 * queued: a `fold` that arrives during a run makes exactly one more run afterwards, and the
 * newest `configure-events` is applied before it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { NodeEvent } from '../../shared/model/node-events.js';
import { describeError } from '../../shared/errors.js';
import { PayloadValidator } from '../collector/validate-payload.js';
import type { EventConfig } from '../events/event-fold.js';
import { enqueueAlerts } from '../alerts/outbox.js';
import { committedEvents, type NewEventsHook } from '../events/event-tables.js';
import { openRawStore } from '../store/mongodb/open-raw-store.js';
import { openDatabase } from '../store/sqlite/open-database.js';
import { AggregationJob } from './run-aggregation.js';
import type { AggregationWorkerData, WorkerCommand, WorkerReport } from './worker-protocol.js';

if (parentPort === null) throw new Error('main/jobs/worker.ts must run as a worker thread');
const port = parentPort;
const data = workerData as AggregationWorkerData;
const post = (report: WorkerReport): void => port.postMessage(report);

// The engine checked the file (quick_check) when it opened it, just before starting this thread.
const db = openDatabase(data.databaseFile, { check: false });
const store = await openRawStore(db, data.rawStoreUri, new PayloadValidator());

/**
 * New events handed over inside their transaction: put in the alert outbox there (so an alert
 * exists exactly when its event does), and announced to the host once the transaction has committed.
 */
let collected: NodeEvent[] = [];
const onNewEvents: NewEventsHook = (transaction, events) => {
  enqueueAlerts(transaction, events, Date.now());
  collected.push(...events);
};
function announceCommitted(): void {
  if (collected.length === 0) return;
  const events = committedEvents(db, collected);
  collected = [];
  if (events.length > 0) post({ type: 'node-events', events });
}

/**
 * Each commit's rows go to the host at once (their buffer moves instead of being copied: 250,000
 * rows in a rebuild's first commit), and only then is the WAL checkpointed. Left to SQLite, the
 * checkpoint ran inside COMMIT after the commit was visible to readers, with its fsyncs: the host
 * saw the new header tens of milliseconds before the rows and read them back from the store.
 */
db.pragma('wal_autocheckpoint = 0');
const job = new AggregationJob(db, store, onNewEvents, (commit) => {
  port.postMessage({ type: 'committed', commit } satisfies WorkerReport, [commit.rows.buffer]);
  db.pragma('wal_checkpoint(PASSIVE)');
});

let running = false;
let foldRequested = false;
let rebuildRequested = false;
let stopRequested = false;
let eventConfig: EventConfig | null = null;
let controller: AbortController | null = null;
/** Only a stop aborts deriving the events of newly watched addresses; `cancel` is for folds. */
const stopping = new AbortController();

async function configureEvents(): Promise<void> {
  const config = eventConfig;
  if (config === null) return;
  eventConfig = null;
  try {
    // Backfilling a long history can take a while: a stop aborts it, and the next start sends the settings again.
    await job.configureEvents(config, stopping.signal);
  } catch (error) {
    post({ type: 'failed', message: `deriving the events of the watched addresses: ${describeError(error)}` });
  }
}

async function foldOnce(): Promise<void> {
  const rebuild = rebuildRequested;
  foldRequested = false;
  rebuildRequested = false;
  controller = new AbortController();
  try {
    const result = await job.run({
      rebuild,
      signal: controller.signal,
      onProgress: (progress) => {
        post({ type: 'progress', progress });
        announceCommitted();
      },
    });
    announceCommitted();
    post({ type: 'done', result });
  } catch (error) {
    announceCommitted();
    post({ type: 'failed', message: describeError(error) });
  }
}

async function drain(): Promise<void> {
  if (running) return;
  running = true;
  try {
    while ((foldRequested || rebuildRequested || eventConfig !== null) && !stopRequested) {
      await configureEvents();
      if (foldRequested || rebuildRequested) await foldOnce();
    }
  } finally {
    controller = null;
    running = false;
  }
  if (stopRequested) await shutdown();
}

async function shutdown(): Promise<void> {
  await store.close();
  if (db.open) db.close();
  post({ type: 'stopped' });
  port.close();
}

port.on('message', (command: WorkerCommand) => {
  switch (command.type) {
    case 'fold':
      foldRequested = true;
      break;
    case 'rebuild':
      rebuildRequested = true;
      break;
    case 'configure-events':
      eventConfig = command.config;
      break;
    case 'cancel':
      foldRequested = false;
      rebuildRequested = false;
      controller?.abort();
      return;
    case 'stop':
      stopRequested = true;
      stopping.abort();
      controller?.abort();
      if (!running) void shutdown();
      return;
  }
  void drain();
});

post({ type: 'ready' });
