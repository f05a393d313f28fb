import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../../shared/model/events.js';
import { PortInUseError } from '../../../main/api/port-in-use-error.js';
import { startEngine } from '../../../main/engine/engine.js';
import * as handlers from '../../../main/handlers/handlers.js';
import { silentLogger } from '../../../main/logging/logger.js';

/** The engine's handler context exists without the API; the API is an adapter over the same one. */
describe('engine context', () => {
  const dirs: string[] = [];
  const tempDir = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'dsg-engine-context-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('serves the handlers without an API: status, settings, events and a read-only connection it closes on stop', async () => {
    const engine = await startEngine({ logger: silentLogger(), dataDir: tempDir(), source: null });
    const { context } = engine;
    try {
      expect(engine.api).toBeNull();
      expect(await handlers.status(context)).toEqual(await engine.status());
      expect(handlers.updateSettings(context, { theme: 'dark' }).theme).toBe('dark');
      expect(handlers.getSettings(context).theme).toBe('dark');
      const events: EngineEvent[] = [];
      const unsubscribe = context.subscribe((event) => events.push(event));
      engine.hub.emit({ type: 'aggregated', foldedThrough: 1 });
      unsubscribe();
      expect(events).toEqual([{ type: 'aggregated', foldedThrough: 1 }]);
      expect(context.db.readonly).toBe(true);
      expect(handlers.importStatus(context)).toBeNull();
    } finally {
      await engine.stop();
    }
    expect(context.db.open).toBe(false);
  });

  it('the local API answers from the engine context, and logs through the engine logger as its "api" child', async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = pino({ level: 'debug' }, { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) });
    const engine = await startEngine({ logger, dataDir: tempDir(), source: null, apiPort: 0 });
    try {
      engine.context.settings.update({ theme: 'light' });
      const response = await fetch(`${engine.api!.url}/api/v1/settings`);
      expect(await response.json()).toMatchObject({ theme: 'light' });
      await expect.poll(() => lines.find((line) => line.msg === 'request')).toMatchObject({ subsystem: 'api', url: '/api/v1/settings', statusCode: 200 });
    } finally {
      await engine.stop();
    }
  });

  it('a taken port is a PortInUseError naming it, and the failed start releases what it had started', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const address = blocker.address();
    if (address === null || typeof address === 'string') throw new Error('the blocker is not listening on a TCP port');
    const { port } = address;
    const dataDir = tempDir();
    try {
      const failure = await startEngine({ logger: silentLogger(), dataDir, source: null, apiPort: port }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(PortInUseError);
      expect(failure).toMatchObject({ port, message: `port ${port} on 127.0.0.1 is already in use: choose another with --port (0 picks a free one)` });
      // The lock, the database and the context's connection were released: the data directory opens again.
      const again = await startEngine({ logger: silentLogger(), dataDir, source: null, apiPort: 0 });
      await again.stop();
    } finally {
      blocker.close();
    }
  });
});
