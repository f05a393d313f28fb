import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

function startHeadless(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'main/cli/index.ts', 'headless', ...args], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

// Child processes on a shared 2-core machine: generous limits (a slow run must not fail the test).
const CHILD_TEST_TIMEOUT_MS = 120_000;

describe('headless --demo', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dsg-demo-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const args = ['--demo', '--farmers', '30', '--history-days', '1', '--port', '0', '--data', dir];

  it('fills the history through the ingest path, serves it, scrapes live, and stops cleanly on Ctrl-C', async () => {
    const run = startHeadless(args);
    try {
      await expect.poll(run.output, { timeout: 100_000, interval: 100 }).toMatch(/scrape stored: \d+ farmers/);
      expect(run.output()).toMatch(/stored 288 simulated scrapes/);
      const url = /local API: (http:\/\/127\.0\.0\.1:\d+)/.exec(run.output())![1]!;
      const status = (await (await fetch(`${url}/api/v1/status`)).json()) as { store: { scrapes: number; snapshots: number } };
      expect(status.store).toMatchObject({ scrapes: 289, snapshots: 289 });
    } finally {
      run.child.kill('SIGINT');
    }
    expect(await run.exited).toBe(0);
    expect(run.output()).toMatch(/stopped\s*$/);
  }, CHILD_TEST_TIMEOUT_MS);

  it('fills only the gap, not the whole history again, when the data directory already has it', async () => {
    const run = startHeadless(args);
    try {
      await expect.poll(run.output, { timeout: 100_000, interval: 100 }).toMatch(/scrape stored/);
      // At most the 5-minute mark that may have passed since the first run.
      expect(run.output()).not.toMatch(/stored (?![01] )\d+ simulated scrapes/);
    } finally {
      run.child.kill('SIGINT');
    }
    expect(await run.exited).toBe(0);
  }, CHILD_TEST_TIMEOUT_MS);
});
