import Type, { type Static } from 'typebox';
import { Errors } from 'typebox/value';
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
import { buildChecker, type ValueChecker } from './schema-checker.js';

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

/** Each kind's checker, built on its first answer. */
const checkers = new Map<ResponseKind, ValueChecker>();

function checkerFor(kind: ResponseKind): ValueChecker {
  let checker = checkers.get(kind);
  if (checker === undefined) {
    checker = buildChecker(RESPONSE_SCHEMAS[kind]);
    checkers.set(kind, checker);
  }
  return checker;
}

/**
 * The answer as its schema types it, or an error saying where it differs: a proxy, an older
 * engine or a bug surfaces as a clear failure, not as a view reading fields that are not there.
 * The checker is built from the schema once (schema-checker.ts); TypeBox itself says where a
 * rejected answer differs.
 */
export function checkedResponse<K extends ResponseKind>(kind: K, value: unknown, path: string): ResponseOf<K> {
  const schema = RESPONSE_SCHEMAS[kind];
  // The checker gives Check's verdict on this schema (schema-checker.ts), so the value is its type.
  if (checkerFor(kind)(value)) return value as ResponseOf<K>;
  const first = [...Errors(schema, value)][0];
  const where = first === undefined ? '' : ` (${first.instancePath || '/'} ${first.message})`;
  throw new AppError('internal', `the local API answered ${path} with an unexpected shape${where}`);
}
