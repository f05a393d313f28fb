import Type from 'typebox';
import { EpochMs, Nullable } from '../../../shared/model/common.js';
import { DayMinMaxSchema, NetworkPayloadSchema, SeriesPointSchema, UptimeStatsSchema, type NetworkQuery } from '../../../shared/model/network.js';
import type { HandlerContext } from '../../handlers/context.js';
import { network } from '../../handlers/handlers.js';
import { parseNetworkQuery } from '../../handlers/validation.js';
import type { FastifyReply } from 'fastify';
import type { ApiApp } from '../app-type.js';
import { ResponseCache } from '../response-cache.js';
import { NetworkHttpQuery, errorResponses, parseIsoTime } from '../schemas.js';

type NetworkHttpQueryValue = { from?: string; to?: string; points?: number };

/** The URL form (ISO 8601) to the shared query (epoch ms), checked by the same validator as IPC. */
function toNetworkQuery(query: NetworkHttpQueryValue): NetworkQuery {
  return parseNetworkQuery({
    ...(query.from !== undefined ? { from: parseIsoTime(query.from, 'from') } : {}),
    ...(query.to !== undefined ? { to: parseIsoTime(query.to, 'to') } : {}),
    ...(query.points !== undefined ? { points: query.points } : {}),
  });
}

const Range = Type.Object({ from: EpochMs, to: EpochMs });
const SeriesResponse = Type.Object({ asOf: Nullable(EpochMs), range: Range, series: Type.Array(SeriesPointSchema) });
const MinMaxResponse = Type.Object({ asOf: Nullable(EpochMs), range: Range, days: Type.Array(DayMinMaxSchema) });
const UptimeResponse = Type.Object({ asOf: Nullable(EpochMs), uptime: UptimeStatsSchema });

const RANGE_NOTE = 'from/to default to the whole history up to the newest scrape; series are downsampled to at most `points` buckets (mean, min, max, last).';

export function registerNetworkRoutes(app: ApiApp, context: HandlerContext): void {
  const errors = errorResponses(400, 403, 405);
  const cache = new ResponseCache<ReturnType<FastifyReply['serialize']>>(context.db);

  /** Answers from the cache (serialized by the route's own schema) until the store changes. */
  function answer<T>(reply: FastifyReply, route: string, query: NetworkQuery, compute: (payload: ReturnType<typeof network>) => T): void {
    const key = `${route}?${query.from ?? ''}|${query.to ?? ''}|${query.points ?? ''}`;
    const body = cache.get(key, () => reply.serialize(compute(network(context, query))));
    void reply.type('application/json; charset=utf-8').send(body);
  }

  app.get(
    '/api/v1/network',
    {
      schema: {
        summary: 'The dashboard payload: storage and farmers over time, capacity, min/max per day, uptime, heights',
        description: RANGE_NOTE,
        tags: ['network'],
        querystring: NetworkHttpQuery,
        response: { 200: NetworkPayloadSchema, ...errors },
      },
    },
    (request, reply) => answer(reply, 'network', toNetworkQuery(request.query), (payload) => payload),
  );

  for (const [name, description] of [
    ['storage', 'Total storage (TB) over time'],
    ['farmers', 'Number of online farmers over time'],
  ] as const) {
    app.get(
      `/api/v1/network/${name}`,
      {
        schema: { summary: description, description: RANGE_NOTE, tags: ['network'], querystring: NetworkHttpQuery, response: { 200: SeriesResponse, ...errors } },
      },
      (request, reply) =>
        answer(reply, name, toNetworkQuery(request.query), (payload) => ({ asOf: payload.asOf, range: payload.range, series: payload[name] })),
    );
  }

  app.get(
    '/api/v1/network/minmax',
    {
      schema: {
        summary: 'Minimum and maximum number of farmers per UTC day',
        description: RANGE_NOTE,
        tags: ['network'],
        querystring: NetworkHttpQuery,
        response: { 200: MinMaxResponse, ...errors },
      },
    },
    (request, reply) =>
      answer(reply, 'minmax', toNetworkQuery(request.query), (payload) => ({ asOf: payload.asOf, range: payload.range, days: payload.minMaxPerDay })),
  );

  app.get(
    '/api/v1/network/uptime',
    {
      schema: {
        summary: "Active farmers' uptime: histogram of 20 five-point buckets and the average",
        description: 'Active: seen in the 7 days before the newest scrape, with a defined uptime percentage. from/to/points are accepted for symmetry and do not change the figures.',
        tags: ['network'],
        querystring: NetworkHttpQuery,
        response: { 200: UptimeResponse, ...errors },
      },
    },
    (request, reply) => answer(reply, 'uptime', toNetworkQuery(request.query), (payload) => ({ asOf: payload.asOf, uptime: payload.uptime })),
  );
}
