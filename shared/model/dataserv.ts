import Type, { type Static } from 'typebox';
import { BYTES_PER_SHARD, MS_PER_MINUTE } from '../defaults.js';

/**
 * The status server's payloads (docs/status-server-api.md). One schema per shape: the collector
 * validates against these, the simulator is typed by them.
 */
export const MAX_HEIGHT_EXCLUSIVE = 200_000;
/** Snapshots store last_seen as a 32-bit integer (about 68 years of seconds). */
export const MAX_LAST_SEEN = 2_147_483_647;

export const FarmerEntrySchema = Type.Object({
  btc_addr: Type.String({ minLength: 1, maxLength: 35 }),
  payout_addr: Type.String({ minLength: 1, maxLength: 35 }),
  last_seen: Type.Integer({ minimum: 0, maximum: MAX_LAST_SEEN }),
  height: Type.Integer({ minimum: 0, maximum: MAX_HEIGHT_EXCLUSIVE - 1 }),
});
export type FarmerEntry = Static<typeof FarmerEntrySchema>;

/** The envelope only: entries are checked one by one so that one bad entry never costs the rest. */
export const OnlinePayloadSchema = Type.Object({ farmers: Type.Array(Type.Unknown()) });

export const TotalPayloadSchema = Type.Object({
  id: Type.Integer({ minimum: 0 }),
  total_TB: Type.Number({ minimum: 0 }),
  total_farmers: Type.Integer({ minimum: 0 }),
});
export type TotalPayload = Static<typeof TotalPayloadSchema>;

/** The status server's "TB" is a tebibyte. */
const BYTES_PER_TB = 1024 ** 4;
/** The status server numbers its totals in half hours. */
const MINUTES_PER_TOTAL_ID = 30;

/** `total_TB` as the status server computes it: sum of heights × 128 MiB in TiB, 2 decimals. */
export function totalTerabytes(heightSum: number): number {
  return Math.round(((heightSum * BYTES_PER_SHARD) / BYTES_PER_TB) * 100) / 100;
}

/** `id` as the status server computes it: floor(minutes since the epoch / 30). */
export function totalId(timeMs: number): number {
  return Math.floor(timeMs / MS_PER_MINUTE / MINUTES_PER_TOTAL_ID);
}
