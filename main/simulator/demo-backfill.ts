import { performance } from 'node:perf_hooks';
import {
  BACKFILL_SCRAPES_PER_TRANSACTION,
  TURN_BUDGET_MS,
  DEFAULT_INTERVAL_SECONDS,
  DEMO_HISTORY_DAYS,
  MS_PER_DAY,
  MS_PER_MINUTE,
  MS_PER_SECOND,
} from '../../shared/defaults.js';
import { describeError } from '../../shared/errors.js';
import type { FarmerEntry } from '../../shared/model/dataserv.js';
import type { NewScrape, RawStore } from '../store/raw-store.js';
import { SqliteRawStore } from '../store/sqlite/sqlite-raw-store.js';
import { AddressWarmUp } from '../store/sqlite/address-warm-up.js';
import { ListedFarmers, type NetworkState, type SimulatedNetwork } from './network-model.js';
import { TurnBudget } from '../scheduling/turn-budget.js';
import { StoreCost } from './store-cost.js';

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

export function reportDiskFull(reason: string, retryInMs: number): void {
  console.error(`disk full while filling the demo history (${reason}): paused, retrying in ${Math.round(retryInMs / MS_PER_SECOND)} s; free some space`);
}

/** SQLite's "database is locked": another connection (the aggregation fold) held the write lock past the busy timeout. */
export function isBusy(error: unknown): boolean {
  const code = errorCode(error);
  return code === 'SQLITE_BUSY' || code?.startsWith('SQLITE_BUSY_') === true;
}

/** Wait before writing again after the fold held the write lock past SQLite's busy timeout. */
const BUSY_RETRY_MS = 50;

/**
 * Runs a write, pausing and retrying while the disk is full or another connection holds the write
 * lock: each write is one transaction, so a failed attempt leaves nothing behind and the retry
 * stores it whole. False when stopped.
 */
async function retryingWhileFull(write: () => unknown, options: DiskFullOptions, shouldStop: () => boolean): Promise<boolean> {
  let wait = options.diskFullFirstWaitMs ?? DISK_FULL_FIRST_WAIT_MS;
  for (;;) {
    try {
      await write();
      return true;
    } catch (error) {
      if (isBusy(error)) {
        await pause(BUSY_RETRY_MS, shouldStop);
        if (shouldStop()) return false;
        continue;
      }
      if (!isDiskFull(error)) throw error;
      (options.onDiskFull ?? reportDiskFull)(describeError(error), wait);
      await pause(wait, shouldStop);
      if (shouldStop()) return false;
      wait = Math.min(wait * 2, DISK_FULL_MAX_WAIT_MS);
    }
  }
}

export interface BackfillOptions extends DiskFullOptions {
  /** Work per turn of the event loop (tests shorten it); default TURN_BUDGET_MS. */
  turnBudgetMs?: number;
}

/** A scrape built from the model, with how long building it took (its log row's duration). */
interface BuiltScrape {
  state: NetworkState;
  durationMs: number;
}

/** New addresses in one scrape above which they are added ahead of it, a slice per turn. */
const WARM_UP_ABOVE = 2_000;
const WARM_UP_SLICE = 1_000;
/**
 * Whether to count the scrape's new addresses: only a run's first scrape can bring many (after it
 * a slot gets a new farmer every 10–90 days, a handful of addresses per scrape), and only one of
 * more than WARM_UP_ABOVE / 2 farmers (a farmer and a payout address each at most). Counting every
 * scrape cost about a tenth of a backfill.
 */
const mayBringMany = (index: number, state: NetworkState): boolean => index === 0 && state.farmers.length * 2 > WARM_UP_ABOVE;
/** Slots the model computes between looks at the turn's budget (a few ms for slots seen before). */
const SLOTS_PER_STEP = 256;

/** What one backfill run works with. */
interface BackfillRun {
  store: RawStore;
  network: SimulatedNetwork;
  times: readonly number[];
  turn: TurnBudget;
  cost: StoreCost;
  warmUp: AddressWarmUp | null;
  shouldStop: () => boolean;
  diskFull: DiskFullOptions;
  /** What the run has listed: a state without a newcomer is built without the server's order. */
  listed: ListedFarmers;
}

/** The state at `time`, built across turns when it takes longer than one; null when stopped meanwhile. */
async function buildScrape(run: BackfillRun, time: number): Promise<BuiltScrape | null> {
  // Only the model's own work counts, not the turns given away in between.
  let workingMs = 0;
  const builder = run.network.stateBuilder(time, run.listed);
  for (;;) {
    const step = performance.now();
    const complete = builder.addSlots(SLOTS_PER_STEP);
    workingMs += performance.now() - step;
    if (complete) break;
    if (run.turn.wouldExceed(0)) {
      await run.turn.yield();
      if (run.shouldStop()) return null;
    }
  }
  const finishing = performance.now();
  const state = builder.finish();
  return { state, durationMs: workingMs + performance.now() - finishing };
}

/** Adds the scrape's new addresses a slice per turn, when there are many. False when stopped. */
async function warmUpAddresses(run: BackfillRun, farmers: readonly FarmerEntry[]): Promise<boolean> {
  const warmUp = run.warmUp;
  if (warmUp === null) return true;
  // The payout list is made only once the farmers are in: its order follows their ids.
  for (const list of [() => warmUp.farmerAddresses(farmers), () => warmUp.payoutAddresses(farmers)]) {
    const addresses = list();
    for (let from = 0; from < addresses.length; from += WARM_UP_SLICE) {
      if (run.turn.wouldExceed(0)) await run.turn.yield();
      if (run.shouldStop()) return false;
      if (!(await retryingWhileFull(() => warmUp.add(addresses.slice(from, from + WARM_UP_SLICE)), run.diskFull, run.shouldStop))) return false;
    }
  }
  return true;
}

/**
 * The next scrapes to store in one transaction: as many as this turn's budget holds, counting the
 * store's learnt cost. The run's first scrape, if it brings many new addresses, is stored after
 * they are added. Null when stopped.
 */
async function nextBatch(run: BackfillRun, first: number): Promise<BuiltScrape[] | null> {
  const batch: BuiltScrape[] = [];
  let rows = 0;
  while (first + batch.length < run.times.length && batch.length < BACKFILL_SCRAPES_PER_TRANSACTION) {
    const index = first + batch.length;
    const scrape = await buildScrape(run, run.times[index]!);
    if (scrape === null) return null;
    if (run.warmUp !== null && mayBringMany(index, scrape.state) && run.warmUp.unknownIn(scrape.state.farmers) > WARM_UP_ABOVE) {
      if (!(await warmUpAddresses(run, scrape.state.farmers))) return null;
    }
    batch.push(scrape);
    rows += scrape.state.farmers.length;
    // Room for one more scrape like this one, built and stored, in this turn?
    if (run.turn.wouldExceed(scrape.durationMs + run.cost.estimate(rows + scrape.state.farmers.length))) break;
  }
  return batch;
}

function newScrape({ state, durationMs }: BuiltScrape): NewScrape {
  const { total } = state;
  return {
    time: state.time,
    durationMs,
    source: 'collector',
    farmers: state.farmers,
    total: { id: total.id, totalTB: total.total_TB, totalFarmers: total.total_farmers },
    rejected: 0,
    duplicates: 0,
    rejections: [],
  };
}

/** Stores a batch in one transaction, after a turn of its own if it would not fit in this one. */
async function storeBatch(run: BackfillRun, batch: readonly BuiltScrape[]): Promise<boolean> {
  const rows = batch.reduce((sum, scrape) => sum + scrape.state.farmers.length, 0);
  if (run.turn.wouldExceed(run.cost.estimate(rows))) {
    await run.turn.yield();
    if (run.shouldStop()) return false;
  }
  const scrapes = batch.map(newScrape);
  return retryingWhileFull(
    async () => {
      const started = performance.now();
      await run.store.appendScrapes(scrapes);
      run.cost.learn(rows, performance.now() - started);
    },
    run.diskFull,
    run.shouldStop,
  );
}

/** The warm-up for stores that keep their address dictionary in this process's SQLite. */
function warmUpFor(store: RawStore): AddressWarmUp | null {
  return store instanceof SqliteRawStore ? new AddressWarmUp(store.db, store.addresses) : null;
}

/**
 * Fills history as if it had been scraped, straight from the model: the simulated network's
 * farmers at each time go to the store as the ingest path would store them from the server's JSON
 * (the model's entries are valid and distinct, so validation would keep them all as they are),
 * without rendering and parsing that JSON. Scrapes are stored in batches sized to a turn of the
 * event loop (TURN_BUDGET_MS), so the API keeps answering and a stop is honoured at once;
 * a stopped backfill has stored whole scrapes only. A full disk pauses it (said through
 * `onDiskFull`) until space is freed or it is stopped.
 */
export async function backfillHistory(
  store: RawStore,
  network: SimulatedNetwork,
  plan: BackfillPlan,
  onProgress: (done: number, total: number) => void = () => undefined,
  shouldStop: () => boolean = () => false,
  options: BackfillOptions = {},
): Promise<number> {
  const turn = new TurnBudget(options.turnBudgetMs ?? TURN_BUDGET_MS);
  const run: BackfillRun = { store, network, times: plan.times, turn, cost: new StoreCost(), warmUp: warmUpFor(store), shouldStop, diskFull: options, listed: new ListedFarmers(network.slots) };
  let done = 0;
  while (done < plan.times.length && !shouldStop()) {
    const batch = await nextBatch(run, done);
    if (batch === null || !(await storeBatch(run, batch))) break;
    done += batch.length;
    onProgress(done, plan.times.length);
    await turn.yield();
  }
  return done;
}
