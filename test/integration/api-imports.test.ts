import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportProgress } from '../../shared/model/import.js';
import { apiFixture, type ApiFixture } from '../support/api-fixtures.js';
import { OpenApiValidator } from '../support/openapi-validator.js';

/** Imports over HTTP run through the engine's ImportRunner (main/importers) on the real 2015 data. */
const FIXTURES = resolve('../shared/fixtures/driveshare-2015');
const TOTALS = resolve(FIXTURES, 'totalStorage.bson');
const hasFixtures = existsSync(TOTALS);
if (!hasFixtures) console.warn(`skipping the import API tests: ${TOTALS} is absent`);

let api: ApiFixture;
let openapi: OpenApiValidator;

const post = (path: string, body: unknown) =>
  api.request(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

beforeAll(async () => {
  api = await apiFixture({ farmers: 5, days: 1 });
  openapi = new OpenApiValidator(await (await api.request('/openapi.json')).json());
});

afterAll(async () => {
  await api?.close();
});

describe.skipIf(!hasFixtures)('imports over HTTP', () => {
  it('POST /api/v1/imports starts an import, /current follows it to the end, cancel of a finished one returns it', async () => {
    const started = await post('/api/v1/imports', { kind: 'path', path: TOTALS });
    expect(started.status).toBe(202);
    const first = (await openapi.read('POST', '/api/v1/imports', started)) as ImportProgress;
    expect(first.state).toBe('running');

    let current: ImportProgress | null = first;
    await expect
      .poll(async () => {
        current = (await openapi.read('GET', '/api/v1/imports/current', await api.request('/api/v1/imports/current'))) as ImportProgress;
        return current.state;
      })
      .toBe('done');
    expect(current!.id).toBe(first.id);
    expect(current!.imported).toBeGreaterThan(0);

    const cancelled = await post(`/api/v1/imports/${first.id}/cancel`, {});
    expect(cancelled.status).toBe(200);
    expect(await openapi.read('POST', `/api/v1/imports/${first.id}/cancel`, cancelled)).toEqual(current);
  });

  it('cancelling an unknown import is a 404; a malformed id a 400', async () => {
    const unknown = await post('/api/v1/imports/no-such-import/cancel', {});
    expect(unknown.status).toBe(404);
    expect(await openapi.read('POST', '/api/v1/imports/no-such-import/cancel', unknown)).toMatchObject({ error: { code: 'not_found' } });
    const malformed = await post('/api/v1/imports/..%2F..%2Fx/cancel', {});
    expect(malformed.status).toBe(400);
  });

  it('a cancel needs no body (an empty JSON body is allowed)', async () => {
    const empty = await api.request('/api/v1/imports/nothing/cancel', { method: 'POST', headers: { 'content-type': 'application/json' } });
    expect(empty.status).toBe(404);
  });
});
