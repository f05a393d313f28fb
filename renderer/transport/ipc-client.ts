import type { DriveshareClient } from '../../shared/client.js';
import { AppError } from '../../shared/errors.js';
import type { IpcChannelName, IpcInvokeMap, IpcResponse } from '../../shared/ipc-contract.js';
import { unwrapIpcResponse, type DriveshareBridge } from '../../shared/preload-api.js';

/** Awaits a bridge call and turns its envelope back into a value or a thrown `AppError`. */
async function call<C extends IpcChannelName>(response: Promise<IpcResponse<C>>): Promise<IpcInvokeMap[C]['result']> {
  return unwrapIpcResponse<C>(await response);
}

function joinUrl(base: string, path: string): string {
  return base.replace(/\/+$/, '') + (path.startsWith('/') ? path : `/${path}`);
}

/**
 * The desktop transport: a thin adapter over `window.driveshare`. The API base URL is asked once
 * at start-up so that `apiUrl` can stay synchronous for links.
 */
export async function createIpcClient(bridge: DriveshareBridge): Promise<DriveshareClient> {
  let apiBase: string | null = null;
  try {
    apiBase = await call<'api:base-url'>(bridge.apiBaseUrl());
  } catch (error) {
    // Without the API the app still works over IPC; only the "open in the API" links disappear.
    if (!(error instanceof AppError)) throw error;
  }
  return {
    network: (query) => call<'network:get'>(bridge.network(query)),
    summary: (address) => call<'address:summary'>(bridge.summary(address)),
    addressDetail: (address, days) => call<'address:detail'>(bridge.addressDetail(address, days)),
    addresses: (query) => call<'address:list'>(bridge.addresses(query)),
    heartbeat: (address, hours) => call<'address:heartbeat'>(bridge.heartbeat(address, hours)),
    eventHistory: (query) => call<'events:history'>(bridge.eventHistory(query)),
    alertDeliveries: (query) => call<'alerts:deliveries'>(bridge.alertDeliveries(query)),
    testAlertChannel: (channel) => call<'alerts:test'>(bridge.testAlertChannel(channel)),
    status: () => call<'status:get'>(bridge.status()),
    getSettings: () => call<'settings:get'>(bridge.getSettings()),
    updateSettings: (patch) => call<'settings:update'>(bridge.updateSettings(patch)),
    testSource: (url) => call<'source:test'>(bridge.testSource(url)),
    startImport: (request) => call<'import:start'>(bridge.startImport(request)),
    cancelImport: (id) => call<'import:cancel'>(bridge.cancelImport(id)),
    importStatus: () => call<'import:status'>(bridge.importStatus()),
    apiUrl: (path) => (apiBase === null ? null : joinUrl(apiBase, path)),
    pickImportSource: () => call<'dialog:pick-import-source'>(bridge.pickImportSource()),
    openExternal: (url) => call<'shell:open-external'>(bridge.openExternal(url)),
    openLogsFolder: () => call<'shell:open-logs-folder'>(bridge.openLogsFolder()),
    onEvent: (listener) => bridge.onEvent(listener),
  };
}
