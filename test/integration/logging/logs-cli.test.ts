import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOG_FILE_NAME, SHELL_LOG_FILE_NAME, createLogger, logsDirectory, subsystemLogger } from '../../../main/logging/logger.js';
import { bsonDump, totalStorageDocument, writeFile } from '../../support/import-fixtures.js';
import { cli } from '../../support/cli.js';

const ROOT = join(import.meta.dirname, '../../..');
const CLI_ARGS = ['--import', 'tsx', 'main/cli/index.ts'];
/** Each run of the CLI starts tsx (seconds on a busy machine); tests that run it several times get longer. */
const CLI_RUNS_TIMEOUT_MS = 120_000;


let data: string;
beforeEach(() => {
  data = mkdtempSync(join(tmpdir(), 'logs-cli-'));
});
afterEach(() => rmSync(data, { recursive: true, force: true }));

/** Lines as the engine writes them, straight into the data directory's log file. */
function engineLog(): ReturnType<typeof subsystemLogger> {
  return subsystemLogger(createLogger({ dataDir: data, console: false }), 'collector');
}

describe('driveshare-graph logs', () => {
  it('--path prints where the engine\'s (or with --shell, the desktop shell\'s) log file is', async () => {
    expect(await cli('logs', '--data', data, '--path')).toMatchObject({ code: 0, stdout: `${join(logsDirectory(data), LOG_FILE_NAME)}\n` });
    expect((await cli('logs', '--data', data, '--path', '--shell')).stdout.trim()).toBe(join(logsDirectory(data), SHELL_LOG_FILE_NAME));
  }, CLI_RUNS_TIMEOUT_MS);

  it('says so clearly, with status 1, when there is no log yet', async () => {
    const result = await cli('logs', '--data', data);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`no log yet: ${join(logsDirectory(data), LOG_FILE_NAME)} does not exist`);
  });

  it('prints the last lines a command logged: JSON when not on a terminal or with --json, readable with --log-format pretty', async () => {
    const dump = writeFile(join(data, 'totalStorage.bson'), bsonDump([totalStorageDocument(0), totalStorageDocument(1, { total_TB: 'n/a' })]));
    expect((await cli('import', dump, '--data', data)).code).toBe(0);
    const logger = engineLog();
    for (let i = 1; i <= 60; i++) logger.info({ i }, 'scrape stored');

    const plain = await cli('logs', '--data', data);
    const lines = plain.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(50);
    expect(lines.at(-1)).toMatchObject({ subsystem: 'collector', msg: 'scrape stored', i: 60 });

    const all = await cli('logs', '--data', data, '--lines', '61', '--json');
    expect(JSON.parse(all.stdout.split('\n')[0] ?? '')).toMatchObject({
      subsystem: 'importers',
      msg: 'import finished',
      state: 'done',
      imported: 1,
      rejected: 1,
    });

    const pretty = await cli('--log-format', 'pretty', 'logs', '--data', data, '--lines', '61');
    const prettyLines = pretty.stdout.trim().split('\n');
    expect(prettyLines[0]).toMatch(/^\d\d:\d\d:\d\dZ INFO importers: import finished source=\S+totalStorage\.bson state=done imported=1 skipped=0 rejected=1 /);
    expect(prettyLines.at(-1)).toMatch(/^\d\d:\d\d:\d\dZ INFO collector: scrape stored i=60$/);
  }, CLI_RUNS_TIMEOUT_MS);

  it('--follow prints new lines as they are written and stops within a second of Ctrl-C', async () => {
    const logger = engineLog();
    logger.info('before following');
    const child = spawn(process.execPath, [...CLI_ARGS, 'logs', '--data', data, '--follow', '--lines', '1'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      await expect.poll(() => output, { timeout: 20_000 }).toContain('before following');
      logger.warn({ code: 'timeout' }, 'scrape failed');
      await expect.poll(() => output, { timeout: 5_000 }).toContain('scrape failed');
      const stoppedAt = Date.now();
      child.kill('SIGINT');
      expect(await exited).toBe(0);
      expect(Date.now() - stoppedAt).toBeLessThan(1_000);
      expect(output.trim().split('\n').map((line) => (JSON.parse(line) as { msg: string }).msg)).toEqual(['before following', 'scrape failed']);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
