import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../../main/simulator/server.js';
import { LOCK_FILE_NAME } from '../../../main/store/data-dir-lock.js';
import { openDatabase } from '../../../main/store/sqlite/open-database.js';
import { SqliteRawStore } from '../../../main/store/sqlite/sqlite-raw-store.js';

/** The real CLI in a child process, as a user runs it. */
function startCli(args: string[]): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'main/cli/index.ts', ...args], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

// Child processes on a shared 2-core machine: generous limits (a slow run must not fail the test).
const CHILD_TEST_TIMEOUT_MS = 180_000;

describe('collector process', () => {
  let simulator: Simulator;
  const dirs: string[] = [];
  const tempDir = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'dsg-process-'));
    dirs.push(dir);
    return dir;
  };

  beforeAll(async () => {
    // Big enough that validating and storing the first scrape (every address new) takes a while.
    simulator = await startSimulator({ port: 0, farmers: 15_000, seed: 5 });
  });

  afterAll(async () => {
    await simulator.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('leaves no partial scrape when killed with SIGKILL mid-scrape, and the next run takes over its lock', async () => {
    const dir = tempDir();
    const wal = join(dir, 'driveshare.db-wal');
    const walSize = (): number => (existsSync(wal) ? statSync(wal).size : 0);
    // Kill while fetching, then twice the moment the scrape's transaction starts writing to the
    // write-ahead log (the store's commit in progress): the worst time to die.
    const rounds: Array<'while fetching' | 'while committing'> = ['while fetching', 'while committing', 'while committing'];
    for (const round of rounds) {
      const before = simulator.requests()['/api/total'] ?? 0;
      const run = startCli(['collect', '--source', simulator.url, '--data', dir, '--interval', '600']);
      await expect.poll(() => simulator.requests()['/api/total'] ?? 0, { timeout: 60_000, interval: 5 }).toBeGreaterThan(before);
      if (round === 'while committing') {
        const baseline = walSize();
        await expect.poll(walSize, { timeout: 60_000, interval: 1 }).not.toBe(baseline);
      }
      run.child.kill('SIGKILL');
      await run.exited;
    }
    // A last run that is allowed to finish its scrape, then stops on Ctrl-C.
    const last = startCli(['collect', '--source', simulator.url, '--data', dir, '--interval', '600']);
    await expect.poll(() => last.output(), { timeout: 60_000, interval: 50 }).toMatch(/scrape stored/);
    last.child.kill('SIGINT');
    expect(await last.exited).toBe(0);
    expect(existsSync(join(dir, LOCK_FILE_NAME))).toBe(false);

    const db = openDatabase(join(dir, 'driveshare.db'));
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const rows = db
        .prepare<[], { id: number; ok: number; farmers: number | null; codec: number | null; data: Buffer | null }>(
          'SELECT s.id, s.ok, s.farmers, n.codec, n.data FROM scrapes s LEFT JOIN snapshots n ON n.scrape_id = s.id',
        )
        .all();
      expect(rows.filter((row) => row.ok === 1).length).toBeGreaterThanOrEqual(1);
      const decoded = new Map(new SqliteRawStore(db).readAfterSync(null, rows.length).map((record) => [record.cursor.key, record.snapshot]));
      for (const row of rows) {
        if (row.ok === 0) continue;
        expect(row.data, `scrape ${row.id} has its snapshot`).not.toBeNull();
        expect(decoded.get(row.id.toString().padStart(16, '0'))?.ids.length).toBe(row.farmers);
      }
      const orphans = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM snapshots WHERE scrape_id NOT IN (SELECT id FROM scrapes)').get()!;
      expect(orphans.n).toBe(0);
    } finally {
      db.close();
    }
  }, CHILD_TEST_TIMEOUT_MS);

  it('refuses a second collector on the same data directory, naming the first one', async () => {
    const dir = tempDir();
    const first = startCli(['collect', '--source', simulator.url, '--data', dir, '--interval', '600']);
    try {
      await expect.poll(() => first.output(), { timeout: 60_000, interval: 50 }).toMatch(/collecting from/);
      const second = startCli(['collect', '--once', '--source', simulator.url, '--data', dir]);
      expect(await second.exited).toBe(1);
      expect(second.output()).toContain(`pid ${first.child.pid}`);
      expect(second.output()).toContain(dir);
    } finally {
      first.child.kill('SIGINT');
      await first.exited;
    }
  }, CHILD_TEST_TIMEOUT_MS);
});
