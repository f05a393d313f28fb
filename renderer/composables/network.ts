import { ref, shallowRef, watch, type Ref, type ShallowRef } from 'vue';
import type { DriveshareClient } from '../../shared/client.js';
import type { EngineEvent } from '../../shared/model/events.js';
import type { NetworkPayload, NetworkQuery } from '../../shared/model/network.js';
import { describeError } from '../../shared/errors.js';
import { parseSelection, rangeQuery, selectionKey, seriesPointsFor, windowMissesData, type RangeSelection } from '../lib/range.js';

const SELECTION_KEY = 'driveshare-graph.network-range';
/** Scrape and fold events come in bursts; one reload after the burst is enough. */
const EVENT_DEBOUNCE_MS = 400;

export interface NetworkState {
  selection: Ref<RangeSelection>;
  payload: ShallowRef<NetworkPayload | null>;
  /** The key of the selection `payload` answers (compared with what the charts report as drawn). */
  payloadKey: Ref<string>;
  query: ShallowRef<NetworkQuery | null>;
  loading: Ref<boolean>;
  error: Ref<string | null>;
  reload(): Promise<void>;
  select(selection: RangeSelection): void;
  handleEvent(event: EngineEvent): void;
  dispose(): void;
}

function loadSelection(): RangeSelection {
  try {
    const stored = window.localStorage.getItem(SELECTION_KEY);
    return parseSelection(stored === null ? null : JSON.parse(stored));
  } catch {
    return parseSelection(null);
  }
}

function saveSelection(selection: RangeSelection): void {
  try {
    window.localStorage.setItem(SELECTION_KEY, JSON.stringify(selection));
  } catch {
    // Without storage the range simply resets on the next start.
  }
}

/** Calls `run` once, `delayMs` after the last of a burst of `schedule()` calls. */
function debounced(delayMs: number, run: () => void): { schedule(): void; cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const cancel = (): void => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  };
  return {
    schedule() {
      cancel();
      timer = setTimeout(() => {
        timer = null;
        run();
      }, delayMs);
    },
    cancel,
  };
}

/** A scrape stored, a fold done or an import finished: the payload may have changed. */
function changesData(event: EngineEvent): boolean {
  if (event.type === 'scrape') return event.outcome.ok;
  if (event.type === 'import') return event.progress.state === 'done';
  return event.type === 'aggregated';
}

/** The later of two times, either of which may be unknown. */
function newer(a: number | null, b: number | null): number | null {
  return a === null ? b : b === null ? a : Math.max(a, b);
}

/**
 * The payload for a range, anchored at the newest data known (the API ends a relative range at its
 * newest scrape): a relative range over a store whose newest scrape is older than the window
 * (imported history) is asked again, anchored at that scrape. Null when a newer request made this
 * one obsolete.
 */
async function fetchRange(
  client: DriveshareClient,
  wanted: RangeSelection,
  newest: number | null,
  isCurrent: () => boolean,
): Promise<{ asked: NetworkQuery; answer: NetworkPayload } | null> {
  let asked = rangeQuery(wanted, newest ?? Date.now(), seriesPointsFor(window.innerWidth));
  let answer = await client.network(asked);
  if (!isCurrent()) return null;
  if (windowMissesData(asked, answer.asOf)) {
    asked = rangeQuery(wanted, answer.asOf!, asked.points);
    answer = await client.network(asked);
    if (!isCurrent()) return null;
  }
  return { asked, answer };
}

/**
 * The network payload for the chosen range, kept current: a new range fetches at once, engine
 * events (scrape done, fold done, import done) refetch after a short debounce, and a late answer
 * to an older request never overwrites a newer one.
 */
export function createNetworkState(client: DriveshareClient): NetworkState {
  const selection = ref<RangeSelection>(loadSelection());
  const payload = shallowRef<NetworkPayload | null>(null);
  const payloadKey = ref('');
  const query = shallowRef<NetworkQuery | null>(null);
  const loading = ref(false);
  const error = ref<string | null>(null);
  let generation = 0;
  /** The newest scrape the engine said it folded: the next relative window ends there. */
  let newestFolded: number | null = null;

  async function reload(): Promise<void> {
    const mine = ++generation;
    const wanted = selection.value;
    loading.value = true;
    try {
      const fetched = await fetchRange(client, wanted, newer(payload.value?.asOf ?? null, newestFolded), () => mine === generation);
      if (fetched === null) return;
      query.value = fetched.asked;
      performance.mark('driveshare:network-answer');
      payload.value = fetched.answer;
      payloadKey.value = `${selectionKey(wanted)}@${fetched.answer.asOf ?? 'empty'}#${mine}`;
      error.value = null;
    } catch (failure) {
      if (mine === generation) error.value = describeError(failure);
    } finally {
      if (mine === generation) loading.value = false;
    }
  }

  const stopWatch = watch(
    selection,
    (value) => {
      saveSelection(value);
      void reload();
    },
    { deep: true },
  );
  const reloadSoon = debounced(EVENT_DEBOUNCE_MS, () => void reload());

  return {
    selection,
    payload,
    payloadKey,
    query,
    loading,
    error,
    reload,
    select(value) {
      selection.value = value;
    },
    handleEvent(event) {
      if (event.type === 'aggregated') newestFolded = newer(newestFolded, event.foldedThrough);
      if (changesData(event)) reloadSoon.schedule();
    },
    dispose() {
      stopWatch();
      reloadSoon.cancel();
      generation++;
    },
  };
}
