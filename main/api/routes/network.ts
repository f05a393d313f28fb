import Type, { type TSchema } from 'typebox';
import { EpochMs, Nullable } from '../../../shared/model/common.js';
import {
  CoverageSchema,
  DayMinMaxSchema,
  FiguresMomentSchema,
  NetworkPayloadSchema,
  SeriesPointSchema,
  UptimeStatsSchema,
  type NetworkPayload,
  type NetworkQuery,
} from '../../../shared/model/network.js';
import type { HandlerContext } from '../../handlers/context.js';
import { network, networkFigures, networkWithFigures } from '../../handlers/handlers.js';
import { parseNetworkQuery } from '../../handlers/validation.js';
import type { ApiApp } from '../app-type.js';
import { PreparedBody } from '../compression.js';
import { warmNetworkAnswers } from '../network-warmup.js';
import { ResponseCache } from '../response-cache.js';
import { NetworkHttpQuery, errorResponses, parseIsoDuration, parseIsoTime } from '../schemas.js';

type NetworkHttpQueryValue = { from?: string; to?: string; span?: string; points?: number };

/** The URL form (ISO 8601) to the shared query (epoch ms), checked by the same validator as IPC. */
function toNetworkQuery(query: NetworkHttpQueryValue): NetworkQuery {
  return parseNetworkQuery({
    ...(query.from !== undefined ? { from: parseIsoTime(query.from, 'from') } : {}),
    ...(query.to !== undefined ? { to: parseIsoTime(query.to, 'to') } : {}),
    ...(query.span !== undefined ? { span: parseIsoDuration(query.span, 'span') } : {}),
    ...(query.points !== undefined ? { points: query.points } : {}),
  });
}

const Range = Type.Object({ from: EpochMs, to: EpochMs });
const SeriesResponse = Type.Object({ asOf: Nullable(EpochMs), range: Range, series: Type.Array(SeriesPointSchema), coverage: CoverageSchema });
const MinMaxResponse = Type.Object({ asOf: Nullable(EpochMs), range: Range, days: Type.Array(DayMinMaxSchema) });
const UptimeResponse = Type.Object({ asOf: Nullable(EpochMs), figures: FiguresMomentSchema, uptime: UptimeStatsSchema });

const RANGE_NOTE =
  'from/to default to the whole history up to the newest scrape; `span` (instead of from) starts the window that long before its end, so a live window such as the last 30 days is asked the same by every viewer; series are downsampled to at most `points` buckets (mean, min, max, last). ' +
  '`coverage` lists the spans where history exists: no scrape for longer than twice the collection interval (or an empty hour or day of a long range) ends a span, and a line must not join points across it.';
const FIGURES_NOTE =
  '`asOf` is the newest scrape in the store. `latest`, `averageCapacityGB`, `uptime` and `heights` are those of `figures.asOf`: the newest scrape at or before `to` ' +
  '(its 7-day active window ends there), so a range that ends in the past shows that moment\'s figures; `figures.fallback` is true when the store can no longer give them ' +
  '(raw retention dropped the snapshots) and gives the nearest moment it can.';

/** One network route: what it answers, with which schema, picked from the one dashboard payload. */
interface NetworkPart {
  path: string;
  summary: string;
  description: string;
  response: TSchema;
  pick(payload: NetworkPayload): unknown;
}

const PARTS: readonly NetworkPart[] = [
  {
    path: '/api/v1/network',
    summary: 'The dashboard payload: storage and farmers over time, capacity, min/max per day, uptime, heights',
    description: `${RANGE_NOTE} ${FIGURES_NOTE}`,
    response: NetworkPayloadSchema,
    pick: (payload) => payload,
  },
  ...(['storage', 'farmers'] as const).map((name) => ({
    path: `/api/v1/network/${name}`,
    summary: name === 'storage' ? 'Total storage (TB) over time' : 'Number of online farmers over time',
    description: RANGE_NOTE,
    response: SeriesResponse,
    pick: (payload: NetworkPayload) => ({ asOf: payload.asOf, range: payload.range, series: payload[name], coverage: payload.coverage }),
  })),
  {
    path: '/api/v1/network/minmax',
    summary: 'Minimum and maximum number of farmers per UTC day',
    description: RANGE_NOTE,
    response: MinMaxResponse,
    pick: (payload) => ({ asOf: payload.asOf, range: payload.range, days: payload.minMaxPerDay }),
  },
  {
    path: '/api/v1/network/uptime',
    summary: "Active farmers' uptime: histogram of 20 five-point buckets and the average",
    description:
      'Active: seen in the 7 days before `figures.asOf`, the newest scrape at or before `to` (default: the newest scrape), with a defined uptime percentage. ' +
      '`asOf` is the newest scrape in the store; `figures.fallback` as on /api/v1/network. from/points are accepted for symmetry and do not change the figures.',
    response: UptimeResponse,
    pick: (payload) => ({ asOf: payload.asOf, figures: payload.figures, uptime: payload.uptime }),
  },
];

/** fastify's serializer answers a string for JSON schemas; a buffer is decoded rather than trusted to be absent. */
function asText(serialized: string | ArrayBuffer | Buffer): string {
  if (typeof serialized === 'string') return serialized;
  return (Buffer.isBuffer(serialized) ? serialized : Buffer.from(serialized)).toString('utf8');
}

export function registerNetworkRoutes(app: ApiApp, context: HandlerContext): void {
  const errors = errorResponses(400, 403, 405);
  const cache = new ResponseCache<PreparedBody>(context.db);
  const stopWarming = warmNetworkAnswers(context.subscribe, () => network(context, {}), (error) => app.log.debug({ err: error }, 'warming the network answer failed; a request will say why'));
  app.addHook('onClose', (_instance, done) => {
    stopWarming();
    done();
  });
  for (const part of PARTS) {
    app.get(
      part.path,
      { schema: { summary: part.summary, description: part.description, tags: ['network'], querystring: NetworkHttpQuery, response: { 200: part.response, ...errors } } },
      async (request, reply) => {
        // Answered from the cache (serialized by the route's own schema, compressed once per
        // encoding) until the store changes. A past range's figures are cached on their own
        // (main/queries/as-of.ts), so asking for them again before a lookup costs nothing.
        const query = toNetworkQuery(request.query);
        const figures = await networkFigures(context, query);
        const key = `${part.path}?${query.from ?? ''}|${query.to ?? ''}|${query.span ?? ''}|${query.points ?? ''}`;
        const body = cache.get(key, () => new PreparedBody(asText(reply.serialize(part.pick(networkWithFigures(context, query, figures))))));
        await body.send(reply, request.headers['accept-encoding']);
        return reply;
      },
    );
  }
}
