import Type, { type Static } from 'typebox';

/**
 * The status server's payloads (reference-semantics §1). One schema per shape: the collector
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
export type OnlinePayload = { farmers: FarmerEntry[] };

export const TotalPayloadSchema = Type.Object({
  id: Type.Integer({ minimum: 0 }),
  total_TB: Type.Number({ minimum: 0 }),
  total_farmers: Type.Integer({ minimum: 0 }),
});
export type TotalPayload = Static<typeof TotalPayloadSchema>;

const BYTES_PER_SHARD = 128 * 1024 ** 2;
const BYTES_PER_TB = 1024 ** 4;

/** `total_TB` as the status server computes it: sum of heights × 128 MiB in TiB, 2 decimals. */
export function totalTerabytes(heightSum: number): number {
  return Math.round(((heightSum * BYTES_PER_SHARD) / BYTES_PER_TB) * 100) / 100;
}

/** `id` as the status server computes it: floor(minutes since the epoch / 30). */
export function totalId(timeMs: number): number {
  return Math.floor(timeMs / 60_000 / 30);
}
