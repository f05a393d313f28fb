import Type from 'typebox';
import { StatusSchema } from '../../../shared/model/status.js';
import type { HandlerContext } from '../../handlers/context.js';
import { status } from '../../handlers/handlers.js';
import { metricsSnapshot } from '../../handlers/metrics.js';
import type { ApiApp } from '../app-type.js';
import { metricsText } from '../prometheus.js';
import { NoQuery, errorResponses } from '../schemas.js';

export function registerSystemRoutes(app: ApiApp, context: HandlerContext, openApiText: () => string): void {
  const errors = errorResponses(400, 403, 405);

  app.get(
    '/api/v1/status',
    {
      schema: {
        summary: 'Collector, jobs and store state: last scrape, last error, next scrape, counts, store size, version',
        tags: ['system'],
        querystring: NoQuery,
        response: { 200: StatusSchema, ...errors },
      },
    },
    () => status(context),
  );

  app.get(
    '/metrics',
    {
      schema: {
        summary: 'Prometheus metrics: network totals, active farmers, average uptime, collector health, watched addresses',
        tags: ['system'],
        querystring: NoQuery,
        response: { 200: { content: { 'text/plain': { schema: Type.String({ description: 'Prometheus text format 0.0.4' }) } } }, ...errors },
      },
    },
    async (_request, reply) => {
      const text = metricsText(await metricsSnapshot(context));
      void reply.type('text/plain; version=0.0.4; charset=utf-8').send(text);
    },
  );

  app.get(
    '/openapi.json',
    {
      schema: {
        summary: 'This API described as OpenAPI 3.1',
        tags: ['system'],
        querystring: NoQuery,
        response: {
          200: { content: { 'application/json': { schema: Type.Unknown({ description: 'an OpenAPI 3.1 document' }) } } },
          ...errors,
        },
      },
    },
    (_request, reply) => {
      // Built once from the route schemas; sent as text so it is not re-serialized on every request.
      void reply.type('application/json; charset=utf-8').send(openApiText());
    },
  );
}
