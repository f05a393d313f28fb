import Type from 'typebox';
import { ADDRESS_MAX_CHARS } from '../defaults.js';

/** Times cross every boundary as epoch milliseconds (UTC). */
export const EpochMs = Type.Integer({ description: 'epoch milliseconds, UTC' });
export const Nullable = <T extends Type.TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** The route schema bounds the text; `checkAddress` (shared/address.ts) then decides, as everywhere. */
export const BtcAddressParam = Type.String({
  minLength: 1,
  maxLength: ADDRESS_MAX_CHARS,
  description: 'base58check farmer address: version 0x00 or 0x05 and a valid checksum, as the status server accepts',
});
