import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportProgress } from '../../shared/model/import.js';
import { apiFixture, type ApiFixture } from '../support/api-fixtures.js';
import { silentServer, unboundedUri, type SilentServer } from '../support/silent-server.js';

let api: ApiFixture;
let silent: SilentServer;

const post = (path: string, body: unknown) =>
  api.request(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

beforeAll(async () => {
  api = await apiFixture({ farmers: 5, days: 1 });
  silent = await silentServer();
});

afterAll(async () => {
  await api?.close();
  await silent?.close();
});

describe('an import over HTTP from a MongoDB server that never answers', () => {
  it('is cancelled by its cancel request within a second, and the next import is accepted, not 409', async () => {
    const before = (await (await api.request('/api/v1/status')).json()) as { store: { scrapes: number } };
    const started = await post('/api/v1/imports', { kind: 'mongodb', uri: unboundedUri(silent.port) });
    expect(started.status).toBe(202);
    const first = (await started.json()) as ImportProgress;
    await expect.poll(() => silent.connections(), { timeout: 10_000 }).toBeGreaterThan(0);
    const asked = Date.now();
    const cancelled = await post(`/api/v1/imports/${first.id}/cancel`, {});
    expect(Date.now() - asked).toBeLessThan(1_000);
    expect(cancelled.status).toBe(200);
    expect(((await cancelled.json()) as ImportProgress).state).toBe('cancelled');
    const next = await post('/api/v1/imports', { kind: 'mongodb', uri: unboundedUri(silent.port) });
    expect(next.status).toBe(202);
    const second = (await next.json()) as ImportProgress;
    expect((await post(`/api/v1/imports/${second.id}/cancel`, {})).status).toBe(200);
    const after = (await (await api.request('/api/v1/status')).json()) as { store: { scrapes: number } };
    expect(after.store.scrapes).toBe(before.store.scrapes);
  }, 30_000);
});
