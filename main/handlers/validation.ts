import Type, { type TSchema, type Static } from 'typebox';
import { Compile } from 'typebox/compile';
import { checkAddress } from '../../shared/address.js';
import { AppError } from '../../shared/errors.js';
import { AddressListQuerySchema, type AddressListQuery } from '../../shared/model/address.js';
import { HEARTBEAT_SPANS_HOURS, MAX_DETAIL_DAYS, SUMMARY_WINDOW_DAYS } from '../../shared/defaults.js';
import { AlertDeliveriesQuerySchema, AlertTestRequestSchema, type AlertDeliveriesQuery } from '../../shared/model/alerts.js';
import { EventHistoryQuerySchema, type EventHistoryQuery } from '../../shared/model/event-history.js';
import { HeartbeatHoursSchema, type HeartbeatHours } from '../../shared/model/heartbeat.js';
import { ImportRequestSchema, type ImportRequest } from '../../shared/model/import.js';
import { NetworkQuerySchema, type NetworkQuery } from '../../shared/model/network.js';
import type { SettingsPatch } from '../../shared/model/settings.js';
import { validateSettingsPatch } from '../settings/settings-store.js';

/**
 * Input checks shared by every transport: the HTTP routes and the IPC adapter validate with these
 * same compiled schemas (from shared/model), so a value refused on one side is refused on the other.
 * Each function returns the typed value or throws an AppError that says what is wrong and where.
 */

/** The same object schema, closed: an unknown parameter is an error, never silently dropped. */
export function closed<T extends Type.TProperties>(properties: T) {
  return Type.Object(properties, { additionalProperties: false });
}

export const NetworkQueryInput = closed(NetworkQuerySchema.properties);
export const AddressListQueryInput = closed(AddressListQuerySchema.properties);
export const EventHistoryQueryInput = closed(EventHistoryQuerySchema.properties);
export const AlertDeliveriesQueryInput = closed(AlertDeliveriesQuerySchema.properties);
export const AlertTestInput = closed(AlertTestRequestSchema.properties);
export const DaysInput = Type.Integer({ minimum: 1, maximum: MAX_DETAIL_DAYS, default: SUMMARY_WINDOW_DAYS });
export const ImportIdInput = Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' });
export const SourceUrlInput = Type.String({ minLength: 1, maxLength: 2048, pattern: '^[Hh][Tt][Tt][Pp][Ss]?://' });

function validator<T extends TSchema>(schema: T, where: string): (value: unknown) => Static<T> {
  const compiled = Compile(schema);
  return (value) => {
    if (compiled.Check(value)) return value as Static<T>;
    for (const error of compiled.Errors(value)) {
      throw new AppError('bad_request', `${where}${error.instancePath}: ${error.message}`);
    }
    throw new AppError('bad_request', `${where}: invalid`);
  };
}

// Checking an address hashes it twice (~10 µs); lookups repeat the same few, so valid ones are remembered.
const MAX_REMEMBERED_ADDRESSES = 50_000;
const validAddresses = new Set<string>();

/** A farmer address: base58check with the status server's rules; the reason names the mistake. */
export function parseAddress(value: unknown): string {
  if (typeof value === 'string' && validAddresses.has(value)) return value;
  const check = checkAddress(value);
  if (!check.ok) throw new AppError('invalid_address', `invalid address: ${check.detail}`);
  if (validAddresses.size >= MAX_REMEMBERED_ADDRESSES) validAddresses.clear();
  validAddresses.add(value as string);
  return value as string;
}

const checkNetworkQuery = validator(NetworkQueryInput, 'query');
export function parseNetworkQuery(value: unknown): NetworkQuery {
  const query = checkNetworkQuery(value ?? {});
  if (query.from !== undefined && query.span !== undefined) throw new AppError('bad_request', 'query: give from or span, not both');
  if (query.from !== undefined && query.to !== undefined && query.from > query.to) {
    throw new AppError('bad_request', 'query: from must not be after to');
  }
  return query;
}

const checkAddressListQuery = validator(AddressListQueryInput, 'query');
export function parseAddressListQuery(value: unknown): AddressListQuery {
  return checkAddressListQuery(value ?? {});
}

const checkEventHistoryQuery = validator(EventHistoryQueryInput, 'query');
export function parseEventHistoryQuery(value: unknown): EventHistoryQuery {
  const query = checkEventHistoryQuery(value ?? {});
  if (query.address !== undefined) parseAddress(query.address);
  if (query.from !== undefined && query.to !== undefined && query.from > query.to) {
    throw new AppError('bad_request', 'query: from must not be after to');
  }
  return query;
}

const checkHeartbeatHours = validator(HeartbeatHoursSchema, 'hours');
/** The heartbeat's span; absent: the shortest. */
export function parseHeartbeatHours(value: unknown): HeartbeatHours {
  return value === undefined ? HEARTBEAT_SPANS_HOURS[0] : checkHeartbeatHours(value);
}

const checkAlertDeliveriesQuery = validator(AlertDeliveriesQueryInput, 'query');
export function parseAlertDeliveriesQuery(value: unknown): AlertDeliveriesQuery {
  return checkAlertDeliveriesQuery(value ?? {});
}

/** The channel a test goes to: its id or its name. */
export const parseAlertChannelRef = validator(AlertTestRequestSchema.properties.channel, 'channel');

const checkDays = validator(DaysInput, 'days');
export function parseDays(value: unknown): number {
  return value === undefined ? SUMMARY_WINDOW_DAYS : checkDays(value);
}

const checkImportRequest = validator(ImportRequestSchema, 'import');
export function parseImportRequest(value: unknown): ImportRequest {
  return checkImportRequest(value);
}

export const parseImportId = validator(ImportIdInput, 'import id');
export const parseSourceUrl = validator(SourceUrlInput, 'url');

export function parseSettingsPatch(value: unknown): SettingsPatch {
  return validateSettingsPatch(value);
}
