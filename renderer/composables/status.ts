import { inject, ref, shallowRef, type InjectionKey, type Ref, type ShallowRef } from 'vue';
import type { DriveshareClient } from '../../shared/client.js';
import type { EngineEvent } from '../../shared/model/events.js';
import type { Status } from '../../shared/model/status.js';
import { describeError } from '../../shared/errors.js';

export interface StatusStore {
  status: ShallowRef<Status | null>;
  error: Ref<string | null>;
  refresh(): Promise<void>;
  /** Feeds an engine event: a status push replaces the state, a scrape or fold asks again. */
  handleEvent(event: EngineEvent): void;
  stop(): void;
}

export const statusKey: InjectionKey<StatusStore> = Symbol('status');

const POLL_MS = 30_000;

/** The collector's state for the header: pushed by events, polled slowly as a safety net. */
export function createStatusStore(client: DriveshareClient): StatusStore {
  const status = shallowRef<Status | null>(null);
  const error = ref<string | null>(null);
  let inFlight: Promise<void> | null = null;

  async function refresh(): Promise<void> {
    inFlight ??= (async () => {
      try {
        status.value = await client.status();
        error.value = null;
      } catch (failure) {
        error.value = describeError(failure);
      } finally {
        inFlight = null;
      }
    })();
    return inFlight;
  }

  const timer = setInterval(() => void refresh(), POLL_MS);
  return {
    status,
    error,
    refresh,
    handleEvent(event) {
      if (event.type === 'status') {
        status.value = event.status;
        error.value = null;
      } else if (event.type === 'scrape' || event.type === 'aggregated') {
        void refresh();
      }
    },
    stop: () => clearInterval(timer),
  };
}

export function useStatus(): StatusStore {
  const store = inject(statusKey);
  if (store === undefined) throw new Error('useStatus() called outside the app (no status store provided)');
  return store;
}
