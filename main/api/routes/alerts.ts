import { AlertDeliveriesPageSchema, AlertTestResultSchema } from '../../../shared/model/alerts.js';
import { alertDeliveries, testAlertChannel } from '../../handlers/alerts.js';
import type { HandlerContext } from '../../handlers/context.js';
import { AlertDeliveriesQueryInput, AlertTestInput } from '../../handlers/validation.js';
import type { ApiApp } from '../app-type.js';
import { NoQuery, errorResponses } from '../schemas.js';

export function registerAlertRoutes(app: ApiApp, context: HandlerContext): void {
  app.get(
    '/api/v1/alerts/deliveries',
    {
      schema: {
        summary: 'The alert delivery log, newest first: time, channel, event ids, outcome, error (paged)',
        description: 'Every attempt, tests included; the last 10,000 rows and at most 90 days are kept.',
        tags: ['alerts'],
        querystring: AlertDeliveriesQueryInput,
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
        body: AlertTestInput,
        response: { 200: AlertTestResultSchema, ...errorResponses(400, 403, 404, 405, 413, 415, 503) },
      },
    },
    (request) => testAlertChannel(context, request.body.channel),
  );
}
