import { describe, expect, it } from 'vitest';
import { BACKFILL_REPORT_MS } from '../../../shared/defaults.js';
import { BackfillTracker } from '../../../main/engine/backfill-tracker.js';

describe('BackfillTracker', () => {
  it('has no progress unless a backfill runs', () => {
    const tracker = new BackfillTracker(() => undefined);
    expect(tracker.progress()).toBeNull();
    tracker.start();
    expect(tracker.running).toBe(true);
    tracker.finish();
    expect(tracker.progress()).toBeNull();
  });

  it('estimates the time left from the pace so far', () => {
    let now = 1_000_000;
    const tracker = new BackfillTracker(() => undefined, () => now);
    tracker.start();
    expect(tracker.progress()).toEqual({ done: 0, total: 0, days: 0, startedAt: 1_000_000, remainingSeconds: null });
    now += 2_000;
    tracker.report(100, 400, 30);
    // 100 scrapes in 2 s: 300 more take 6 s.
    expect(tracker.progress()).toEqual({ done: 100, total: 400, days: 30, startedAt: 1_000_000, remainingSeconds: 6 });
    tracker.report(400, 400, 30);
    expect(tracker.progress()?.remainingSeconds).toBe(0);
  });

  it('reports at most every BACKFILL_REPORT_MS, and always the end', () => {
    let now = 0;
    let reports = 0;
    const tracker = new BackfillTracker(() => reports++, () => now);
    tracker.start();
    for (let done = 1; done < 100; done++) {
      now += 10;
      tracker.report(done, 100, 1);
    }
    expect(reports).toBe(Math.floor(990 / BACKFILL_REPORT_MS));
    tracker.report(100, 100, 1);
    expect(reports).toBe(Math.floor(990 / BACKFILL_REPORT_MS) + 1);
  });
});
