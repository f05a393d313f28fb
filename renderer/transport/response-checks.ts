import Type, { type Static } from 'typebox';
import { Check, Errors } from 'typebox/value';
import { AppError } from '../../shared/errors.js';
import { AddressDetailSchema, AddressListItemSchema, SummaryRowSchema } from '../../shared/model/address.js';
import { AlertDeliveriesPageSchema, AlertTestResultSchema } from '../../shared/model/alerts.js';
import { Nullable } from '../../shared/model/common.js';
import { EventHistoryPageSchema } from '../../shared/model/event-history.js';
import { HeartbeatSchema } from '../../shared/model/heartbeat.js';
import { ImportProgressSchema } from '../../shared/model/import.js';
import { NetworkPayloadSchema } from '../../shared/model/network.js';
import { SettingsSchema, SourceTestResultSchema } from '../../shared/model/settings.js';
import { StatusSchema } from '../../shared/model/status.js';

/**
 * The shared schema of each local-API answer the HTTP client reads. This module (with TypeBox)
 * is loaded on the client's first request, so it stays out of the start-up bundle and the desktop
 * window, which talks IPC, never loads it.
 */
export const RESPONSE_SCHEMAS = {
  network: NetworkPayloadSchema,
  summary: Type.Array(SummaryRowSchema),
  addressDetail: AddressDetailSchema,
  addresses: Type.Array(AddressListItemSchema),
  heartbeat: HeartbeatSchema,
  eventHistory: EventHistoryPageSchema,
  alertDeliveries: AlertDeliveriesPageSchema,
  alertTest: AlertTestResultSchema,
  status: StatusSchema,
  settings: SettingsSchema,
  sourceTest: SourceTestResultSchema,
  importProgress: ImportProgressSchema,
  currentImport: Nullable(ImportProgressSchema),
};

export type ResponseKind = keyof typeof RESPONSE_SCHEMAS;
export type ResponseOf<K extends ResponseKind> = Static<(typeof RESPONSE_SCHEMAS)[K]>;

/**
 * The answer as its schema types it, or an error saying where it differs: a proxy, an older
 * engine or a bug surfaces as a clear failure, not as a view reading fields that are not there.
 * The interpreting checker is used because the page's Content-Security-Policy forbids generated code.
 */
export function checkedResponse<K extends ResponseKind>(kind: K, value: unknown, path: string): ResponseOf<K> {
  const schema = RESPONSE_SCHEMAS[kind];
  if (Check(schema, value)) return value;
  const first = [...Errors(schema, value)][0];
  const where = first === undefined ? '' : ` (${first.instancePath || '/'} ${first.message})`;
  throw new AppError('internal', `the local API answered ${path} with an unexpected shape${where}`);
}
