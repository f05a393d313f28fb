// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nextTick } from 'vue';
import type { DriveshareClient } from '../../../shared/client.js';
import type { NetworkPayload, NetworkQuery } from '../../../shared/model/network.js';
import { createNetworkState, type NetworkState } from '../../../renderer/composables/network.js';
import { openingSelection, requestFirstNetworkAnswer } from '../../../renderer/lib/network-fetch.js';

const DAY = 86_400_000;
const emptyUptime = { histogram: Array<number>(20).fill(0), average: null, activeFarmers: 0 };

function payload(asOf: number | null, range = { from: 0, to: 0 }): NetworkPayload {
  return { asOf, figures: { asOf, fallback: false }, range, storage: [], farmers: [], coverage: [], history: null, latest: null, averageCapacityGB: null, minMaxPerDay: [], uptime: emptyUptime, heights: [] };
}

/** The window the API answers for a query when its newest scrape is `newest` (main/queries/network-payload.ts). */
function windowFor(query: NetworkQuery, newest: number): { from: number; to: number } {
  const to = query.to ?? newest;
  return { from: query.from ?? (query.span !== undefined ? to - query.span : 0), to };
}

/** Answers `network` from a function; the composable uses nothing else of the client. */
function clientAnswering(answer: (query: NetworkQuery) => Promise<NetworkPayload>, asked: NetworkQuery[]): DriveshareClient {
  return {
    network: (query: NetworkQuery) => {
      asked.push(query);
      return answer(query);
    },
  } as DriveshareClient;
}

describe('the network state', () => {
  let state: NetworkState | null = null;
  beforeEach(() => window.localStorage.clear());
  afterEach(() => state?.dispose());

  it('asks for a relative range by its length, once, even when the newest data is years old (imported history)', async () => {
    const imported = Date.UTC(2015, 11, 1);
    const asked: NetworkQuery[] = [];
    state = createNetworkState(clientAnswering(async (query) => payload(imported, windowFor(query, imported)), asked));
    await state.reload();
    expect(asked).toEqual([{ span: 30 * DAY, points: 600 }]);
    expect(state.query.value).toEqual(asked[0]);
    expect(state.payload.value?.range).toEqual({ from: imported - 30 * DAY, to: imported });
  });

  it('follows a scrape: the same question again ends at the newest folded scrape, with one request', async () => {
    let newest = Date.UTC(2026, 11, 3, 12);
    const asked: NetworkQuery[] = [];
    state = createNetworkState(clientAnswering(async (query) => payload(newest, windowFor(query, newest)), asked));
    state.select({ preset: '24h' });
    await nextTick();
    await state.reload();
    expect(state.payload.value?.range.to).toBe(newest);
    newest += 300_000;
    state.handleEvent({ type: 'aggregated', foldedThrough: newest });
    asked.length = 0;
    await state.reload();
    expect(asked).toEqual([{ span: DAY, points: 600 }]);
    expect(state.payload.value?.range).toEqual({ from: newest - DAY, to: newest });
    expect(state.payload.value?.range.to).toBe(state.payload.value?.asOf);
  });

  it('ends at the newest scrape even when it came in unannounced, with one request', async () => {
    const newest = Date.UTC(2026, 11, 3, 12);
    const asked: NetworkQuery[] = [];
    state = createNetworkState(clientAnswering(async (query) => payload(newest, windowFor(query, newest)), asked));
    state.select({ preset: '7d' });
    await nextTick();
    await state.reload();
    state.handleEvent({ type: 'aggregated', foldedThrough: newest - 300_000 });
    asked.length = 0;
    await state.reload();
    expect(asked).toHaveLength(1);
    expect(state.payload.value?.range.to).toBe(newest);
  });

  it('keeps the newest answer when an older request answers last', async () => {
    const asked: NetworkQuery[] = [];
    const releases: (() => void)[] = [];
    state = createNetworkState(
      clientAnswering(
        (query) => new Promise((resolve) => releases.push(() => resolve(payload(Date.now(), windowFor(query, Date.now()))))),
        asked,
      ),
    );
    const first = state.reload();
    state.select({ preset: '24h' });
    await nextTick();
    expect(releases).toHaveLength(2);
    releases[1]!();
    await new Promise((resolve) => setTimeout(resolve, 0));
    releases[0]!();
    await first;
    const range = state.payload.value!.range;
    expect(Math.round((range.to - range.from) / DAY)).toBe(1);
    expect(state.loading.value).toBe(false);
  });

  it('remembers the chosen range for the next start', async () => {
    state = createNetworkState(clientAnswering(async () => payload(Date.now()), []));
    state.select({ preset: '7d' });
    await nextTick();
    state.dispose();
    state = createNetworkState(clientAnswering(async () => payload(Date.now()), []));
    expect(state.selection.value).toEqual({ preset: '7d' });
  });

  it('reports a failed refresh but keeps the last data', async () => {
    let fail = false;
    state = createNetworkState(
      clientAnswering(async () => {
        if (fail) throw new Error('the local API did not answer');
        return payload(Date.now());
      }, []),
    );
    await state.reload();
    fail = true;
    await state.reload();
    expect(state.error.value).toBe('the local API did not answer');
    expect(state.payload.value).not.toBeNull();
  });

  describe('the request sent before the app mounted', () => {
    afterEach(() => window.history.replaceState(null, '', '#'));

    it('is the first reload of its range: one request in all', async () => {
      window.localStorage.setItem('driveshare-graph.network-range', JSON.stringify({ preset: '1y' }));
      const asked: NetworkQuery[] = [];
      const client = clientAnswering(async (query) => payload(Date.now(), { from: query.from!, to: Date.now() }), asked);
      const first = requestFirstNetworkAnswer(client);
      expect(asked).toHaveLength(1);
      state = createNetworkState(client, first);
      await state.reload();
      expect(asked).toHaveLength(1);
      expect(state.query.value).toBe(asked[0]);
      // Taken once: the next reload asks again.
      await state.reload();
      expect(asked).toHaveLength(2);
    });

    it('is shown as the state is made when it has already arrived, so the first render has the charts', async () => {
      const asked: NetworkQuery[] = [];
      const client = clientAnswering(async (query) => payload(Date.now(), windowFor(query, Date.now())), asked);
      const first = requestFirstNetworkAnswer(client);
      await first.fetched;
      state = createNetworkState(client, first);
      void state.reload();
      expect(state.payload.value).not.toBeNull();
      expect(state.query.value).toBe(asked[0]);
      expect(state.loading.value).toBe(false);
      expect(asked).toHaveLength(1);
    });

    it('opens on the range the address names, over the remembered one', () => {
      window.localStorage.setItem('driveshare-graph.network-range', JSON.stringify({ preset: '1y' }));
      window.history.replaceState(null, '', '#/network/7d');
      expect(openingSelection()).toEqual({ preset: '7d' });
      window.history.replaceState(null, '', '#/address/1abc');
      expect(openingSelection()).toEqual({ preset: '1y' });
    });

    it('is not used for another range, nor after a newer answer was shown', async () => {
      const asked: NetworkQuery[] = [];
      const client = clientAnswering(async () => payload(Date.now()), asked);
      const first = requestFirstNetworkAnswer(client);
      state = createNetworkState(client, first);
      state.select({ preset: '24h' });
      await nextTick();
      await state.reload();
      expect(asked.map((query) => query.span === DAY)).toEqual([false, true, true]);
      state.select({ preset: '30d' });
      await nextTick();
      await state.reload();
      // The 30-day answer sent first is older than the 24-hour one shown since: asked afresh.
      expect(asked).toHaveLength(5);
    });

    it('reports its failure as any request would', async () => {
      const client = clientAnswering(async () => {
        throw new Error('the local API did not answer');
      }, []);
      state = createNetworkState(client, requestFirstNetworkAnswer(client));
      await state.reload();
      expect(state.error.value).toBe('the local API did not answer');
    });
  });
});
