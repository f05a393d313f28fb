import Type from 'typebox';
import { ALERT_LOG_PAGE_MAX } from '../../../shared/defaults.js';
import { AlertDeliveriesPageSchema, AlertTestResultSchema } from '../../../shared/model/alerts.js';
import { DEFAULT_DELIVERIES_PAGE, alertDeliveries, testAlertChannel } from '../../handlers/alerts.js';
import type { HandlerContext } from '../../handlers/context.js';
import { closed } from '../../handlers/validation.js';
import type { ApiApp } from '../app-type.js';
import { NoQuery, errorResponses } from '../schemas.js';

const DeliveriesQuery = closed({
  before: Type.Optional(Type.Integer({ minimum: 1, description: 'the previous page\'s nextCursor: rows older than it' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: ALERT_LOG_PAGE_MAX, description: `rows per page (default ${DEFAULT_DELIVERIES_PAGE})` })),
  channel: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'only this channel id' })),
});

const AlertTestBody = closed({ channel: Type.String({ minLength: 1, maxLength: 100, description: 'channel id (or name)' }) });

export function registerAlertRoutes(app: ApiApp, context: HandlerContext): void {
  app.get(
    '/api/v1/alerts/deliveries',
    {
      schema: {
        summary: 'The alert delivery log, newest first: time, channel, event ids, outcome, error (paged)',
        description: 'Every attempt, tests included; the last 10,000 rows and at most 90 days are kept.',
        tags: ['alerts'],
        querystring: DeliveriesQuery,
        response: { 200: AlertDeliveriesPageSchema, ...errorResponses(400, 403, 405, 503) },
      },
    },
    (request) => alertDeliveries(context, request.query),
  );

  app.post(
    '/api/v1/alerts/test',
    {
      schema: {
        summary: 'Send a test message through one alert channel; says whether it arrived or exactly why not',
        description: 'A failure is still a 200 with ok: false and the receiver\'s answer (HTTP status and body excerpt, SMTP response, connection error). Needs Content-Type: application/json.',
        tags: ['alerts'],
        querystring: NoQuery,
        body: AlertTestBody,
        response: { 200: AlertTestResultSchema, ...errorResponses(400, 403, 404, 405, 413, 415, 503) },
      },
    },
    (request) => testAlertChannel(context, request.body.channel),
  );
}
