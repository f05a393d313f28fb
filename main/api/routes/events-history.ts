import { EventHistoryPageSchema, type EventHistoryQuery } from '../../../shared/model/event-history.js';
import type { HandlerContext } from '../../handlers/context.js';
import { eventHistory } from '../../handlers/handlers.js';
import { parseEventHistoryQuery } from '../../handlers/validation.js';
import type { ApiApp } from '../app-type.js';
import { EventHistoryHttpQuery, errorResponses, parseIsoTime } from '../schemas.js';

type EventHistoryHttpQueryValue = Omit<EventHistoryQuery, 'from' | 'to'> & { from?: string; to?: string };

/** The URL form (ISO 8601 times) to the shared query, checked by the same validator as every transport. */
function toEventHistoryQuery(query: EventHistoryHttpQueryValue): EventHistoryQuery {
  const { from, to, ...rest } = query;
  return parseEventHistoryQuery({
    ...rest,
    ...(from !== undefined ? { from: parseIsoTime(from, 'from') } : {}),
    ...(to !== undefined ? { to: parseIsoTime(to, 'to') } : {}),
  });
}

export function registerEventHistoryRoutes(app: ApiApp, context: HandlerContext): void {
  app.get(
    '/api/v1/events/history',
    {
      schema: {
        summary: 'Node events (offline, online, height, payout, uptime, collector, aggregation), newest first, a page at a time',
        description:
          'Filters: address, kind, from/to (inclusive). limit (1–1000, default 100) events per page; nextCursor, passed as cursor, gives the next older page. ' +
          'The rules are in docs/events.md; new events also arrive live on /api/v1/events as {"type":"node-event","event":…}.',
        tags: ['events'],
        querystring: EventHistoryHttpQuery,
        response: { 200: EventHistoryPageSchema, ...errorResponses(400, 403, 405) },
      },
    },
    (request) => eventHistory(context, toEventHistoryQuery(request.query)),
  );
}
