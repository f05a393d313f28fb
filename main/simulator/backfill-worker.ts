/**
 * The demo backfill's worker thread: builds, encodes and stores the simulated history on its own
 * SQLite connection, so none of it (a 25,000-farmer snapshot takes tens of milliseconds to encode,
 * and a write may wait for the aggregation fold's commit) runs on the thread that serves the API.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { describeError } from '../../shared/errors.js';
import type { OpenedRawStore } from '../store/mongodb/open-raw-store.js';
import { openDatabase, type SqliteDatabase } from '../store/sqlite/open-database.js';
import { SqliteRawStore } from '../store/sqlite/sqlite-raw-store.js';
import type { BackfillReport, BackfillWorkerData } from './backfill-protocol.js';
import { backfillHistory } from './demo-backfill.js';
import { SimulatedNetwork } from './network-model.js';

if (parentPort === null) throw new Error('main/simulator/backfill-worker.ts must run as a worker thread');
const port = parentPort;
const data = workerData as BackfillWorkerData;
const post = (report: BackfillReport): void => port.postMessage(report);
const stop = new Int32Array(data.stop);
const shouldStop = (): boolean => Atomics.load(stop, 0) !== 0;

/**
 * The store the engine writes to. The collector's validator (and the schema library it compiles
 * with, a large part of this thread's start) is loaded only for MongoDB, which checks what it reads.
 */
async function openStore(db: SqliteDatabase): Promise<OpenedRawStore> {
  if (data.rawStoreUri === null) return new SqliteRawStore(db);
  const [{ PayloadValidator }, { openRawStore }] = await Promise.all([import('../collector/validate-payload.js'), import('../store/mongodb/open-raw-store.js')]);
  return openRawStore(db, data.rawStoreUri, new PayloadValidator());
}

async function fill(): Promise<number> {
  // The engine checked the file (quick_check) when it opened it, just before starting this thread.
  const db = openDatabase(data.databaseFile, { check: false });
  try {
    const store = await openStore(db);
    try {
      return await backfillHistory(store, new SimulatedNetwork(data.network), { times: data.times }, (done, total) => post({ type: 'progress', done, total }), shouldStop, {
        turnBudgetMs: data.turnBudgetMs,
        onDiskFull: (reason, retryInMs) => post({ type: 'disk-full', reason, retryInMs }),
        ...(data.diskFullFirstWaitMs !== undefined ? { diskFullFirstWaitMs: data.diskFullFirstWaitMs } : {}),
      });
    } finally {
      if (store.kind === 'mongodb') await store.close();
    }
  } finally {
    db.close();
  }
}

try {
  post({ type: 'stored', done: await fill() });
} catch (error) {
  post({ type: 'failed', message: `filling the demo history into ${data.databaseFile}: ${describeError(error)}` });
}
