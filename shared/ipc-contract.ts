import type { NetworkPayload, NetworkQuery } from './model/network.js';
import type { AddressDetail, AddressListItem, AddressListQuery, SummaryRow } from './model/address.js';
import type { Status } from './model/status.js';
import type { Settings, SettingsPatch, SourceTestResult } from './model/settings.js';
import type { ImportProgress, ImportRequest } from './model/import.js';
import type { AlertDeliveriesPage, AlertDeliveriesQuery, AlertTestResult } from './model/alerts.js';
import type { EventHistoryPage, EventHistoryQuery } from './model/event-history.js';
import type { Heartbeat, HeartbeatHours } from './model/heartbeat.js';

/**
 * The single IPC contract: per channel (`domain:action`), the argument tuple and the result. The
 * main-process handlers, their argument parsers and the preload functions are all typed from this
 * map, and each of those tables is a mapped type over its keys, so a channel cannot be left out.
 */
export interface IpcInvokeMap {
  'network:get': { args: [query: NetworkQuery]; result: NetworkPayload };
  'address:summary': { args: [address: string]; result: SummaryRow[] };
  'address:detail': { args: [address: string, days?: number]; result: AddressDetail };
  'address:list': { args: [query: AddressListQuery]; result: AddressListItem[] };
  'address:heartbeat': { args: [address: string, hours?: HeartbeatHours]; result: Heartbeat };
  'events:history': { args: [query: EventHistoryQuery]; result: EventHistoryPage };
  'alerts:deliveries': { args: [query: AlertDeliveriesQuery]; result: AlertDeliveriesPage };
  'alerts:test': { args: [channel: string]; result: AlertTestResult };
  'status:get': { args: []; result: Status };
  'settings:get': { args: []; result: Settings };
  'settings:update': { args: [patch: SettingsPatch]; result: Settings };
  'source:test': { args: [url: string]; result: SourceTestResult };
  'import:start': { args: [request: ImportRequest]; result: ImportProgress };
  'import:cancel': { args: [id: string]; result: ImportProgress };
  'import:status': { args: []; result: ImportProgress | null };
  'dialog:pick-import-source': { args: []; result: string | null };
  'shell:open-external': { args: [url: string]; result: void };
  'shell:open-logs-folder': { args: []; result: void };
  'api:base-url': { args: []; result: string | null };
}

export type IpcChannelName = keyof IpcInvokeMap;

/** Main → renderer pushes. */
export const IpcEventChannel = { engineEvent: 'engine:event' } as const;

/** What crosses IPC: either the result or the error envelope (never a thrown Error object). */
export type IpcResponse<C extends IpcChannelName> =
  | { ok: true; value: IpcInvokeMap[C]['result'] }
  | { ok: false; error: { code: string; message: string } };
