import { inject, onBeforeUnmount, type InjectionKey } from 'vue';
import type { DriveshareClient } from '../../shared/client.js';
import type { EngineEvent } from '../../shared/model/events.js';

export const clientKey: InjectionKey<DriveshareClient> = Symbol('driveshare-client');

/** The only way a view reaches the engine: it never knows whether IPC or HTTP is underneath. */
export function useClient(): DriveshareClient {
  const client = inject(clientKey);
  if (client === undefined) throw new Error('useClient() called outside the app (no client provided)');
  return client;
}

/** Subscribes for the component's lifetime. */
export function useEngineEvents(client: DriveshareClient, listener: (event: EngineEvent) => void): void {
  const unsubscribe = client.onEvent(listener);
  onBeforeUnmount(unsubscribe);
}
