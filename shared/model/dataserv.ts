import Type, { type Static } from 'typebox';
import { ADDRESS_MAX_CHARS } from '../defaults.js';
import { MAX_HEIGHT_EXCLUSIVE } from './dataserv-totals.js';

export { MAX_HEIGHT_EXCLUSIVE, totalId, totalTerabytes } from './dataserv-totals.js';

/**
 * The status server's payloads (docs/status-server-api.md). One schema per shape: the collector
 * validates against these, the simulator is typed by them.
 */

/** Snapshots store last_seen as a 32-bit integer (about 68 years of seconds). */
export const MAX_LAST_SEEN = 2_147_483_647;

export const FarmerEntrySchema = Type.Object({
  btc_addr: Type.String({ minLength: 1, maxLength: ADDRESS_MAX_CHARS }),
  payout_addr: Type.String({ minLength: 1, maxLength: ADDRESS_MAX_CHARS }),
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
