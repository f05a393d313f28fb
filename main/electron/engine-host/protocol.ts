import Type, { type Static } from 'typebox';
import { Compile } from 'typebox/compile';
import { ADDRESS_MAX_CHARS } from '../../../shared/defaults.js';
import { isErrorEnvelope } from '../../../shared/errors.js';
import type { IpcChannelName, IpcResponse } from '../../../shared/ipc-contract.js';
import type { EngineEvent } from '../../../shared/model/events.js';
import type { Settings } from '../../../shared/model/settings.js';
import { aesGcmSecretCodec } from '../../settings/aes-gcm-secret-codec.js';
import type { SecretCodec } from '../../settings/secret-codec.js';

/**
 * Messages between the main process and the engine host (an Electron utility process in the app,
 * a worker thread in tests). Requests carry channels of the one IPC contract, so a request is
 * typed end to end: renderer → preload → main (validated) → engine host → handler.
 */

/** Channels the main process answers itself: they need a window, the OS shell or the host's address. */
export const MAIN_PROCESS_CHANNELS = ['dialog:pick-import-source', 'shell:open-external', 'shell:open-logs-folder', 'api:base-url'] as const;
export type MainProcessChannel = (typeof MAIN_PROCESS_CHANNELS)[number];
export type EngineChannel = Exclude<IpcChannelName, MainProcessChannel>;

/**
 * What the host needs to open the settings. `settingsKey` (base64 of 32 bytes) encrypts the alert
 * channel secrets (main/electron/settings/settings-key.ts); null when the operating system has no
 * key store, and they are stored in clear in a 0600 file: `settingsKeyMissing` then says why, for
 * the status to show beside the channels.
 */
const EngineHostStartOptionsSchema = Type.Object({
  /** Where the settings file lives (Electron's userData folder). */
  settingsDir: Type.String({ minLength: 1 }),
  appVersion: Type.String(),
  settingsKey: Type.Union([Type.String({ pattern: '^[A-Za-z0-9+/]{43}=$' }), Type.Null()]),
  settingsKeyMissing: Type.Union([Type.String(), Type.Null()]),
});
export type EngineHostStartOptions = Static<typeof EngineHostStartOptionsSchema>;

/** The settings key's bytes (the message carries base64: a Buffer would arrive as a plain Uint8Array). */
export function settingsKeyBytes(options: EngineHostStartOptions): Buffer | null {
  return options.settingsKey === null ? null : Buffer.from(options.settingsKey, 'base64');
}

/** How the host keeps channel secrets: encrypted under the settings key, else in clear saying why. */
export function secretCodecFor(options: EngineHostStartOptions): SecretCodec {
  return aesGcmSecretCodec(settingsKeyBytes(options), options.settingsKeyMissing ?? undefined);
}

/** The watched addresses listed by one successful scrape, or a failed scrape; input of the notification rules. */
export type WatchObservation =
  | { ok: true; time: number; listed: string[] }
  | { ok: false; time: number; errorMessage: string };

/**
 * One desktop notification the engine's desktop alert channel asks the main process to show (the
 * host has no Notification); the main process answers `notified` with the outcome.
 */
export const DesktopNoticeSchema = Type.Object({
  title: Type.String({ maxLength: 1_000 }),
  body: Type.String({ maxLength: 100_000 }),
  /** What a click opens, when the alert is about one node. */
  address: Type.Union([Type.String({ minLength: 1, maxLength: ADDRESS_MAX_CHARS }), Type.Null()]),
});
export type DesktopNotice = Static<typeof DesktopNoticeSchema>;

const NotifyMessageSchema = Type.Object({ type: Type.Literal('notify'), id: Type.Integer({ minimum: 1 }), notice: DesktopNoticeSchema });
const NotifiedMessageSchema = Type.Object({ type: Type.Literal('notified'), id: Type.Integer({ minimum: 1 }), error: Type.Union([Type.String(), Type.Null()]) });
const StartMessageSchema = Type.Object({ type: Type.Literal('start'), options: EngineHostStartOptionsSchema });
const startCheck = Compile(StartMessageSchema);
const notifyCheck = Compile(NotifyMessageSchema);
const notifiedCheck = Compile(NotifiedMessageSchema);

export type MainToHost =
  | Static<typeof StartMessageSchema>
  | Static<typeof NotifiedMessageSchema>
  | { type: 'request'; id: number; channel: EngineChannel; args: unknown[] }
  | { type: 'stop' };

/** Settings in `ready` and `settings` are masked (secret-mask.ts): secrets never leave the host in clear. */
export type HostToMain =
  | { type: 'ready'; apiBaseUrl: string | null; settings: Settings }
  | { type: 'start-failed'; message: string }
  | { type: 'response'; id: number; response: IpcResponse<EngineChannel> }
  | { type: 'event'; event: EngineEvent }
  | { type: 'settings'; settings: Settings; apiBaseUrl: string | null }
  | { type: 'observation'; observation: WatchObservation }
  | Static<typeof NotifyMessageSchema>
  | { type: 'log'; level: 'info' | 'warn' | 'error'; message: string }
  | { type: 'stopped' };

/** Both ends talk through this: a utility process's parentPort, a worker's parentPort, or the child handle. */
export interface MessagePortLike<Incoming, Outgoing> {
  postMessage(message: Outgoing): void;
  onMessage(listener: (message: Incoming) => void): void;
}

/** Every channel the engine answers; the mapped type makes a missing or extra one a compile error. */
const ENGINE_CHANNELS: { readonly [C in EngineChannel]: true } = {
  'network:get': true,
  'address:summary': true,
  'address:detail': true,
  'address:list': true,
  'address:heartbeat': true,
  'events:history': true,
  'alerts:deliveries': true,
  'alerts:test': true,
  'status:get': true,
  'settings:get': true,
  'settings:update': true,
  'source:test': true,
  'import:start': true,
  'import:cancel': true,
  'import:status': true,
};

function isEngineChannel(value: unknown): value is EngineChannel {
  return typeof value === 'string' && Object.hasOwn(ENGINE_CHANNELS, value);
}

function hasType(value: unknown): value is { type: unknown } & Record<string, unknown> {
  return typeof value === 'object' && value !== null && 'type' in value;
}

const HOST_MESSAGE_TYPES: ReadonlySet<unknown> = new Set(['ready', 'start-failed', 'response', 'event', 'settings', 'observation', 'notify', 'log', 'stopped']);

/**
 * The host is our own code, but a crash can leave half a message: anything unrecognised is
 * dropped, not trusted. A response needs its id and envelope (its value is checked per channel
 * by the supervisor).
 */
export function isHostMessage(value: unknown): value is HostToMain {
  if (!hasType(value) || !HOST_MESSAGE_TYPES.has(value.type)) return false;
  if (value.type === 'notify') return notifyCheck.Check(value);
  if (value.type !== 'response') return true;
  const response = value.response;
  if (typeof value.id !== 'number' || typeof response !== 'object' || response === null || !('ok' in response)) return false;
  return response.ok === true ? 'value' in response : response.ok === false && isErrorEnvelope(response);
}

/** A request must name an engine channel and carry an id and an argument list (the handlers validate the arguments). */
export function isMainMessage(value: unknown): value is MainToHost {
  if (!hasType(value)) return false;
  if (value.type === 'request') return typeof value.id === 'number' && isEngineChannel(value.channel) && Array.isArray(value.args);
  if (value.type === 'start') return startCheck.Check(value);
  if (value.type === 'notified') return notifiedCheck.Check(value);
  return value.type === 'stop';
}
