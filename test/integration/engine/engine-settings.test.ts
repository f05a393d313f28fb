import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startEngine } from '../../../main/engine/engine.js';
import { silentLogger } from '../../../main/logging/logger.js';
import { JsonFileSettingsStore, SETTINGS_FILE_NAME } from '../../../main/settings/json-file-settings-store.js';

describe('engine settings', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('shows the collection values the run was started with (command-line options win) in the settings', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'dsg-engine-settings-'));
    dirs.push(dataDir);
    // Nothing listens on port 9: the collector runs (and fails) without touching the network.
    const engine = await startEngine({ logger: silentLogger(), dataDir, source: 'http://127.0.0.1:9', intervalSeconds: 120, timeoutSeconds: 3, retentionDays: 30, scrapeLogRetentionDays: 90, apiPort: 0, startCollector: false });
    try {
      const response = await fetch(`${engine.api!.url}/api/v1/settings`);
      expect(await response.json()).toMatchObject({ sourceUrl: 'http://127.0.0.1:9', intervalSeconds: 120, requestTimeoutSeconds: 3, retentionDays: 30, scrapeLogRetentionDays: 90 });
    } finally {
      await engine.stop();
    }
    expect(JsonFileSettingsStore.open(dataDir).get()).toMatchObject({ sourceUrl: 'http://127.0.0.1:9', intervalSeconds: 120 });
  });

  it('with settings.json a folder: shows the values in use, and refuses a save with 409 while they stay in use', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'dsg-engine-settings-'));
    dirs.push(dataDir);
    mkdirSync(join(dataDir, SETTINGS_FILE_NAME));
    const engine = await startEngine({ logger: silentLogger(), dataDir, source: 'http://127.0.0.1:9', intervalSeconds: 120, apiPort: 0, startCollector: false });
    try {
      const shown = async (): Promise<unknown> => (await fetch(`${engine.api!.url}/api/v1/settings`)).json();
      expect(await shown()).toMatchObject({ sourceUrl: 'http://127.0.0.1:9', intervalSeconds: 120 });
      const save = await fetch(`${engine.api!.url}/api/v1/settings`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"intervalSeconds":600}' });
      expect(save.status).toBe(409);
      expect(((await save.json()) as { error: { message: string } }).error.message).toContain(`${join(dataDir, SETTINGS_FILE_NAME)}: it is a folder, not a file`);
      expect(await shown()).toMatchObject({ sourceUrl: 'http://127.0.0.1:9', intervalSeconds: 120 });
      expect((await engine.status()).collector.intervalSeconds).toBe(120);
    } finally {
      await engine.stop();
    }
  });

  it('keeps a value the settings cannot hold for the run only, without failing to start', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'dsg-engine-settings-'));
    dirs.push(dataDir);
    const engine = await startEngine({ logger: silentLogger(), dataDir, source: 'http://127.0.0.1:9', intervalSeconds: 0.5, apiPort: 0, startCollector: false });
    try {
      expect((await engine.status()).collector.intervalSeconds).toBe(0.5);
      expect(JsonFileSettingsStore.open(dataDir).get()).toMatchObject({ sourceUrl: 'http://127.0.0.1:9', intervalSeconds: 300 });
    } finally {
      await engine.stop();
    }
  });
});
