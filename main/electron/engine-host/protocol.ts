import type { IpcChannelName, IpcResponse } from '../../../shared/ipc-contract.js';
import type { EngineEvent } from '../../../shared/model/events.js';
import type { Settings } from '../../../shared/model/settings.js';

/**
 * Messages between the main process and the engine host (an Electron utility process in the app,
 * a worker thread in tests). Requests carry channels of the one IPC contract, so a request is
 * typed end to end: renderer → preload → main (validated) → engine host → handler.
 */

/** Channels the main process answers itself: they need a window, the OS shell or the host's address. */
export const MAIN_PROCESS_CHANNELS = ['dialog:pick-import-source', 'shell:open-external', 'shell:open-logs-folder', 'api:base-url'] as const;
export type MainProcessChannel = (typeof MAIN_PROCESS_CHANNELS)[number];
export type EngineChannel = Exclude<IpcChannelName, MainProcessChannel>;

export function isEngineChannel(channel: IpcChannelName): channel is EngineChannel {
  return !(MAIN_PROCESS_CHANNELS as readonly string[]).includes(channel);
}

export interface EngineHostStartOptions {
  /** Where the settings file lives (Electron's userData folder). */
  settingsDir: string;
  appVersion: string;
}

/** The watched addresses listed by one successful scrape, or a failed scrape; input of the notification rules. */
export type WatchObservation =
  | { ok: true; time: number; listed: string[] }
  | { ok: false; time: number; errorMessage: string };

export type MainToHost =
  | { type: 'start'; options: EngineHostStartOptions }
  | { type: 'request'; id: number; channel: EngineChannel; args: unknown[] }
  | { type: 'stop' };

export type HostToMain =
  | { type: 'ready'; apiBaseUrl: string | null; settings: Settings }
  | { type: 'start-failed'; message: string }
  | { type: 'response'; id: number; response: IpcResponse<EngineChannel> }
  | { type: 'event'; event: EngineEvent }
  | { type: 'settings'; settings: Settings; apiBaseUrl: string | null }
  | { type: 'observation'; observation: WatchObservation }
  | { type: 'log'; level: 'info' | 'warn' | 'error'; message: string }
  | { type: 'stopped' };

/** Both ends talk through this: a utility process's parentPort, a worker's parentPort, or the child handle. */
export interface MessagePortLike<Incoming, Outgoing> {
  postMessage(message: Outgoing): void;
  onMessage(listener: (message: Incoming) => void): void;
}

const HOST_MESSAGE_TYPES: ReadonlySet<string> = new Set(['ready', 'start-failed', 'response', 'event', 'settings', 'observation', 'log', 'stopped']);

/** The host is our own code, but a crash can leave half a message; anything unrecognised is dropped, not trusted. */
export function isHostMessage(value: unknown): value is HostToMain {
  return typeof value === 'object' && value !== null && HOST_MESSAGE_TYPES.has(String((value as { type?: unknown }).type));
}

const MAIN_MESSAGE_TYPES: ReadonlySet<string> = new Set(['start', 'request', 'stop']);

export function isMainMessage(value: unknown): value is MainToHost {
  return typeof value === 'object' && value !== null && MAIN_MESSAGE_TYPES.has(String((value as { type?: unknown }).type));
}
