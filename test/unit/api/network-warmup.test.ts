import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../../shared/model/events.js';
import type { ImportProgress } from '../../../shared/model/import.js';
import { warmNetworkAnswers } from '../../../main/api/network-warmup.js';

/** An event source the test fires by hand, and a counter of the payloads computed. */
function harness(compute: () => unknown = () => null) {
  const listeners = new Set<(event: EngineEvent) => void>();
  const counted = { computed: 0, errors: [] as unknown[] };
  const stop = warmNetworkAnswers(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => {
      counted.computed++;
      return compute();
    },
    (error) => counted.errors.push(error),
  );
  return { counted, stop, fire: (event: EngineEvent) => listeners.forEach((listener) => listener(event)), listeners };
}

const importDone = (state: ImportProgress['state']): EngineEvent => ({
  type: 'import',
  progress: { id: 'i', state, source: 'fixture', step: 'done', done: 1, total: 1 } as ImportProgress,
});

describe('warming the network answer', () => {
  it('computes once after start, and once after each burst of folds or a finished import', async () => {
    const { counted, fire, stop } = harness();
    expect(counted.computed).toBe(0);
    await nextTurn();
    expect(counted.computed).toBe(1);
    fire({ type: 'aggregated', foldedThrough: 1 });
    fire({ type: 'aggregated', foldedThrough: 2 });
    await nextTurn();
    expect(counted.computed).toBe(2);
    fire(importDone('running'));
    await nextTurn();
    expect(counted.computed).toBe(2);
    fire(importDone('done'));
    await nextTurn();
    expect(counted.computed).toBe(3);
    stop();
  });

  it('stops listening, and drops a pending warm-up, when stopped', async () => {
    const { counted, fire, stop, listeners } = harness();
    fire({ type: 'aggregated', foldedThrough: 1 });
    stop();
    await nextTurn();
    expect(counted.computed).toBe(0);
    expect(listeners.size).toBe(0);
  });

  it('hands a failure to its reporter instead of throwing', async () => {
    const failure = new Error('database is locked');
    const { counted, stop } = harness(() => {
      throw failure;
    });
    await nextTurn();
    expect(counted.errors).toEqual([failure]);
    stop();
  });
});
