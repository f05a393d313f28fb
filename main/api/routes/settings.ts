import { SettingsSchema, SourceTestResultSchema } from '../../../shared/model/settings.js';
import type { HandlerContext } from '../../handlers/context.js';
import { getSettings, testSource, updateSettings } from '../../handlers/handlers.js';
import { parseSettingsPatch, parseSourceUrl } from '../../handlers/validation.js';
import { SettingsPatchInput } from '../../settings/settings-store.js';
import type { ApiApp } from '../app-type.js';
import { NoQuery, SourceTestBody, errorResponses } from '../schemas.js';

export function registerSettingsRoutes(app: ApiApp, context: HandlerContext): void {
  app.get(
    '/api/v1/settings',
    {
      schema: { summary: 'The settings (same shape as the desktop app)', tags: ['settings'], querystring: NoQuery, response: { 200: SettingsSchema, ...errorResponses(400, 403, 405) } },
    },
    () => getSettings(context),
  );

  app.put(
    '/api/v1/settings',
    {
      schema: {
        summary: 'Change some settings; returns all of them',
        description: 'A partial settings object; unknown keys are refused. Needs Content-Type: application/json.',
        tags: ['settings'],
        querystring: NoQuery,
        body: SettingsPatchInput,
        response: { 200: SettingsSchema, ...errorResponses(400, 403, 405, 413, 415) },
      },
    },
    (request) => updateSettings(context, parseSettingsPatch(request.body)),
  );

  app.post(
    '/api/v1/settings/test-source',
    {
      schema: {
        summary: 'Fetch a status server once and say whether it answers as one should',
        tags: ['settings'],
        querystring: NoQuery,
        body: SourceTestBody,
        response: { 200: SourceTestResultSchema, ...errorResponses(400, 403, 405, 413, 415) },
      },
    },
    (request) => testSource(context, parseSourceUrl(request.body.url)),
  );
}
