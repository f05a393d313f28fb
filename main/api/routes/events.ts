import Type from 'typebox';
import type { EngineEvent } from '../../../shared/model/events.js';
import type { HandlerContext } from '../../handlers/context.js';
import type { ApiApp } from '../app-type.js';
import { NoQuery, errorResponses } from '../schemas.js';
import { SECURITY_HEADERS } from '../security.js';

/** Often enough that proxies and idle timers never cut a quiet stream. */
export const HEARTBEAT_MS = 15_000;

/**
 * Server-sent events of EngineEvent (`event: engine`, `data: <json>`), with a comment heartbeat.
 * The subscription and the timer are released when the client goes away or the server closes.
 */
export function registerEventRoutes(app: ApiApp, context: HandlerContext): void {
  const closers = new Set<() => void>();
  app.addHook('preClose', (done) => {
    for (const close of [...closers]) close();
    done();
  });

  app.get(
    '/api/v1/events',
    {
      schema: {
        summary: 'Engine events as server-sent events (scrape, aggregated, import, status, node-event), with a heartbeat',
        tags: ['system'],
        querystring: NoQuery,
        response: {
          200: { content: { 'text/event-stream': { schema: Type.String({ description: 'event: engine\\ndata: <EngineEvent JSON>' }) } } },
          ...errorResponses(400, 403, 405),
        },
      },
    },
    (request, reply) => {
      reply.hijack();
      const response = reply.raw;
      response.writeHead(200, {
        ...SECURITY_HEADERS,
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        ...(reply.getHeader('access-control-allow-origin') !== undefined
          ? { 'access-control-allow-origin': String(reply.getHeader('access-control-allow-origin')), vary: 'Origin' }
          : {}),
      });
      response.write(': connected\n\n');
      const send = (event: EngineEvent): void => {
        response.write(`event: engine\ndata: ${JSON.stringify(event)}\n\n`);
      };
      const unsubscribe = context.subscribe(send);
      const heartbeat = setInterval(() => response.write(': heartbeat\n\n'), HEARTBEAT_MS);
      const close = (): void => {
        if (!closers.delete(close)) return;
        clearInterval(heartbeat);
        unsubscribe();
        response.end();
      };
      closers.add(close);
      request.raw.on('close', close);
      response.on('close', close);
    },
  );
}
