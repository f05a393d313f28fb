import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyCollectorState, foldCollectorAttempt } from '../../../main/events/collector-rules.js';
import type { NewEventsHook } from '../../../main/events/event-tables.js';
import { AggregationJob } from '../../../main/jobs/run-aggregation.js';
import type { NodeEvent } from '../../../shared/model/node-events.js';
import type { EventRules } from '../../../shared/model/settings.js';
import { farmerAddress, memoryStore, toNewScrape, type TestStore } from '../../support/aggregation-fixtures.js';
import { dumpEventNodes, dumpEvents, dumpHeartbeat } from '../../support/event-fixtures.js';
import type { ReferenceRecord } from '../../support/naive-reference.js';

const HOUR = 3_600_000;
const START = Date.UTC(2026, 0, 1, 22);
const ADDRESSES = 5;
const COLLECTOR_FAILURES = 2;

const rulesArbitrary = fc.record({
  heightGrowth: fc.integer({ min: 1, max: 40 }),
  uptime24hBelowPercent: fc.integer({ min: 50, max: 100 }),
  collectorFailures: fc.constant(COLLECTOR_FAILURES),
});

/** Watched subsets of the five addresses (index 5 is never listed: watched but unknown). */
const watchedArbitrary = fc.subarray([0, 1, 2, 3, 4, 5]).map((indexes) => indexes.map((index) => farmerAddress(index)));

/** Random networks: nodes leaving and returning, heights up and down, payouts moving, gaps up to 5 h, failed scrapes. */
const networkArbitrary = fc.record({
  steps: fc.array(
    fc.record({
      gap: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 2 * HOUR }), fc.integer({ min: 1, max: 5 * HOUR })),
      present: fc.array(fc.boolean(), { minLength: ADDRESSES, maxLength: ADDRESSES }),
      heightShift: fc.array(fc.integer({ min: -30, max: 30 }), { minLength: ADDRESSES, maxLength: ADDRESSES }),
      payoutShift: fc.oneof({ weight: 4, arbitrary: fc.constant(-1) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 2 }) }),
      kind: fc.constantFrom('both', 'both', 'snapshot', 'total', 'failed', 'failed'),
      lateImport: fc.boolean(),
      aggregateAfter: fc.boolean(),
      restartAfter: fc.boolean(),
      reconfigure: fc.option(fc.record({ watched: watchedArbitrary, rules: rulesArbitrary }), { freq: 5 }),
    }),
    { minLength: 1, maxLength: 45 },
  ),
  initial: fc.record({ watched: watchedArbitrary, rules: rulesArbitrary }),
  readBatch: fc.integer({ min: 1, max: 5 }),
  commitObservations: fc.integer({ min: 1, max: 20 }),
});

type Step = { record: ReferenceRecord; failed: boolean; lateImport: boolean; aggregateAfter: boolean; restartAfter: boolean; reconfigure: { watched: string[]; rules: EventRules } | null };

type Network = typeof networkArbitrary extends fc.Arbitrary<infer T> ? T : never;

function toSteps(network: Network): Step[] {
  let time = START;
  const heights = new Array<number>(ADDRESSES).fill(100);
  let shift = 0;
  return network.steps.map((step) => {
    time += step.gap;
    step.heightShift.forEach((delta, index) => (heights[index] = Math.max(0, heights[index]! + delta)));
    if (step.payoutShift >= 0) shift = step.payoutShift;
    const farmers = step.present
      .map((present, index) => (present ? index : -1))
      .filter((index) => index >= 0)
      .map((index) => ({ address: farmerAddress(index), payout: farmerAddress((index + shift) % ADDRESSES), height: heights[index]! }));
    const failed = step.kind === 'failed';
    const record: ReferenceRecord = {
      time,
      farmers: step.kind === 'total' || failed ? null : farmers,
      total: step.kind === 'snapshot' || failed ? null : { totalTB: farmers.length, totalFarmers: farmers.length },
    };
    return { record, failed, lateImport: step.lateImport && !failed, aggregateAfter: step.aggregateAfter, restartAfter: step.restartAfter, reconfigure: step.reconfigure };
  });
}

function collect(into: NodeEvent[]): NewEventsHook {
  return (_db, events) => {
    into.push(...events);
  };
}

function write(target: TestStore, step: Step, lateIndex?: number): void {
  if (step.failed) {
    void target.store.recordFailure({ time: step.record.time, durationMs: 1, errorCode: 'timeout', errorMessage: 'timed out' });
  } else {
    target.store.appendScrapeSync(toNewScrape(step.record, lateIndex === undefined ? undefined : `late-${lateIndex}`));
  }
}

/** The collector rules straight over the attempts, as docs/events.md states them (of two events with one id, the first stands). */
function referenceCollectorEvents(steps: readonly Step[]): NodeEvent[] {
  const state = emptyCollectorState();
  const events = steps
    .filter((step) => !step.lateImport)
    .flatMap((step) => foldCollectorAttempt(state, { time: step.record.time, ok: !step.failed }, COLLECTOR_FAILURES));
  const first = new Map<string, NodeEvent>();
  for (const event of events) if (!first.has(event.id)) first.set(event.id, event);
  return [...first.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
}

describe('node events are exact', () => {
  it('derived incrementally (random batches, restarts, watched-list and threshold changes, late imports) they equal a rebuild and a fresh derivation', async () => {
    await fc.assert(
      fc.asyncProperty(networkArbitrary, async (network) => {
        const steps = toSteps(network);
        const options = { readBatch: network.readBatch, commitObservations: network.commitObservations };
        let config: { watched: string[]; rules: EventRules } = network.initial;
        const announced: NodeEvent[] = [];
        const incremental = memoryStore();
        let job = new AggregationJob(incremental.db, incremental.store, collect(announced));
        await job.configureEvents(config);
        for (const step of steps.filter((entry) => !entry.lateImport)) {
          write(incremental, step);
          if (step.aggregateAfter) await job.run(options);
          if (step.reconfigure !== null) {
            config = step.reconfigure;
            await job.configureEvents(config);
          }
          if (step.restartAfter) job = new AggregationJob(incremental.db, incremental.store, collect(announced));
        }
        await job.run(options);
        steps.filter((entry) => entry.lateImport).forEach((step, index) => write(incremental, step, index));
        await job.run(options);

        const events = dumpEvents(incremental.db, "kind NOT LIKE 'aggregation-%'");
        const nodes = dumpEventNodes(incremental.db);
        const heartbeat = dumpHeartbeat(incremental.db);
        const watched = new Set(config.watched);
        expect(events.filter((event) => event.address !== null).every((event) => watched.has(event.address!))).toBe(true);

        // A rebuild derives the same events and states, and announces none of them again.
        const rebuildAnnounced: NodeEvent[] = [];
        const rebuilt = await new AggregationJob(incremental.db, incremental.store, collect(rebuildAnnounced)).run({ rebuild: true });
        expect(rebuilt.rebuilt).toBe(true);
        expect(dumpEvents(incremental.db, "kind NOT LIKE 'aggregation-%'")).toEqual(events);
        expect(dumpEventNodes(incremental.db)).toEqual(nodes);
        expect(dumpHeartbeat(incremental.db)).toEqual(heartbeat);
        expect(rebuildAnnounced).toEqual([]);

        // A fresh store fed the same history, watching the final list from the start, derives the same.
        const fresh = memoryStore();
        steps.filter((entry) => !entry.lateImport).forEach((step) => write(fresh, step));
        steps.filter((entry) => entry.lateImport).forEach((step, index) => write(fresh, step, index));
        const freshJob = new AggregationJob(fresh.db, fresh.store, collect([]));
        await freshJob.configureEvents(config);
        await freshJob.run();
        expect(dumpEvents(fresh.db)).toEqual(events);
        expect(dumpEventNodes(fresh.db)).toEqual(nodes);
        expect(dumpHeartbeat(fresh.db)).toEqual(heartbeat);

        // The collector's events follow the scrape log exactly.
        expect(events.filter((event) => event.kind.startsWith('collector-'))).toEqual(referenceCollectorEvents(steps));
        // Nothing is announced twice.
        expect(new Set(announced.map((event) => event.id)).size).toBe(announced.length);
      }),
      { numRuns: 150 },
    );
  }, 120_000);
});
