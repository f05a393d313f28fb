import Type, { type Static } from 'typebox';
import { HEARTBEAT_SPANS_HOURS } from '../defaults.js';
import { EpochMs, Nullable } from './common.js';

/** The spans the heartbeat strip offers, in hours: 24 h, 7 d, 30 d. */
export const HeartbeatHoursSchema = Type.Union(
  HEARTBEAT_SPANS_HOURS.map((hours) => Type.Literal(hours)),
  { description: `hours of the strip: ${HEARTBEAT_SPANS_HOURS.join(', ')}` },
);
export type HeartbeatHours = (typeof HEARTBEAT_SPANS_HOURS)[number];

export const HeartbeatCellSchema = Type.Object({
  start: EpochMs,
  scrapes: Type.Integer({ minimum: 0, description: 'snapshots stored in this UTC hour (0: no scrape stored: a gap, not downtime)' }),
  listed: Type.Integer({ minimum: 0, description: 'of those, the snapshots that listed the address' }),
});
export type HeartbeatCell = Static<typeof HeartbeatCellSchema>;

/**
 * One watched address's heartbeat: a cell per UTC hour, oldest first, ending at the hour of the
 * newest snapshot the events have folded (docs/events.md). Only watched addresses have one.
 */
export const HeartbeatSchema = Type.Object({
  address: Type.String(),
  hours: Type.Integer(),
  watched: Type.Boolean({ description: 'false: the address is not watched, so no heartbeat is kept (every cell is empty)' }),
  through: Nullable(EpochMs),
  cells: Type.Array(HeartbeatCellSchema, { description: 'oldest first; empty when no snapshot has been folded yet or the address is not watched' }),
});
export type Heartbeat = Static<typeof HeartbeatSchema>;
