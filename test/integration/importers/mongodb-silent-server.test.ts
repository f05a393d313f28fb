import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ImportRunner } from '../../../main/importers/import-runner.js';
import { runImport } from '../../support/run-import.js';
import { PayloadValidator } from '../../../main/collector/validate-payload.js';
import { LOCK_FILE_NAME } from '../../../main/store/data-dir-lock.js';
import { MongoRawStore } from '../../../main/store/mongodb/mongo-raw-store.js';
import { bsonDump, scratchDir, sqliteTarget, totalStorageDocument, writeFile, type TestTarget } from '../../support/import-fixtures.js';
import { silentServer, unboundedUri, type SilentServer } from '../../support/silent-server.js';

let scratch: ReturnType<typeof scratchDir>;
let target: TestTarget;
let silent: SilentServer;

beforeEach(async () => {
  scratch = scratchDir();
  target = sqliteTarget(join(scratch.dir, 'store.db'));
  silent = await silentServer();
});

afterEach(async () => {
  target.db.close();
  await silent.close();
  scratch.cleanup();
});

/** Stores a small dump so each test can check that earlier history survives. */
async function storeEarlierHistory(): Promise<number> {
  const file = writeFile(join(scratch.dir, 'totalStorage.bson'), bsonDump(Array.from({ length: 20 }, (_, i) => totalStorageDocument(i))));
  const final = await runImport(target, { kind: 'path', path: file });
  expect(final.state).toBe('done');
  return (await target.store.counts()).scrapes;
}

async function waitForConnection(): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (silent.connections() === 0) {
    if (Date.now() > deadline) throw new Error('the client never connected to the silent server');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('a MongoDB import from a server that never answers (all timeouts 0 in its URI)', () => {
  it('is cancelled at once, the cancel answers within a second, and a new import is accepted', async () => {
    const runner = new ImportRunner(target);
    const before = await storeEarlierHistory();
    expect(before).toBe(20);
    const started = runner.start({ kind: 'mongodb', uri: unboundedUri(silent.port) });
    await waitForConnection();
    expect(runner.status()?.state).toBe('running');
    const asked = Date.now();
    const final = await runner.cancel(started.id);
    expect(Date.now() - asked).toBeLessThan(1_000);
    expect(final).toMatchObject({ id: started.id, state: 'cancelled' });
    const next = runner.start({ kind: 'mongodb', uri: unboundedUri(silent.port) });
    expect(next.id).not.toBe(started.id);
    await runner.stop();
    expect(runner.status()?.state).toBe('cancelled');
    expect((await target.store.counts()).scrapes).toBe(before);
  });

  it('fails on its own within the bounded server-selection time, saying which server', async () => {
    const runner = new ImportRunner(target);
    const began = Date.now();
    runner.start({ kind: 'mongodb', uri: unboundedUri(silent.port) });
    const rawStore = MongoRawStore.connect({ uri: unboundedUri(silent.port), farmerValidator: new PayloadValidator() }, target.db);
    await expect(rawStore).rejects.toMatchObject({ code: 'unavailable', message: expect.stringContaining(`127.0.0.1:${silent.port}`) });
    await expect.poll(() => runner.status()?.state, { timeout: 5_000 }).toBe('failed');
    expect(Date.now() - began).toBeLessThan(15_000);
    expect(runner.status()?.errors[0]).toMatch(new RegExp(`cannot reach mongodb://127\\.0\\.0\\.1:${silent.port}/GroupB`));
    // No 409 afterwards.
    const next = runner.start({ kind: 'mongodb', uri: unboundedUri(silent.port) });
    await runner.cancel(next.id);
  }, 30_000);

  it('stops the CLI import on the first SIGINT and releases the data directory', async () => {
    const data = join(scratch.dir, 'data');
    const child = spawn(process.execPath, ['--import', 'tsx', 'main/cli/index.ts', 'import', unboundedUri(silent.port), '--data', data], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await waitForConnection();
      const signalled = Date.now();
      child.kill('SIGINT');
      const code = await Promise.race([exited, new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 3_000))]);
      expect(code).toBe(130);
      expect(Date.now() - signalled).toBeLessThan(3_000);
      expect(stderr).toMatch(/cancelled: run the same command again/);
      expect(existsSync(join(data, LOCK_FILE_NAME))).toBe(false);
    } finally {
      child.kill('SIGKILL');
    }
  }, 30_000);
});
