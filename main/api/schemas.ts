import Type, { type TSchema } from 'typebox';
import { BtcAddressParam } from '../../shared/model/common.js';
import { AppError } from '../../shared/errors.js';
import { DEFAULT_SERIES_POINTS, MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE, MS_PER_SECOND, NETWORK_SPAN_MS_BOUNDS, SERIES_POINTS_BOUNDS } from '../../shared/defaults.js';
import { EventHistoryQuerySchema } from '../../shared/model/event-history.js';
import { HeartbeatHoursSchema } from '../../shared/model/heartbeat.js';
import { closed, DaysInput, ImportIdInput, SourceUrlInput } from '../handlers/validation.js';

/**
 * Schemas of the HTTP layer only: the URL forms of the shared inputs (ISO 8601 instead of epoch
 * ms, strings that fastify converts) and the error envelope. Bodies and results use the shared
 * schemas directly.
 */
export const ErrorEnvelopeSchema = Type.Object({
  error: Type.Object({
    code: Type.String({ description: 'stable machine-readable code, e.g. invalid_address' }),
    message: Type.String({ description: 'for people' }),
  }),
});

/** Any route can answer these: foreign Host/Origin, a method it does not serve, an overlong URL or headers. */
const STANDARD_ERROR_STATUSES = [403, 405, 414, 431];

/** Error responses a route documents (and serializes with the envelope schema), the standard ones included. */
export function errorResponses(...statuses: number[]): Record<number, TSchema> {
  return Object.fromEntries([...new Set([...STANDARD_ERROR_STATUSES, ...statuses])].map((status) => [status, ErrorEnvelopeSchema]));
}

export const AddressParams = closed({ btc_addr: BtcAddressParam });
export const ImportIdParams = closed({ id: ImportIdInput });
export const NoQuery = closed({});

const ISO_8601 = '^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2})?)?$';
export const IsoTime = Type.String({
  maxLength: 40,
  pattern: ISO_8601,
  description: 'ISO 8601 date or date-time (UTC when no offset is given), e.g. 2015-11-10 or 2015-11-10T12:00:00Z',
});

/** Days, hours, minutes and seconds only: months and years have no fixed length. */
const ISO_DURATION = '^P(?=\\d|T\\d)(\\d+D)?(T(?=\\d)(\\d+H)?(\\d+M)?(\\d+S)?)?$';
export const IsoDuration = Type.String({
  maxLength: 40,
  pattern: ISO_DURATION,
  description: 'instead of from: the window is this long before its end (to, else the newest scrape); an ISO 8601 duration in days, hours, minutes and seconds, e.g. P365D, P7D or PT24H',
});

export const NetworkHttpQuery = closed({
  from: Type.Optional(IsoTime),
  to: Type.Optional(IsoTime),
  span: Type.Optional(IsoDuration),
  points: Type.Optional(Type.Integer({ ...SERIES_POINTS_BOUNDS, description: `points per series (default ${DEFAULT_SERIES_POINTS})` })),
});

export const HeartbeatHttpQuery = closed({ hours: Type.Optional(HeartbeatHoursSchema) });

export const AddressDetailHttpQuery = closed({
  days: Type.Optional(DaysInput),
  format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])),
});

/** The events history's query with from/to in the URL form (ISO 8601). */
export const EventHistoryHttpQuery = closed({
  ...EventHistoryQuerySchema.properties,
  from: Type.Optional(IsoTime),
  to: Type.Optional(IsoTime),
});

export const SourceTestBody = closed({ url: SourceUrlInput });

const DURATION_PARTS = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;
const DURATION_UNIT_MS = [MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE, MS_PER_SECOND] as const;

/** An `IsoDuration` (already matched by its pattern) in ms, within the shared query's bounds. */
export function parseIsoDuration(value: string, name: string): number {
  const parts = DURATION_PARTS.exec(value);
  if (parts === null) throw new AppError('bad_request', `query/${name}: ${JSON.stringify(value)} is not a duration such as P7D or PT24H`);
  const ms = DURATION_UNIT_MS.reduce((total, unit, index) => total + Number(parts[index + 1] ?? 0) * unit, 0);
  const { minimum, maximum } = NETWORK_SPAN_MS_BOUNDS;
  if (ms < minimum || ms > maximum) {
    throw new AppError('bad_request', `query/${name}: ${JSON.stringify(value)} must be between PT${minimum / MS_PER_MINUTE}M and P${maximum / MS_PER_DAY}D`);
  }
  return ms;
}

/** An ISO 8601 date or date-time (already matching IsoTime) as epoch ms; an impossible date is a 400. */
export function parseIsoTime(value: string, name: string): number {
  const hasZone = /(Z|[+-]\d{2}:\d{2})$/.test(value) && value.includes('T');
  const time = Date.parse(value.includes('T') && !hasZone ? `${value}Z` : value);
  const [year, month, day] = value.slice(0, 10).split('-').map(Number) as [number, number, number];
  const calendar = new Date(Date.UTC(year, month - 1, day));
  const realDay = calendar.getUTCFullYear() === year && calendar.getUTCMonth() === month - 1 && calendar.getUTCDate() === day;
  if (!Number.isFinite(time) || !realDay) throw new AppError('bad_request', `query/${name}: ${JSON.stringify(value)} is not a real date and time`);
  return time;
}
