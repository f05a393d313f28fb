import { AppError } from '../../shared/errors.js';
import type { ImportProgress, ImportRequest } from '../../shared/model/import.js';
import type { NetworkPayload, NetworkQuery, NoonTotal } from '../../shared/model/network.js';
import type { Settings, SettingsPatch, SourceTestResult } from '../../shared/model/settings.js';
import type { Status } from '../../shared/model/status.js';
import type { AddressDetail, AddressListItem, AddressListQuery, SummaryRow } from '../../shared/model/address.js';
import { MS_PER_DAY, MS_PER_HOUR } from '../../shared/defaults.js';
import {
  addressDetail as queryAddressDetail,
  addressList,
  addressSummary,
  figuresAsOf,
  heartbeat as queryHeartbeat,
  networkPayload,
  noonTotals,
  pastMomentOf,
  type Figures,
} from '../queries/index.js';
import type { Heartbeat, HeartbeatHours } from '../../shared/model/heartbeat.js';
import { maskSettings } from '../settings/secret-mask.js';
import type { EventHistoryPage, EventHistoryQuery } from '../../shared/model/event-history.js';
import { eventHistory as queryEventHistory } from '../events/event-history.js';
import { refreshFarmerView } from '../queries/farmer-view.js';
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

/** The dashboard payload; its figures are those of the range's end (docs/formulas.md, "Figures as of a past moment"). */
export async function network(context: HandlerContext, query: NetworkQuery): Promise<NetworkPayload> {
  const figures = await networkFigures(context, query);
  return networkWithFigures(context, query, figures);
}

/** The payload over figures from `networkFigures`: synchronous, so an adapter can cache it. */
export function networkWithFigures(context: HandlerContext, query: NetworkQuery, figures: Figures | undefined): NetworkPayload {
  return reading(context, () => networkPayload(context.db, query, context.settings.get().intervalSeconds, figures));
}

/**
 * The figures of a range that ends before the newest scrape; undefined for a live range (the payload
 * computes the newest). First brings the farmer view up to the newest fold a slice per turn, so
 * neither this nor the payload that follows reads it in one long piece on the API's thread.
 */
export async function networkFigures(context: HandlerContext, query: NetworkQuery): Promise<Figures | undefined> {
  try {
    await refreshFarmerView(context.db);
  } catch (error) {
    throw storeFailure(context.db, error);
  }
  const time = reading(context, () => pastMomentOf(context.db, query));
  if (time === null || context.history === undefined) return undefined;
  const retentionDays = context.settings.get().retentionDays;
  // The collector prunes snapshots older than its clock minus the retention; rounding the cut up
  // to the hour errs towards "dropped" and keeps the cached figures' key steady for an hour.
  const retainedSince = retentionDays > 0 ? Math.ceil((Date.now() - retentionDays * MS_PER_DAY) / MS_PER_HOUR) * MS_PER_HOUR : null;
  try {
    return await figuresAsOf(context.db, context.history, { time, retainedSince });
  } catch (error) {
    throw storeFailure(context.db, error);
  }
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
