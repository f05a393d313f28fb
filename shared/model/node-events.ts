import Type, { type Static } from 'typebox';
import { EpochMs, Nullable } from './common.js';

/**
 * What happened to a watched node, or to the collector and the aggregation, derived from stored
 * scrapes. The alert channels and the events timeline read the same records.
 */
export const NodeEventKindSchema = Type.Union([
  Type.Literal('offline'),
  Type.Literal('online'),
  Type.Literal('height-dropped'),
  Type.Literal('height-grew'),
  Type.Literal('payout-changed'),
  Type.Literal('uptime-low'),
  Type.Literal('collector-failing'),
  Type.Literal('collector-recovered'),
  Type.Literal('aggregation-failing'),
  Type.Literal('aggregation-recovered'),
]);
export type NodeEventKind = Static<typeof NodeEventKindSchema>;

export const NodeEventSchema = Type.Object({
  id: Type.String({
    description: 'stable across restarts and rebuilds (kind, address and time), so a receiver can drop a repeated delivery',
  }),
  time: EpochMs,
  kind: NodeEventKindSchema,
  address: Nullable(Type.String({ description: 'the farmer address; null for collector and aggregation events' })),
  detail: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Null()]), {
    description: 'kind-specific figures, e.g. { from, to } for height and payout changes',
  }),
});
export type NodeEvent = Static<typeof NodeEventSchema>;

/** The id a node event is known by everywhere: derived from what it is, never from a row number. */
export function nodeEventId(kind: NodeEventKind, address: string | null, time: number): string {
  return `${time}:${kind}:${address ?? '-'}`;
}
