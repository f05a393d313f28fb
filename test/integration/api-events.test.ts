import { describe, expect, it } from 'vitest';
import { apiFixture } from '../support/api-fixtures.js';

describe('server-sent events and shutdown', () => {
  it('an open event stream neither keeps the engine from stopping nor outlives it', async () => {
    const api = await apiFixture({ farmers: 3, days: 1 });
    const response = await api.request('/api/v1/events');
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toContain(': connected');

    const started = Date.now();
    await api.close();
    expect(Date.now() - started).toBeLessThan(10_000);
    // The stream ends (or is cut) instead of hanging.
    const end = await reader.read().then(
      (chunk) => (chunk.done ? 'ended' : 'data'),
      () => 'cut',
    );
    expect(['ended', 'cut']).toContain(end);
  });
});
