import { ref, shallowRef, watch, type InjectionKey, type Ref, type ShallowRef } from 'vue';
import type { DriveshareClient } from '../../shared/client.js';
import type { EngineEvent } from '../../shared/model/events.js';
import type { NetworkPayload, NetworkQuery } from '../../shared/model/network.js';
import { describeError } from '../../shared/errors.js';
import { selectionKey, type RangeSelection } from '../lib/range.js';
import { fetchRange, loadSelection, saveSelection, type FetchedRange, type FirstNetworkAnswer } from '../lib/network-fetch.js';

/** Scrape and fold events come in bursts; one reload after the burst is enough. */
const EVENT_DEBOUNCE_MS = 400;

/** The first network request, sent by main.ts before the app mounted (none in tests that mount a view alone). */
export const firstNetworkKey: InjectionKey<FirstNetworkAnswer | null> = Symbol('first-network-answer');

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

/**
 * The request sent before mounting, taken by the first reload that asks for the same range. Once
 * an answer is shown it is dropped: sent before that answer, it can only be older.
 */
function earlyAnswer(first: FirstNetworkAnswer | null): { take(key: string): FirstNetworkAnswer | null; drop(): void } {
  let early = first;
  return {
    take(key) {
      if (early === null || early.selectionKey !== key) return null;
      const taken = early;
      early = null;
      return taken;
    },
    drop() {
      early = null;
    },
  };
}

/**
 * The network payload for the chosen range, kept current: a new range fetches at once, engine
 * events (scrape done, fold done, import done) refetch after a short debounce, and a late answer
 * to an older request never overwrites a newer one.
 */
export function createNetworkState(client: DriveshareClient, first: FirstNetworkAnswer | null = null): NetworkState {
  const selection = ref<RangeSelection>(loadSelection());
  const payload = shallowRef<NetworkPayload | null>(null);
  const payloadKey = ref('');
  const query = shallowRef<NetworkQuery | null>(null);
  const loading = ref(false);
  const error = ref<string | null>(null);
  let generation = 0;
  const early = earlyAnswer(first);

  function show(fetched: FetchedRange, wanted: RangeSelection, mine: number): void {
    early.drop();
    query.value = fetched.asked;
    payload.value = fetched.answer;
    payloadKey.value = `${selectionKey(wanted)}@${fetched.answer.asOf ?? 'empty'}#${mine}`;
    error.value = null;
  }

  async function reload(): Promise<void> {
    const mine = ++generation;
    const wanted = selection.value;
    const sentFirst = early.take(selectionKey(wanted));
    // Shown before this returns, so a view mounted right after renders it at once.
    if (sentFirst?.arrived) return show(sentFirst.arrived, wanted, mine);
    loading.value = true;
    try {
      const fetched = await (sentFirst?.fetched ?? fetchRange(client, wanted, () => mine === generation));
      if (fetched === null || mine !== generation) return;
      show(fetched, wanted, mine);
    } catch (failure) {
      if (mine === generation) error.value = describeError(failure);
    } finally {
      if (mine === generation) loading.value = false;
    }
  }

  const onSelection = (value: RangeSelection): void => {
    saveSelection(value);
    void reload();
  };
  const stopWatch = watch(selection, onSelection, { deep: true });
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
      if (changesData(event)) reloadSoon.schedule();
    },
    dispose() {
      stopWatch();
      reloadSoon.cancel();
      generation++;
    },
  };
}
