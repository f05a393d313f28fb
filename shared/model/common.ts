import Type from 'typebox';

/** Times cross every boundary as epoch milliseconds (UTC). */
export const EpochMs = Type.Integer({ description: 'epoch milliseconds, UTC' });
export const Nullable = <T extends Type.TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const BtcAddressParam = Type.String({
  minLength: 1,
  maxLength: 35,
  description: 'base58check farmer address (version 0x00 or 0x05)',
});
