import { ImportProgressSchema, ImportRequestSchema } from '../../../shared/model/import.js';
import { Nullable } from '../../../shared/model/common.js';
import type { HandlerContext } from '../../handlers/context.js';
import { cancelImport, importStatus, startImport } from '../../handlers/handlers.js';
import { parseImportId, parseImportRequest } from '../../handlers/validation.js';
import type { ApiApp } from '../app-type.js';
import { ImportIdParams, NoQuery, errorResponses } from '../schemas.js';

export function registerImportRoutes(app: ApiApp, context: HandlerContext): void {
  app.post(
    '/api/v1/imports',
    {
      schema: {
        summary: 'Start an import (mongodump folder or .bson files, the original network.db/summary.db, or a mongodb:// URI)',
        description: 'Paths are on the machine that runs the engine. Returns the first progress report; follow it with /api/v1/imports/current or /api/v1/events.',
        tags: ['imports'],
        querystring: NoQuery,
        body: ImportRequestSchema,
        response: { 202: ImportProgressSchema, ...errorResponses(400, 403, 404, 405, 409, 413, 415, 503) },
      },
    },
    async (request, reply) => {
      const progress = await startImport(context, parseImportRequest(request.body));
      void reply.code(202).send(progress);
    },
  );

  app.get(
    '/api/v1/imports/current',
    {
      schema: {
        summary: 'The running import, or the last one finished (null when none ran)',
        tags: ['imports'],
        querystring: NoQuery,
        response: { 200: Nullable(ImportProgressSchema), ...errorResponses(400, 403, 405) },
      },
    },
    () => importStatus(context),
  );

  app.post(
    '/api/v1/imports/:id/cancel',
    {
      schema: {
        summary: 'Cancel a running import (what it wrote so far is kept; running it again continues)',
        tags: ['imports'],
        params: ImportIdParams,
        querystring: NoQuery,
        response: { 200: ImportProgressSchema, ...errorResponses(400, 403, 404, 405, 415, 503) },
      },
    },
    (request) => cancelImport(context, parseImportId(request.params.id)),
  );
}
