import type { NetworkPayload, NetworkQuery } from './model/network.js';
import type { AddressDetail, AddressListItem, AddressListQuery, SummaryRow } from './model/address.js';
import type { Status } from './model/status.js';
import type { Settings, SettingsPatch, SourceTestResult } from './model/settings.js';
import type { ImportProgress, ImportRequest } from './model/import.js';

/**
 * The single IPC contract: channel names (`domain:action`) and, per channel, the argument tuple
 * and result. The main-process handlers and the preload functions are both typed from this map.
 */
export const IpcChannel = {
  networkGet: 'network:get',
  addressSummary: 'address:summary',
  addressDetail: 'address:detail',
  addressList: 'address:list',
  statusGet: 'status:get',
  settingsGet: 'settings:get',
  settingsUpdate: 'settings:update',
  sourceTest: 'source:test',
  importStart: 'import:start',
  importCancel: 'import:cancel',
  importStatus: 'import:status',
  dialogPickImportSource: 'dialog:pick-import-source',
  shellOpenExternal: 'shell:open-external',
  apiBaseUrl: 'api:base-url',
} as const;

export type IpcChannelName = (typeof IpcChannel)[keyof typeof IpcChannel];

export interface IpcInvokeMap {
  'network:get': { args: [query: NetworkQuery]; result: NetworkPayload };
  'address:summary': { args: [address: string]; result: SummaryRow[] };
  'address:detail': { args: [address: string, days?: number]; result: AddressDetail };
  'address:list': { args: [query: AddressListQuery]; result: AddressListItem[] };
  'status:get': { args: []; result: Status };
  'settings:get': { args: []; result: Settings };
  'settings:update': { args: [patch: SettingsPatch]; result: Settings };
  'source:test': { args: [url: string]; result: SourceTestResult };
  'import:start': { args: [request: ImportRequest]; result: ImportProgress };
  'import:cancel': { args: [id: string]; result: ImportProgress };
  'import:status': { args: []; result: ImportProgress | null };
  'dialog:pick-import-source': { args: []; result: string | null };
  'shell:open-external': { args: [url: string]; result: void };
  'api:base-url': { args: []; result: string | null };
}

/** Main → renderer pushes. */
export const IpcEventChannel = { engineEvent: 'engine:event' } as const;

/** What crosses IPC: either the result or the error envelope (never a thrown Error object). */
export type IpcResponse<C extends IpcChannelName> =
  | { ok: true; value: IpcInvokeMap[C]['result'] }
  | { ok: false; error: { code: string; message: string } };
