import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startApiServer } from '../../main/api/server.js';
import { startEngine } from '../../main/engine/engine.js';
import type { HandlerContext } from '../../main/handlers/context.js';
import { silentLogger } from '../../main/logging/logger.js';
import { JsonFileSettingsStore } from '../../main/settings/json-file-settings-store.js';
import { databaseFile } from '../../main/store/data-dir.js';
import { openDatabase } from '../../main/store/sqlite/open-database.js';
import { SqliteRawStore } from '../../main/store/sqlite/sqlite-raw-store.js';
import { StoreDamagedError } from '../../main/store/sqlite/store-health.js';
import { damagePages, storeWithHistory, STORED_SCRAPES } from '../support/damaged-store.js';
import { scratchDir } from '../support/import-fixtures.js';
import { cli } from '../support/cli.js';



let template: ReturnType<typeof scratchDir>;
let scratch: ReturnType<typeof scratchDir>;
let data: string;
let file: string;

// One store with history, copied for every test (writing it takes seconds).
beforeAll(async () => {
  template = scratchDir('damaged-template-');
  await storeWithHistory(join(template.dir, 'store.db'), template.dir);
});
afterAll(() => template.cleanup());

beforeEach(() => {
  scratch = scratchDir('damaged-store-');
  data = join(scratch.dir, 'data');
  file = databaseFile(data);
  mkdirSync(data);
  copyFileSync(join(template.dir, 'store.db'), file);
});
afterEach(() => scratch.cleanup());

describe('a store damaged in some pages', () => {
  it('is refused at open with a message naming the file and the doctor command; headless does not start', async () => {
    damagePages(file);
    expect(() => openDatabase(file)).toThrow(StoreDamagedError);
    expect(() => openDatabase(file)).toThrow(new RegExp(`${file.replaceAll('/', '\\/')} is damaged .*doctor --data ${data.replaceAll('/', '\\/')} --recover`, 's'));
    const began = Date.now();
    await expect(startEngine({ dataDir: data, source: null, logger: silentLogger() })).rejects.toBeInstanceOf(StoreDamagedError);
    expect(Date.now() - began).toBeLessThan(5_000);
    // The refused start released the data folder.
    expect(existsSync(join(data, 'collector.lock'))).toBe(false);
  });

  it('answers 503 unavailable naming the file, not 500, when the damage is met while serving', async () => {
    damagePages(file, 0.5);
    const db = openDatabase(file, { readonly: true });
    const store = new SqliteRawStore(db);
    const context: HandlerContext = {
      db,
      // Counts are kept in a small table of their own; reading the history meets the damage.
      status: async () => {
        await store.readAfter(null, 100_000);
        throw new Error('the damaged store was read without an error');
      },
      subscribe: () => () => undefined,
      settings: JsonFileSettingsStore.open(data),
      imports: null,
      testSource: () => Promise.reject(new Error('not used')),
    };
    const server = await startApiServer(context, { port: 0, logger: silentLogger() });
    try {
      const response = await fetch(`${server.url}/api/v1/status`);
      expect(response.status).toBe(503);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('unavailable');
      expect(body.error.message).toContain(file);
      expect(body.error.message).toContain('--recover');
    } finally {
      await server.close();
      db.close();
    }
  });

  it('refuses every write once the damage is met', async () => {
    damagePages(file, 0.5);
    const db = new Database(file);
    const store = new SqliteRawStore(db);
    await expect(store.readAfter(null, 100_000)).rejects.toBeInstanceOf(StoreDamagedError);
    await expect(store.recordFailure({ time: Date.now(), durationMs: 1, errorCode: 'timeout', errorMessage: 'x' })).rejects.toBeInstanceOf(StoreDamagedError);
    db.close();
  });

  it('doctor finds the damage; doctor --recover copies what is readable and keeps the damaged file aside', async () => {
    damagePages(file, 0.02);
    const check = await cli('doctor', '--data', data);
    expect(check.code).toBe(1);
    expect(check.stderr).toContain(`${file} is damaged:`);
    expect(check.stderr).toContain('--recover');
    const recovered = await cli('doctor', '--data', data, '--recover');
    expect(recovered.stderr).not.toMatch(/^error:/m);
    expect(recovered.code).toBe(0);
    expect(recovered.stdout).toMatch(/damaged file is kept as .*driveshare\.db\.damaged-/);
    expect(readdirSync(data).some((name) => name.startsWith('driveshare.db.damaged-'))).toBe(true);
    const again = await cli('doctor', '--data', data);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^ok: /);
    const db = openDatabase(file);
    const counts = await new SqliteRawStore(db).counts();
    // Every snapshot left reads back: deltas whose base was lost went with it.
    const records = new SqliteRawStore(db).readAfterSync(null, 100_000);
    db.close();
    expect(records.filter((record) => record.snapshot !== null)).toHaveLength(counts.snapshots);
    // What the damaged pages held is lost; what they did not hold is all there.
    expect(counts.addresses).toBe(1_000);
    expect(counts.snapshots).toBeGreaterThan(0);
    expect(counts.snapshots).toBeLessThanOrEqual(STORED_SCRAPES / 2);
  }, 60_000);
});

describe('a store file that is not a database', () => {
  it('is refused with a message that names the file and what to do', () => {
    writeFileSync(file, 'these are not the pages you are looking for\n'.repeat(200));
    expect(() => openDatabase(file)).toThrow(new RegExp(`${file.replaceAll('/', '\\/')} is not an SQLite database .*move it aside`));
  });
});
