import Type from 'typebox';
import { AddressDetailSchema, AddressListItemSchema } from '../../../shared/model/address.js';
import type { HandlerContext } from '../../handlers/context.js';
import { HeartbeatSchema } from '../../../shared/model/heartbeat.js';
import { addressDetail, addressHeartbeat, addresses } from '../../handlers/handlers.js';
import { AddressListQueryInput, parseAddress, parseAddressListQuery, parseDays, parseHeartbeatHours } from '../../handlers/validation.js';
import type { ApiApp } from '../app-type.js';
import { AddressDetailHttpQuery, AddressParams, HeartbeatHttpQuery, errorResponses } from '../schemas.js';
import { summaryCsv, summaryCsvFilename } from '../summary-csv.js';

export function registerAddressRoutes(app: ApiApp, context: HandlerContext): void {
  app.get(
    '/api/v1/addresses',
    {
      schema: {
        summary: 'Known addresses ranked by points (newest summarised day), height or uptime; q filters by prefix',
        tags: ['addresses'],
        querystring: AddressListQueryInput,
        response: { 200: Type.Array(AddressListItemSchema), ...errorResponses(400, 403, 405) },
      },
    },
    (request) => addresses(context, parseAddressListQuery(request.query)),
  );

  app.get(
    '/api/v1/addresses/:btc_addr',
    {
      schema: {
        summary: 'One address: first/last seen, uptime, height, online now, and its daily summaries',
        description: 'days (1–365, default 31) sets the summary window ending yesterday; format=csv returns the summary as a CSV download.',
        tags: ['addresses'],
        params: AddressParams,
        querystring: AddressDetailHttpQuery,
        response: {
          200: {
            content: {
              'application/json': { schema: AddressDetailSchema },
              'text/csv': { schema: Type.String({ description: 'date,uptime_seconds,duration_seconds,height,points,total_points,share_of_total_percent' }) },
            },
          },
          ...errorResponses(400, 403, 405),
        },
      },
    },
    (request, reply) => {
      const days = parseDays(request.query.days);
      const detail = addressDetail(context, parseAddress(request.params.btc_addr), days);
      if (request.query.format !== 'csv') {
        void reply.type('application/json; charset=utf-8').send(detail);
        return;
      }
      void reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${summaryCsvFilename(detail, days)}"`)
        .send(summaryCsv(detail));
    },
  );
  registerHeartbeatRoute(app, context);
}

/** The heartbeat strip's hours for one watched address. */
function registerHeartbeatRoute(app: ApiApp, context: HandlerContext): void {
  app.get(
    '/api/v1/addresses/:btc_addr/heartbeat',
    {
      schema: {
        summary: 'A watched address\'s heartbeat: per UTC hour, snapshots stored and snapshots that listed it',
        description:
          'hours: 24, 168 or 720 (default 24). Cells are oldest first and end at the hour of the newest snapshot the events have folded; ' +
          'a cell with 0 scrapes had no snapshot stored (a gap, not downtime). Only watched addresses have a heartbeat (watched: false otherwise). See docs/events.md.',
        tags: ['addresses'],
        params: AddressParams,
        querystring: HeartbeatHttpQuery,
        response: { 200: HeartbeatSchema, ...errorResponses(400, 403, 405, 503) },
      },
    },
    (request) => addressHeartbeat(context, parseAddress(request.params.btc_addr), parseHeartbeatHours(request.query.hours)),
  );
}
