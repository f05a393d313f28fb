import Type, { type Static } from 'typebox';
import { EpochMs, Nullable } from './common.js';

/** Exactly the original's `/api/summary/<btc_addr>` element (docs/formulas.md, "Summary window (31 days)"). */
export const SummaryRowSchema = Type.Object({
  date: Type.String({ description: 'UTC day start, "YYYY-MM-DD 00:00:00"' }),
  uptime: Type.Number({ description: 'seconds' }),
  duration: Type.Number({ description: 'seconds' }),
  height: Type.Number({ description: 'mean height that day' }),
  points: Type.Number(),
  total_points: Type.Number({ description: 'sum of points of all addresses that day' }),
});
export type SummaryRow = Static<typeof SummaryRowSchema>;

export const AddressDetailSchema = Type.Object({
  address: Type.String(),
  known: Type.Boolean(),
  firstSeen: Nullable(EpochMs),
  lastSeen: Nullable(EpochMs),
  uptimeSeconds: Nullable(Type.Number()),
  /** 100 × uptime / (last − first), 2 decimals; null unless last > first. */
  uptimePercent: Nullable(Type.Number()),
  height: Nullable(Type.Integer({ description: 'height in the newest scrape that listed it' })),
  payoutAddress: Nullable(Type.String()),
  onlineNow: Type.Boolean({ description: 'listed in the newest snapshot' }),
  asOf: Nullable(EpochMs),
  summary: Type.Array(SummaryRowSchema),
});
export type AddressDetail = Static<typeof AddressDetailSchema>;

export const AddressSortSchema = Type.Union([Type.Literal('points'), Type.Literal('height'), Type.Literal('uptime')]);
export type AddressSort = Static<typeof AddressSortSchema>;

/**
 * `ranked`: only addresses seen in the 7 days before the newest scrape and observed for at least a
 * day, so one gone for weeks or seen for 30 minutes does not top a ranking by uptime or height.
 * `all` (the default, as before, for existing API clients and the autocomplete): every known address.
 */
export const AddressScopeSchema = Type.Union([Type.Literal('ranked'), Type.Literal('all')], {
  description: 'ranked: seen in the 7 days before the newest scrape and observed for at least 24 h; all (default): every known address',
});
export type AddressScope = Static<typeof AddressScopeSchema>;

export const AddressListQuerySchema = Type.Object({
  sort: Type.Optional(AddressSortSchema),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 50 })),
  q: Type.Optional(Type.String({ maxLength: 35, pattern: '^[1-9A-HJ-NP-Za-km-z]*$' })),
  scope: Type.Optional(AddressScopeSchema),
});
export type AddressListQuery = Static<typeof AddressListQuerySchema>;

export const AddressListItemSchema = Type.Object({
  address: Type.String(),
  height: Nullable(Type.Integer()),
  uptimePercent: Nullable(Type.Number()),
  /** Points of the newest summarised day. */
  points: Type.Number(),
  lastSeen: Nullable(EpochMs),
  onlineNow: Type.Boolean(),
});
export type AddressListItem = Static<typeof AddressListItemSchema>;
