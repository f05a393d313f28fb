import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer, type ApiServer } from '../../main/api/server.js';
import { simulatedHistory, type SimulatedHistory } from '../support/api-fixtures.js';

/** Every request leaves one debug line (method, URL, status, time); nothing at info for a request. */
let history: SimulatedHistory;
let server: ApiServer;
const lines: Array<Record<string, unknown>> = [];

beforeAll(async () => {
  history = await simulatedHistory({ farmers: 5, days: 1 });
  const logger = pino({ level: 'debug' }, { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) });
  server = await startApiServer(history.context, { port: 0, logger });
});

afterAll(async () => {
  await server?.close();
  await history?.close();
});

describe('request logging', () => {
  it('logs each request once at debug level, errors included, with no body or headers', async () => {
    lines.length = 0;
    await fetch(`${server.url}/api/v1/status`);
    await fetch(`${server.url}/api/summary/not-an-address`);
    await expect.poll(() => lines.filter((line) => line.msg === 'request').length).toBe(2);
    const requests = lines.filter((line) => line.msg === 'request');
    expect(requests.map((line) => [line.level, line.method, line.url, line.statusCode])).toEqual([
      [20, 'GET', '/api/v1/status', 200],
      [20, 'GET', '/api/summary/not-an-address', 400],
    ]);
    expect(lines.filter((line) => (line.level as number) >= 30 && line.msg !== 'request')).toEqual([]);
  });
});
