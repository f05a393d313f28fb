import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { logFilePath } from '../../../main/logging/logger.js';
import { LOCK_FILE_NAME } from '../../../main/store/data-dir-lock.js';
import type { RunningCli } from '../../support/cli.js';
import {
  STOP_TEST_SEED,
  foldedAndRebuilt,
  integrity,
  interrupt,
  leftovers,
  scratchRuns,
  randomFor,
  sleep,
  type StoppedRun,
} from '../../support/stop-checks.js';

/**
 * `headless --demo`: Ctrl-C during the backfill is acted on within a second (no collecting starts
 * after it), the dashboard address is printed only once it answers, a second Ctrl-C exits at once
 * and the next start recovers, and a terminal shows people's lines only.
 */

const seedNote = `STOP_TEST_SEED=${STOP_TEST_SEED}`;
const STOP_DEADLINE_MS = 1_000;
const DOUBLE_STOP_ATTEMPTS = 3;
const DOUBLE_STOP_HISTORY_DAYS = 10;
const DASHBOARD_LINE = /dashboard and local API: (http:\/\/\S+)\/ /;

const runs = scratchRuns();
const folder = runs.folder;

function demo(data: string, historyDays = 3): RunningCli {
  return runs.start(['headless', '--demo', '--data', data, '--port', '0', '--farmers', '100', '--history-days', String(historyDays)]);
}

function dashboardUrl(run: RunningCli): string {
  return DASHBOARD_LINE.exec(run.output())![1]!;
}

describe('headless --demo', () => {
  it('answers at the address it prints, and Ctrl-C at a random point of the backfill stops it cleanly within a second', async () => {
    const data = folder('stop-demo-');
    const run = demo(data);
    await run.waitFor(DASHBOARD_LINE, 60_000);
    const status = await fetch(`${dashboardUrl(run)}/api/v1/status`);
    expect(status.status).toBe(200);
    const delayMs = Math.floor(randomFor('headless backfill')() * 1_500);
    await sleep(delayMs);
    const stopped = await interrupt(run);
    const context = `${seedNote}, SIGINT ${delayMs} ms after the dashboard line; output:\n${stopped.output}`;
    expect(stopped.stopMs, context).toBeLessThanOrEqual(STOP_DEADLINE_MS);
    expect(stopped.code, context).toBe(0);
    expect(stopped.output, context).toMatch(/^stopped$/m);
    const afterSignal = stopped.output.slice(stopped.output.indexOf('SIGINT: stopping'));
    expect(afterSignal, context).not.toMatch(/collecting from|scrape stored/);
    expect(leftovers(data), context).toEqual([]);
    expect(integrity(data), context).toBe('ok');
    const { folded, rebuilt } = await foldedAndRebuilt(data);
    expect(folded, context).toEqual(rebuilt);
    // Its waits allow for a loaded machine (a minute to start); the stop itself is held to a second.
  }, 120_000);

  it('exits at once, by the signal, on a second Ctrl-C; the next start takes over the lock, resumes the backfill and stops cleanly', async () => {
    const data = folder('stop-double-');
    const random = randomFor('headless double');
    // The second Ctrl-C must land while the first stop is still closing things, which is a race
    // with a stop that is quick by design: a run that stopped cleanly first is tried again.
    let hard: StoppedRun | null = null;
    for (let attempt = 1; attempt <= DOUBLE_STOP_ATTEMPTS && hard === null; attempt++) {
      const first = demo(data, DOUBLE_STOP_HISTORY_DAYS);
      await first.waitFor(DASHBOARD_LINE, 60_000);
      await sleep(200 + Math.floor(random() * 600));
      first.child.kill('SIGINT');
      // Sent together, two SIGINTs can reach the process as one: the second follows the first's message.
      await first.waitFor(/SIGINT: stopping/);
      const ended = await interrupt(first);
      const lostRace = ended.code === 0 && /^stopped$/m.test(ended.output) && !/again/.test(ended.output);
      if (!lostRace) hard = ended;
    }
    const context = `${seedNote}; output:\n${hard?.output ?? `every one of ${DOUBLE_STOP_ATTEMPTS} runs had stopped before its second SIGINT`}`;
    expect(hard, context).not.toBeNull();
    // Ended by the signal itself, as a shell expects of Ctrl-C (it shows status 130), with no crash report.
    expect({ code: hard!.code, signal: hard!.signal }, context).toEqual({ code: null, signal: 'SIGINT' });
    expect(hard!.stopMs, context).toBeLessThanOrEqual(STOP_DEADLINE_MS);
    expect(hard!.output, context).toMatch(/SIGINT again: exiting at once\n?$/);

    const second = demo(data, DOUBLE_STOP_HISTORY_DAYS);
    await second.waitFor(/collecting from/, 60_000);
    expect(second.output()).not.toMatch(/lock|held by/i);
    const clean = await interrupt(second);
    expect(clean.code, `${seedNote}; output:\n${clean.output}`).toBe(0);
    expect(clean.output).toMatch(/^stopped$/m);
    expect(leftovers(data), seedNote).toEqual([]);
    expect(integrity(data), seedNote).toBe('ok');
    const { folded, rebuilt } = await foldedAndRebuilt(data);
    expect(folded, seedNote).toEqual(rebuilt);
  }, 180_000);
});

const hasScript = spawnSync('script', ['--version']).status === 0;

describe('headless on a terminal', () => {
  it.skipIf(!hasScript)('shows only human lines (JSON goes to the log file) and stops on a real Ctrl-C', async () => {
    const data = folder('stop-tty-');
    // `exec`: the shell that `script` starts ($SHELL, else sh) would otherwise get the Ctrl-C too and die by it.
    const command = `exec '${process.execPath}' --import tsx main/cli/index.ts headless --demo --data '${data}' --port 0 --farmers 50 --history-days 1`;
    // `script` runs the command on a pseudo-terminal; a ^C written to it is the terminal's Ctrl-C.
    const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd: join(import.meta.dirname, '../../..') });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const deadline = performance.now() + 60_000;
    while (!/collecting from/.test(output) && performance.now() < deadline) await sleep(50);
    child.stdin.write('\x03');
    expect(await exited, output).toBe(0);

    const lines = output.split(/\r?\n/).filter((line) => line.trim() !== '');
    expect(lines.filter((line) => line.trimStart().startsWith('{')), output).toEqual([]);
    expect(output).toMatch(/^stopped\r?$/m);
    const logged = readFileSync(logFilePath(data), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { msg: string });
    expect(logged.some((record) => record.msg.startsWith('Server listening at'))).toBe(true);
    expect(leftovers(data)).not.toContain(LOCK_FILE_NAME);
  }, 120_000);
});
