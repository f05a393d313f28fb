import type { IpcChannelName, IpcInvokeMap, IpcResponse } from './ipc-contract.js';
import type { EngineEvent } from './model/events.js';
import { AppError, type ErrorCode } from './errors.js';

/**
 * The shape of `window.driveshare`, the only thing the preload exposes to the page.
 *
 * Every bridge function is named (no generic `invoke(channel, …)` reaches the page) and maps to
 * exactly one channel of `IpcInvokeMap`, so its arguments and result come from the one contract.
 *
 * Bridge functions resolve to the `IpcResponse` envelope instead of rejecting: Electron's
 * contextBridge copies a rejected Error's message only and drops custom properties, so an
 * `AppError`'s `code` would be lost. The renderer's IPC transport rebuilds the `AppError` from
 * `{ ok: false, error: { code, message } }` (see `unwrapIpcResponse`).
 */
export const BridgeMethodChannel = {
  network: 'network:get',
  summary: 'address:summary',
  addressDetail: 'address:detail',
  addresses: 'address:list',
  heartbeat: 'address:heartbeat',
  eventHistory: 'events:history',
  alertDeliveries: 'alerts:deliveries',
  testAlertChannel: 'alerts:test',
  status: 'status:get',
  getSettings: 'settings:get',
  updateSettings: 'settings:update',
  testSource: 'source:test',
  startImport: 'import:start',
  cancelImport: 'import:cancel',
  importStatus: 'import:status',
  pickImportSource: 'dialog:pick-import-source',
  openExternal: 'shell:open-external',
  openLogsFolder: 'shell:open-logs-folder',
  apiBaseUrl: 'api:base-url',
} as const satisfies Record<string, IpcChannelName>;

export type BridgeMethodName = keyof typeof BridgeMethodChannel;

/** The bridge function for one channel: the channel's argument tuple in, its envelope out. */
export type BridgeFunction<C extends IpcChannelName> = (...args: IpcInvokeMap[C]['args']) => Promise<IpcResponse<C>>;

export type DriveshareBridgeMethods = {
  readonly [M in BridgeMethodName]: BridgeFunction<(typeof BridgeMethodChannel)[M]>;
};

export interface DriveshareBridge extends DriveshareBridgeMethods {
  /** Subscribes to engine events pushed by the main process; returns the unsubscribe. */
  onEvent(listener: (event: EngineEvent) => void): () => void;
}

/**
 * The global the preload installs. Absent in a plain browser, where the HTTP transport is used.
 * The renderer declares `Window.driveshare` with this type (renderer/transport/window-bridge.d.ts),
 * so the declaration lives in the one program that has a `window`.
 */
export const BRIDGE_GLOBAL = 'driveshare';

/** Every code, checked exhaustive by the compiler, so a code from the other side is narrowed safely. */
const KNOWN_ERROR_CODES: Record<ErrorCode, true> = {
  bad_request: true,
  invalid_address: true,
  not_found: true,
  method_not_allowed: true,
  forbidden: true,
  conflict: true,
  unavailable: true,
  cancelled: true,
  internal: true,
};

export function isErrorCode(value: string): value is ErrorCode {
  return Object.hasOwn(KNOWN_ERROR_CODES, value);
}

/** Returns the value of a bridge response, or throws the `AppError` its error envelope describes. */
export function unwrapIpcResponse<C extends IpcChannelName>(response: IpcResponse<C>): IpcInvokeMap[C]['result'] {
  if (response.ok) return response.value;
  const code = isErrorCode(response.error.code) ? response.error.code : 'internal';
  throw new AppError(code, response.error.message);
}
