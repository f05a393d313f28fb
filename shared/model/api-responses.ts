import Type, { type Static } from 'typebox';
import { AddressDetailSchema, AddressListItemSchema, SummaryRowSchema } from './address.js';
import { AlertDeliveriesPageSchema, AlertTestResultSchema } from './alerts.js';
import { Nullable } from './common.js';
import { EventHistoryPageSchema } from './event-history.js';
import { HeartbeatSchema } from './heartbeat.js';
import { ImportProgressSchema } from './import.js';
import { NetworkPayloadSchema } from './network.js';
import { SettingsSchema, SourceTestResultSchema } from './settings.js';
import { StatusSchema } from './status.js';

/**
 * The schema of each local-API answer the dashboard's HTTP client reads, by kind. The dashboard
 * does not build these at run time: its build serializes them to plain JSON Schema
 * (scripts/response-schemas-module.ts), so the page neither loads TypeBox's type builders nor runs
 * them before its first chart.
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
