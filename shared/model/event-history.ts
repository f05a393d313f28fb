import Type, { type Static } from 'typebox';
import { DEFAULT_EVENTS_PAGE, MAX_EVENTS_PAGE } from '../defaults.js';
import { BtcAddressParam, EpochMs, Nullable } from './common.js';
import { NodeEventKindSchema, NodeEventSchema } from './node-events.js';

/** A page of the events history, newest first (docs/events.md). */
export const EventHistoryQuerySchema = Type.Object({
  address: Type.Optional(BtcAddressParam),
  kind: Type.Optional(NodeEventKindSchema),
  from: Type.Optional(EpochMs),
  to: Type.Optional(EpochMs),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_EVENTS_PAGE, default: DEFAULT_EVENTS_PAGE, description: `events per page (default ${DEFAULT_EVENTS_PAGE})` })),
  cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 200, pattern: '^[A-Za-z0-9_-]+$', description: 'nextCursor of the previous page' })),
});
export type EventHistoryQuery = Static<typeof EventHistoryQuerySchema>;

export const EventHistoryPageSchema = Type.Object({
  events: Type.Array(NodeEventSchema),
  nextCursor: Nullable(Type.String({ description: 'pass as cursor for the next (older) page; null on the last page' })),
});
export type EventHistoryPage = Static<typeof EventHistoryPageSchema>;
