import { MS_PER_DAY, UPTIME_BUCKETS } from '../../shared/defaults.js';
import type { HeightBucket, UptimeStats } from '../../shared/model/network.js';
import { round2, uptimeBucket, uptimePercent } from '../../shared/formulas.js';
import type { FarmerView } from './farmer-view.js';

export const ACTIVE_WINDOW_MS = 7 * MS_PER_DAY;
export const HEIGHT_BUCKETS = 20;

/**
 * Uptime (docs/formulas.md): farmers seen in the 7 days before the reference time whose last seen is after their
 * first seen; their uptime percentage in 20 buckets of 5 points ([95, 100] closed) and its mean.
 */
export function uptimeStats(view: FarmerView): UptimeStats {
  const histogram = new Array<number>(UPTIME_BUCKETS).fill(0);
  const reference = view.referenceTime;
  let count = 0;
  let sum = 0;
  if (reference !== null) {
    const since = reference - ACTIVE_WINDOW_MS;
    for (let id = 0; id < view.size; id++) {
      if (view.known[id] !== 1 || view.last[id]! < since) continue;
      const percent = uptimePercent(view.uptime[id]!, view.first[id]!, view.last[id]!);
      if (percent === null) continue;
      histogram[uptimeBucket(percent, UPTIME_BUCKETS)]! += 1;
      sum += percent;
      count += 1;
    }
  }
  return { histogram, average: count > 0 ? round2(sum / count) : null, activeFarmers: count };
}

/**
 * Heights of the farmers listed in the newest snapshot, in 20 equal buckets whose width is a
 * round number (1, 2 or 5 × 10^k shards) just large enough to cover the tallest farmer.
 */
export function heightHistogram(view: FarmerView): HeightBucket[] {
  const { state } = view;
  const present = state.present;
  if (view.header.snapshotSeq === 0 || present.length === 0) return [];
  let maxHeight = 0;
  for (const id of present) maxHeight = Math.max(maxHeight, state.height[id]!);
  const width = roundWidth(Math.ceil((maxHeight + 1) / HEIGHT_BUCKETS));
  const buckets: HeightBucket[] = [];
  for (let index = 0; index < HEIGHT_BUCKETS; index++) buckets.push({ from: index * width, to: (index + 1) * width, count: 0 });
  for (const id of present) buckets[Math.floor(state.height[id]! / width)]!.count += 1;
  return buckets;
}

function roundWidth(minimum: number): number {
  for (let scale = 1; ; scale *= 10) {
    for (const step of [1, 2, 5]) if (step * scale >= minimum) return step * scale;
  }
}
