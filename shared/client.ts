import type { NetworkPayload, NetworkQuery } from './model/network.js';
import type { AddressDetail, AddressListItem, AddressListQuery, SummaryRow } from './model/address.js';
import type { Status } from './model/status.js';
import type { Settings, SettingsPatch, SourceTestResult } from './model/settings.js';
import type { ImportProgress, ImportRequest } from './model/import.js';
import type { EngineEvent } from './model/events.js';
import type { AlertDeliveriesPage, AlertDeliveriesQuery, AlertTestResult } from './model/alerts.js';
import type { EventHistoryPage, EventHistoryQuery } from './model/event-history.js';
import type { Heartbeat, HeartbeatHours } from './model/heartbeat.js';

/**
 * The one interface the renderer talks to. Two transports implement it: the preload bridge
 * (`window.driveshare`, IPC) in the desktop app and HTTP against the local API in a browser.
 * Every method rejects with an `AppError` rebuilt from the `{ error: { code, message } }` envelope.
 */
export interface DriveshareClient {
  network(query: NetworkQuery): Promise<NetworkPayload>;
  summary(address: string): Promise<SummaryRow[]>;
  addressDetail(address: string, days?: number): Promise<AddressDetail>;
  addresses(query: AddressListQuery): Promise<AddressListItem[]>;
  /** A watched address's hours: snapshots stored and those listing it (default 24 hours). */
  heartbeat(address: string, hours?: HeartbeatHours): Promise<Heartbeat>;
  /** Node events, newest first; pass the page's nextCursor as `cursor` for older ones. */
  eventHistory(query: EventHistoryQuery): Promise<EventHistoryPage>;
  /** The alert delivery log, newest first; pass nextCursor as `before` for older rows. */
  alertDeliveries(query: AlertDeliveriesQuery): Promise<AlertDeliveriesPage>;
  /** Sends a test through one channel (id or name); a failure resolves with ok: false and the receiver's exact answer. */
  testAlertChannel(channel: string): Promise<AlertTestResult>;
  status(): Promise<Status>;
  getSettings(): Promise<Settings>;
  updateSettings(patch: SettingsPatch): Promise<Settings>;
  testSource(url: string): Promise<SourceTestResult>;
  startImport(request: ImportRequest): Promise<ImportProgress>;
  cancelImport(id: string): Promise<ImportProgress>;
  importStatus(): Promise<ImportProgress | null>;
  /** Where the same data can be fetched from the local API (shown as a link), or null if it is off. */
  apiUrl(path: string): string | null;
  /** Native file picker where one exists (desktop); null in a browser, where a path is typed. */
  pickImportSource: (() => Promise<string | null>) | null;
  /** Opens an http(s) link in the system browser (desktop) or a new tab (browser). */
  openExternal(url: string): Promise<void>;
  /**
   * Opens the folder with the engine's log files in the system's file manager. Present only where
   * the page runs on the engine's machine with a file manager to ask (desktop); a browser has none.
   */
  openLogsFolder?: () => Promise<void>;
  /** Subscribes to engine events; returns the unsubscribe. */
  onEvent(listener: (event: EngineEvent) => void): () => void;
}
