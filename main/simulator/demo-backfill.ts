import { DEFAULT_INTERVAL_SECONDS, MS_PER_DAY, MS_PER_SECOND } from '../../shared/defaults.js';
import { PayloadValidator } from '../collector/validate-payload.js';
import { ingestScrape } from '../collector/ingest.js';
import type { RawStore } from '../store/raw-store.js';
import type { SimulatedNetwork } from './network-model.js';
import { renderOnline, renderTotal } from './server.js';

/** The backfill scrapes on the grid a collector with the default interval would have used. */
export const BACKFILL_STEP_MS = DEFAULT_INTERVAL_SECONDS * MS_PER_SECOND;
export const BACKFILL_DAYS = 30;

export interface BackfillPlan {
  /** Scrape times still to fill, oldest first. */
  times: number[];
}

/**
 * The scrape times of `days` of history ending at `now`, every five minutes, on the same grid as
 * a collector that started back then; times at or before `newestStored` are already in the store,
 * so an interrupted backfill resumes where it stopped and a full one is skipped.
 */
export function planBackfill(now: number, newestStored: number | null, days = BACKFILL_DAYS, stepMs = BACKFILL_STEP_MS): BackfillPlan {
  const last = now - (now % stepMs);
  const first = last - days * MS_PER_DAY + stepMs;
  const times: number[] = [];
  for (let time = first; time <= last; time += stepMs) {
    if (newestStored === null || time > newestStored) times.push(time);
  }
  return { times };
}

/**
 * Fills history as if it had been scraped: the simulated network's answer at each time is
 * rendered to the same JSON the server sends and stored through the real ingest path.
 */
export async function backfillHistory(
  store: RawStore,
  network: SimulatedNetwork,
  plan: BackfillPlan,
  onProgress: (done: number, total: number) => void = () => undefined,
  shouldStop: () => boolean = () => false,
): Promise<number> {
  const validator = new PayloadValidator();
  let done = 0;
  for (const time of plan.times) {
    if (shouldStop()) break;
    const state = network.stateAt(time);
    await ingestScrape(store, { online: renderOnline(state), total: renderTotal(state) }, time, { validator });
    done++;
    if (done % 48 === 0 || done === plan.times.length) onProgress(done, plan.times.length);
  }
  return done;
}
