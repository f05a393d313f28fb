import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach } from 'vitest';
import { AggregationJob } from '../../main/jobs/run-aggregation.js';
import { ignoreNewEvents } from './run-aggregation.js';
import { backfillHistory, planBackfill } from '../../main/simulator/demo-backfill.js';
import { SimulatedNetwork } from '../../main/simulator/network-model.js';
import { sequence } from '../../main/simulator/seeded-hash.js';
import { LOCK_FILE_NAME } from '../../main/store/data-dir-lock.js';
import { databaseFile } from '../../main/store/data-dir.js';
import { closeDatabase } from '../../main/store/sqlite/close-database.js';
import { openDatabase } from '../../main/store/sqlite/open-database.js';
import { SqliteRawStore } from '../../main/store/sqlite/sqlite-raw-store.js';
import { dumpAggregates, dumpFoldState } from './aggregation-fixtures.js';
import { startCli, type RunningCli } from './cli.js';

/**
 * The seed of this run's random stop points: `STOP_TEST_SEED` repeats a failed run; otherwise a
 * new one, which every failure message names.
 */
export const STOP_TEST_SEED = Number(process.env.STOP_TEST_SEED ?? Date.now() % 1_000_000);

/** A generator for one test: the run's seed mixed with the test's own label, so `-t <test>` repeats its stop point. */
export function randomFor(label: string): () => number {
  let hash = STOP_TEST_SEED;
  for (const char of label) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
  return sequence(hash);
}

export interface StoppedRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Milliseconds from the signal to the process's end. */
  stopMs: number;
  output: string;
}

/** Sends `signal` (SIGINT by default) now and waits for the process to end. */
export async function interrupt(run: RunningCli, signal: NodeJS.Signals = 'SIGINT'): Promise<StoppedRun> {
  const sent = performance.now();
  run.child.kill(signal);
  const ended = await run.exited;
  return { code: ended.code, signal: ended.signal, stopMs: ended.at - sent, output: run.output() };
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function scratchFolder(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A data directory with `days` of simulated history of about `farmers` farmers, stored in-process (no aggregates yet). */
export async function simulatedStore(dataDir: string, days: number, farmers: number): Promise<void> {
  const db = openDatabase(databaseFile(dataDir));
  try {
    const network = new SimulatedNetwork({ farmers, seed: 'stop-tests' });
    const now = Date.UTC(2026, 0, 31);
    await backfillHistory(new SqliteRawStore(db), network, planBackfill(now, null, days));
  } finally {
    closeDatabase(db);
  }
}

export function copyFolder(from: string, prefix: string): string {
  const to = scratchFolder(prefix);
  cpSync(from, to, { recursive: true });
  return to;
}

export function removeFolder(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** What a clean stop leaves behind that it should not: the lock, and write-ahead logs with content. */
export function leftovers(dataDir: string): string[] {
  return readdirSync(dataDir).filter((name) => name === LOCK_FILE_NAME || (name.endsWith('-wal') && statSync(join(dataDir, name)).size > 0));
}

/** SQLite's full check of every page and index; 'ok' when sound. */
export function integrity(dataDir: string): string {
  const db = new Database(databaseFile(dataDir), { readonly: true, fileMustExist: true });
  try {
    return db.pragma('integrity_check', { simple: true }) as string;
  } finally {
    db.close();
  }
}

/**
 * The aggregates after folding whatever the stopped run left unfolded, and those of a full rebuild
 * of the same raw history (on a copy): equal when the stop left the aggregates consistent.
 */
export async function foldedAndRebuilt(dataDir: string): Promise<{ folded: unknown; rebuilt: unknown }> {
  const aggregates = async (dir: string, rebuild: boolean): Promise<unknown> => {
    const db = openDatabase(databaseFile(dir));
    try {
      const store = new SqliteRawStore(db);
      await new AggregationJob(db, store, ignoreNewEvents).run({ rebuild });
      // With nothing stored a fold has nothing to commit while a rebuild commits its empty state: both mean "no history".
      const stored = (await store.counts()).scrapes > 0;
      return { tables: dumpAggregates(db), state: stored ? await dumpFoldState(db) : null };
    } finally {
      closeDatabase(db);
    }
  };
  const copy = copyFolder(dataDir, 'stop-rebuild-');
  try {
    return { folded: await aggregates(dataDir, false), rebuilt: await aggregates(copy, true) };
  } finally {
    removeFolder(copy);
  }
}

export function hasStore(dataDir: string): boolean {
  return existsSync(databaseFile(dataDir));
}

/**
 * Scratch folders and the command under test, for one test file: after each test the command is
 * SIGKILLed if it still runs and the folders are removed.
 */
export function scratchRuns(): { folder(prefix: string): string; adopt(dir: string): string; start(args: string[]): RunningCli } {
  const folders: string[] = [];
  let running: RunningCli | null = null;
  afterEach(() => {
    running?.child.kill('SIGKILL');
    running = null;
    for (const dir of folders.splice(0)) removeFolder(dir);
  });
  const adopt = (dir: string): string => {
    folders.push(dir);
    return dir;
  };
  return {
    folder: (prefix) => adopt(scratchFolder(prefix)),
    adopt,
    start: (args) => (running = startCli(args)),
  };
}
