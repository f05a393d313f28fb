import { AppError } from '../../shared/errors.js';
import type { ImportProgress, ImportRequest } from '../../shared/model/import.js';
import type { NetworkPayload, NetworkQuery, NoonTotal } from '../../shared/model/network.js';
import type { Settings, SettingsPatch, SourceTestResult } from '../../shared/model/settings.js';
import type { Status } from '../../shared/model/status.js';
import type { AddressDetail, AddressListItem, AddressListQuery, SummaryRow } from '../../shared/model/address.js';
import { addressDetail as queryAddressDetail, addressList, addressSummary, heartbeat as queryHeartbeat, networkPayload, noonTotals } from '../queries/index.js';
import type { Heartbeat, HeartbeatHours } from '../../shared/model/heartbeat.js';
import { maskSettings } from '../settings/secret-mask.js';
import type { EventHistoryPage, EventHistoryQuery } from '../../shared/model/event-history.js';
import { eventHistory as queryEventHistory } from '../events/event-history.js';
import { storeFailure } from '../store/sqlite/store-health.js';
import type { HandlerContext, ImportControl } from './context.js';

/**
 * One plain function per operation, shared by the HTTP routes and the IPC adapter. Inputs are
 * already validated (validation.ts); the functions only call the query functions and the engine's
 * components, so the desktop app and the local API cannot answer differently.
 */

/**
 * Runs a read of the store; a damaged file becomes a StoreDamagedError (`unavailable`: 503 naming
 * the file and the fix) instead of an internal error.
 */
function reading<T>(context: HandlerContext, read: () => T): T {
  try {
    return read();
  } catch (error) {
    throw storeFailure(context.db, error);
  }
}

export function network(context: HandlerContext, query: NetworkQuery): NetworkPayload {
  return reading(context, () => networkPayload(context.db, query, context.settings.get().intervalSeconds));
}

/** The original's `/api/summary/<btc_addr>`: 31 days ending yesterday; unknown address: []. */
export function summary(context: HandlerContext, address: string): SummaryRow[] {
  return reading(context, () => addressSummary(context.db, address));
}

export function addressDetail(context: HandlerContext, address: string, days: number): AddressDetail {
  return reading(context, () => queryAddressDetail(context.db, address, days));
}

export function addresses(context: HandlerContext, query: AddressListQuery): AddressListItem[] {
  return reading(context, () => addressList(context.db, query));
}

/** A watched address's hours: snapshots stored and snapshots listing it (docs/events.md). */
export function addressHeartbeat(context: HandlerContext, address: string, hours: HeartbeatHours): Heartbeat {
  return reading(context, () => queryHeartbeat(context.db, address, hours));
}

/** The stored node events, newest first, one page at a time (docs/events.md). */
export function eventHistory(context: HandlerContext, query: EventHistoryQuery): EventHistoryPage {
  return reading(context, () => queryEventHistory(context.db, query));
}

/** The original's `/json`: one totals reading a day (12:00–12:05 UTC). */
export function dailyNoonTotals(context: HandlerContext): NoonTotal[] {
  return reading(context, () => noonTotals(context.db));
}

export async function status(context: HandlerContext): Promise<Status> {
  try {
    return await context.status();
  } catch (error) {
    throw storeFailure(context.db, error);
  }
}

/** The settings as shown outside the engine: channel secrets masked (main/settings/secret-mask.ts). */
export function getSettings(context: HandlerContext): Settings {
  return maskSettings(context.settings.get());
}

/** A secret sent back masked keeps the stored one; the answer is masked like GET's. */
export function updateSettings(context: HandlerContext, patch: SettingsPatch): Settings {
  return maskSettings(context.settings.update(patch));
}

export function testSource(context: HandlerContext, url: string): Promise<SourceTestResult> {
  return context.testSource(url);
}

function importControl(context: HandlerContext): ImportControl {
  if (context.imports === null) throw new AppError('unavailable', 'imports are not available in this mode');
  return context.imports;
}

export async function startImport(context: HandlerContext, request: ImportRequest): Promise<ImportProgress> {
  return importControl(context).start(request);
}

export async function cancelImport(context: HandlerContext, id: string): Promise<ImportProgress> {
  return importControl(context).cancel(id);
}

export function importStatus(context: HandlerContext): ImportProgress | null {
  return context.imports?.status() ?? null;
}
