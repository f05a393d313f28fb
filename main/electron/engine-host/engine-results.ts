import Type, { type Static, type TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import type { IpcInvokeMap } from '../../../shared/ipc-contract.js';
import { AddressDetailSchema, AddressListItemSchema, SummaryRowSchema } from '../../../shared/model/address.js';
import { AlertDeliveriesPageSchema, AlertTestResultSchema } from '../../../shared/model/alerts.js';
import { Nullable } from '../../../shared/model/common.js';
import { EventHistoryPageSchema } from '../../../shared/model/event-history.js';
import { HeartbeatSchema } from '../../../shared/model/heartbeat.js';
import { ImportProgressSchema } from '../../../shared/model/import.js';
import { NetworkPayloadSchema } from '../../../shared/model/network.js';
import { SettingsSchema, SourceTestResultSchema } from '../../../shared/model/settings.js';
import { StatusSchema } from '../../../shared/model/status.js';
import type { EngineChannel } from './protocol.js';

/** Says whether a value that crossed from the engine host has the shape its channel promises. */
export type ResultCheck<T> = (value: unknown) => value is T;

function resultCheck<S extends TSchema>(schema: S): ResultCheck<Static<S>> {
  const validator = Compile(schema);
  return (value): value is Static<S> => validator.Check(value);
}

/**
 * One check per engine channel, from the shared schemas the HTTP API documents its answers with:
 * a response from the host is another process's message, and is checked before it is typed.
 */
export const ENGINE_RESULT_CHECKS: { readonly [C in EngineChannel]: ResultCheck<IpcInvokeMap[C]['result']> } = {
  'network:get': resultCheck(NetworkPayloadSchema),
  'address:summary': resultCheck(Type.Array(SummaryRowSchema)),
  'address:detail': resultCheck(AddressDetailSchema),
  'address:list': resultCheck(Type.Array(AddressListItemSchema)),
  'address:heartbeat': resultCheck(HeartbeatSchema),
  'events:history': resultCheck(EventHistoryPageSchema),
  'alerts:deliveries': resultCheck(AlertDeliveriesPageSchema),
  'alerts:test': resultCheck(AlertTestResultSchema),
  'status:get': resultCheck(StatusSchema),
  'settings:get': resultCheck(SettingsSchema),
  'settings:update': resultCheck(SettingsSchema),
  'source:test': resultCheck(SourceTestResultSchema),
  'import:start': resultCheck(ImportProgressSchema),
  'import:cancel': resultCheck(ImportProgressSchema),
  'import:status': resultCheck(Nullable(ImportProgressSchema)),
};
