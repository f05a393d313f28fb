import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../../main/simulator/server.js';
import { LOCK_FILE_NAME } from '../../../main/store/data-dir-lock.js';
import { bsonDump, farmersDocument, totalStorageDocument } from '../../support/import-fixtures.js';
import {
  STOP_TEST_SEED,
  copyFolder,
  foldedAndRebuilt,
  integrity,
  interrupt,
  leftovers,
  removeFolder,
  scratchFolder,
  scratchRuns,
  randomFor,
  simulatedStore,
  sleep,
  type StoppedRun,
} from '../../support/stop-checks.js';

/**
 * Every long command honours Ctrl-C within a second: SIGINT at a seeded random point of each, then
 * the checks a user relies on (stopped, quickly, lock released, write-ahead log checkpointed, the
 * store sound and its aggregates what a rebuild of the stored history gives).
 */

const seedNote = `STOP_TEST_SEED=${STOP_TEST_SEED}`;
const STOP_DEADLINE_MS = 1_000;

const runs = scratchRuns();
const folder = runs.folder;

/** Resolves once `ready()` holds, polling; the commands that print nothing while they work are watched through their files. */
async function until(ready: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!ready()) {
    if (performance.now() > deadline) throw new Error('the command did not start in time');
    await sleep(10);
  }
}

/** Holds once the command has taken the data directory's lock: it has started its work. */
const locked = (dataDir: string) => (): boolean => existsSync(join(dataDir, LOCK_FILE_NAME));

/** Starts the command, waits until it has `started`, then SIGINT after a random delay below `withinMs` (seeded by `label`). */
async function stopAtRandom(label: string, args: string[], started: RegExp | (() => boolean), withinMs: number): Promise<StoppedRun & { delayMs: number }> {
  const run = runs.start(args);
  if (started instanceof RegExp) await run.waitFor(started, 60_000);
  else await until(started);
  const delayMs = Math.floor(randomFor(label)() * withinMs);
  await sleep(delayMs);
  return { ...(await interrupt(run)), delayMs };
}

function expectCleanStop(run: StoppedRun & { delayMs: number }, exitCode: number, dataDir: string | null): void {
  const context = `${seedNote}, SIGINT ${run.delayMs} ms after the start; output:\n${run.output}`;
  expect(run.stopMs, context).toBeLessThanOrEqual(STOP_DEADLINE_MS);
  expect(run.output, context).toMatch(/^stopped$/m);
  expect(run.code, context).toBe(exitCode);
  if (dataDir === null) return;
  expect(leftovers(dataDir), context).toEqual([]);
  expect(integrity(dataDir), context).toBe('ok');
}

describe('rebuild', () => {
  let history: string;
  beforeAll(async () => {
    history = scratchFolder('stop-history-');
    // Big enough that a rebuild or a first fold outlasts the random stop point (up to 400 ms) on a quiet machine.
    await simulatedStore(history, 20, 1000);
  }, 120_000);
  afterAll(() => removeFolder(history));

  it('stops between batches, exits 130 with "stopped", and leaves aggregates that the next fold completes', async () => {
    const data = copyFolder(history, 'stop-rebuild-');
    runs.adopt(data);
    const run = await stopAtRandom('rebuild', ['rebuild', '--data', data], /rebuilding from/, 400);
    expectCleanStop(run, 130, data);
    const { folded, rebuilt } = await foldedAndRebuilt(data);
    expect(folded, seedNote).toEqual(rebuilt);
  });

  it('report: its first fold of unfolded history stops between batches, exits 130 with "stopped" and no answer', async () => {
    const data = copyFolder(history, 'stop-report-');
    runs.adopt(data);
    const run = await stopAtRandom('report', ['report', '--data', data], locked(data), 400);
    expectCleanStop(run, 130, data);
    expect(run.output).not.toMatch(/^as of /m);
    const { folded, rebuilt } = await foldedAndRebuilt(data);
    expect(folded, seedNote).toEqual(rebuilt);
  });
});

describe('import', () => {
  let dump: string;
  beforeAll(() => {
    dump = scratchFolder('stop-dump-');
    // About 1.4 s of import on a quiet machine: longer than the window the stop point is drawn from.
    const scrapes = 3_000;
    writeFileSync(join(dump, 'farmers.bson'), bsonDump(Array.from({ length: scrapes }, (_, index) => farmersDocument(index, 120))));
    writeFileSync(join(dump, 'totalStorage.bson'), bsonDump(Array.from({ length: scrapes }, (_, index) => totalStorageDocument(index))));
  });
  afterAll(() => removeFolder(dump));

  it('stops after the batch being written, exits 130 with "stopped", and a second run finishes the import', async () => {
    const data = folder('stop-import-');
    const run = await stopAtRandom('import', ['import', dump, '--data', data], locked(data), 500);
    expectCleanStop(run, 130, data);
    const { folded, rebuilt } = await foldedAndRebuilt(data);
    expect(folded, seedNote).toEqual(rebuilt);
    const rerun = runs.start(['import', dump, '--data', data]);
    const again = await rerun.exited;
    expect(again.code, rerun.output()).toBe(0);
    expect(rerun.output()).toMatch(/: done: /);
  });
});

describe('collect and simulate', () => {
  let simulator: Simulator;
  beforeAll(async () => {
    simulator = await startSimulator({ port: 0, farmers: 150, seed: 'stop-collect', faults: { errorRate: 0, latencyMs: 300, malformed: null, malformedRate: 0 } });
  });
  afterAll(() => simulator.close());

  it('collect: abandons a scrape in flight, closes the store, says "stopped" and exits 0', async () => {
    const data = folder('stop-collect-');
    const run = await stopAtRandom('collect', ['collect', '--source', simulator.url, '--data', data, '--interval', '10'], /collecting from/, 2_500);
    expectCleanStop(run, 0, data);
    expect(run.output).toMatch(/stopping — abandoning a scrape in flight/);
    const { folded, rebuilt } = await foldedAndRebuilt(data);
    expect(folded, seedNote).toEqual(rebuilt);
  });

  it('collect --once: a stopped single scrape exits 130 with "stopped"', async () => {
    const data = folder('stop-collect-once-');
    const run = await stopAtRandom('collect --once', ['collect', '--once', '--source', simulator.url, '--data', data], locked(data), 200);
    // The scrape may have been stored just before the signal: then it ends as it would have.
    if (/scrape stored/.test(run.output)) return;
    expectCleanStop(run, 130, data);
  });

  it('simulate: closes the server and says "stopped"', async () => {
    const run = await stopAtRandom('simulate', ['simulate', '--port', '0', '--farmers', '50'], /simulated status server/, 1_000);
    expectCleanStop(run, 0, null);
    expect(run.output).toMatch(/stopping — closing the server and its open connections/);
    expect(run.output).not.toMatch(/finishing the current scrape/);
  });
});
