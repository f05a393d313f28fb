import { setImmediate as nextTurn } from 'node:timers/promises';
import { DEFAULT_INTERVAL_SECONDS, DEMO_HISTORY_DAYS, MS_PER_DAY, MS_PER_MINUTE, MS_PER_SECOND } from '../../shared/defaults.js';
import { describeError } from '../../shared/errors.js';
import { PayloadValidator } from '../collector/validate-payload.js';
import { ingestScrape } from '../collector/ingest.js';
import type { RawStore } from '../store/raw-store.js';
import type { SimulatedNetwork } from './network-model.js';
import { renderOnline, renderTotal } from './server.js';

/** The backfill scrapes on the grid a collector with the default interval would have used. */
export const BACKFILL_STEP_MS = DEFAULT_INTERVAL_SECONDS * MS_PER_SECOND;

export interface BackfillPlan {
  /** Scrape times still to fill, oldest first. */
  times: number[];
}

/**
 * The scrape times of `days` of history ending at `now`, every five minutes, on the same grid as
 * a collector that started back then; times at or before `newestStored` are already in the store,
 * so an interrupted backfill resumes where it stopped and a full one is skipped.
 */
export function planBackfill(now: number, newestStored: number | null, days = DEMO_HISTORY_DAYS, stepMs = BACKFILL_STEP_MS): BackfillPlan {
  const last = now - (now % stepMs);
  const first = last - days * MS_PER_DAY + stepMs;
  const times: number[] = [];
  for (let time = first; time <= last; time += stepMs) {
    if (newestStored === null || time > newestStored) times.push(time);
  }
  return { times };
}

/** Waits after a full disk: the first, doubling up to the last, so space freed is used soon. */
export const DISK_FULL_FIRST_WAIT_MS = 5 * MS_PER_SECOND;
export const DISK_FULL_MAX_WAIT_MS = MS_PER_MINUTE;
/** How often a pause looks at `shouldStop`, so Ctrl-C is not held up by a long wait. */
const STOP_POLL_MS = 100;

export interface DiskFullOptions {
  /** Told each time a full disk pauses the backfill; the same scrape is retried after `retryInMs`. */
  onDiskFull?: (reason: string, retryInMs: number) => void;
  /** First wait after a full disk (tests shorten it); it doubles up to DISK_FULL_MAX_WAIT_MS. */
  diskFullFirstWaitMs?: number;
}

function errorCode(error: unknown): string | null {
  if (typeof error !== 'object' || error === null || !('code' in error)) return null;
  return typeof error.code === 'string' ? error.code : null;
}

/** SQLite's "database or disk is full", or the OS's ENOSPC (a WAL or temp file that could not grow). */
export function isDiskFull(error: unknown): boolean {
  const code = errorCode(error);
  return code === 'SQLITE_FULL' || code === 'ENOSPC' || (code?.startsWith('SQLITE_IOERR') === true && describeError(error).includes('disk is full'));
}

async function pause(ms: number, shouldStop: () => boolean): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until && !shouldStop()) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(STOP_POLL_MS, until - Date.now())));
  }
}

function reportDiskFull(reason: string, retryInMs: number): void {
  console.error(`disk full while filling the demo history (${reason}): paused, retrying in ${Math.round(retryInMs / MS_PER_SECOND)} s; free some space`);
}

/**
 * Stores one scrape, pausing and retrying while the disk is full: each scrape is one transaction,
 * so a failed attempt leaves nothing behind and the retry stores it whole. False when stopped.
 */
async function storeRetryingWhileFull(store: () => Promise<unknown>, options: DiskFullOptions, shouldStop: () => boolean): Promise<boolean> {
  let wait = options.diskFullFirstWaitMs ?? DISK_FULL_FIRST_WAIT_MS;
  for (;;) {
    try {
      await store();
      return true;
    } catch (error) {
      if (!isDiskFull(error)) throw error;
      (options.onDiskFull ?? reportDiskFull)(describeError(error), wait);
      await pause(wait, shouldStop);
      if (shouldStop()) return false;
      wait = Math.min(wait * 2, DISK_FULL_MAX_WAIT_MS);
    }
  }
}

/**
 * Fills history as if it had been scraped: the simulated network's answer at each time is
 * rendered to the same JSON the server sends and stored through the real ingest path. A full disk
 * pauses it (said through `onDiskFull`) until space is freed or it is stopped.
 */
export async function backfillHistory(
  store: RawStore,
  network: SimulatedNetwork,
  plan: BackfillPlan,
  onProgress: (done: number, total: number) => void = () => undefined,
  shouldStop: () => boolean = () => false,
  diskFull: DiskFullOptions = {},
): Promise<number> {
  const validator = new PayloadValidator();
  let done = 0;
  for (const time of plan.times) {
    if (shouldStop()) break;
    const state = network.stateAt(time);
    const payload = { online: renderOnline(state), total: renderTotal(state) };
    if (!(await storeRetryingWhileFull(() => ingestScrape(store, payload, time, { validator }), diskFull, shouldStop))) break;
    done++;
    // SQLite stores synchronously: without a turn of the event loop between scrapes, Ctrl-C and
    // the dashboard's requests would wait for the whole backfill.
    await nextTurn();
    if (done % 48 === 0 || done === plan.times.length) onProgress(done, plan.times.length);
  }
  return done;
}
