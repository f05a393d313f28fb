import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseFile } from '../../../main/store/data-dir.js';
import { openDatabase } from '../../../main/store/sqlite/open-database.js';
import { CLI_BIN, cli } from '../../support/cli.js';
import { packagesLoadedBy } from '../../support/loaded-packages.js';

/** Packages a command must not load unless it uses them: the drivers, the server and the logger. */
const HEAVY = ['mongodb', 'bson', 'fastify', '@fastify/static', '@fastify/compress', 'pino', 'nodemailer', 'better-sqlite3', 'cli-progress'];
const heavyIn = (packages: Set<string>): string[] => HEAVY.filter((name) => packages.has(name));

describe('the compiled CLI', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cli-start-'));
    mkdirSync(join(dir, 'empty'));
    openDatabase(databaseFile(join(dir, 'empty'))).close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs from bin/ and lists every command', async () => {
    const { code, stdout } = await cli('--help');
    expect(code).toBe(0);
    for (const command of ['collect', 'simulate', 'headless', 'import', 'report', 'summary', 'rebuild', 'logs', 'doctor', 'stats']) {
      expect(stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    }
  });

  it('--help, a command\'s help and a report on an empty store load none of the drivers they do not use', async () => {
    const help = await packagesLoadedBy(CLI_BIN, ['--help']);
    expect(help.code).toBe(0);
    expect(help.packages.has('commander')).toBe(true);
    expect(heavyIn(help.packages)).toEqual([]);

    for (const command of ['collect', 'headless', 'import', 'rebuild', 'simulate']) {
      const commandHelp = await packagesLoadedBy(CLI_BIN, [command, '--help']);
      expect(commandHelp.code).toBe(0);
      expect(heavyIn(commandHelp.packages), command).toEqual([]);
    }

    const report = await packagesLoadedBy(CLI_BIN, ['report', '--data', join(dir, 'empty')]);
    expect(report).toMatchObject({ code: 0, stdout: expect.stringContaining('no history yet') });
    expect(heavyIn(report.packages)).toEqual(['better-sqlite3']);
  });

  it('a scrape into SQLite loads neither the MongoDB driver, bson nor the API server', async () => {
    // Port 9 (discard) has no status server: the scrape fails fast, after the engine has started.
    const collect = await packagesLoadedBy(CLI_BIN, ['collect', '--once', '--source', 'http://127.0.0.1:9', '--data', join(dir, 'collect')]);
    expect(collect.stdout).toContain('scrape failed (connection)');
    expect(heavyIn(collect.packages)).toEqual(['pino', 'better-sqlite3']);
  });

  it('says how to build it when the build is missing', async () => {
    const checkout = join(dir, 'checkout');
    mkdirSync(join(checkout, 'bin'), { recursive: true });
    copyFileSync(CLI_BIN, join(checkout, 'bin', 'driveshare-graph.js'));
    const outcome = await packagesLoadedBy(join(checkout, 'bin', 'driveshare-graph.js'), ['--help']);
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toContain('run `npm run build:cli`');
  });
});
