/**
 * The original's figures, printed beside ours for the side-by-side ratio. They come from issue 14
 * ("Responsive at any size"), which measured the original's own algorithms on this machine:
 * 0.6–0.96 s per update of 23,700 farmers, 28,000 observations per second on a rebuild, 10.8 s
 * for a day (288 scrapes) of 1,000 farmers. They are not re-measured here: the original needs
 * MongoDB and Python, which the benchmark does not run. Pure.
 */
import type { OriginalFigure } from './targets.js';

/** Farmers in the update the issue timed. */
const ORIGINAL_UPDATE_FARMERS = 23_700;
/** Seconds per update of those farmers, fastest and slowest of the runs. */
const ORIGINAL_UPDATE_S = { low: 0.6, high: 0.96 } as const;
const ORIGINAL_REBUILD_OBS_PER_S = 28_000;
const ORIGINAL_DAY_OF_1000_S = 10.8;

/**
 * The original's update of `farmers` farmers in ms, scaled from the 23,700 in proportion
 * to the farmer count: generous to the original, whose cost grows at least that fast.
 */
export function originalUpdateMs(farmers: number): OriginalFigure {
  if (!(farmers > 0)) throw new RangeError(`${farmers} farmers: must be more than 0`);
  const scale = (farmers / ORIGINAL_UPDATE_FARMERS) * 1000;
  return { low: ORIGINAL_UPDATE_S.low * scale, high: ORIGINAL_UPDATE_S.high * scale };
}

/** The original's rebuild, in millions of observations per second (the unit of our figure). */
export const originalRebuildMobsPerS = (): OriginalFigure => ({ low: ORIGINAL_REBUILD_OBS_PER_S / 1e6, high: ORIGINAL_REBUILD_OBS_PER_S / 1e6 });

/** The original's day of 1,000 farmers, in seconds. */
export const originalDayOf1000S = (): OriginalFigure => ({ low: ORIGINAL_DAY_OF_1000_S, high: ORIGINAL_DAY_OF_1000_S });
