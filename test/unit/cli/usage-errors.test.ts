import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Command, CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerCommands } from '../../../main/cli/commands/index.js';
import { USAGE_EXIT_CODE, exitCodeOf } from '../../../main/cli/usage-error.js';

const ADDRESS = '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2';

/** Parses a command line the way the CLI does, in process; only refused lines are given, so no action runs. */
async function refusal(...args: string[]): Promise<{ status: number; message: string }> {
  const program = new Command().exitOverride().configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
  registerCommands(program);
  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return { status: exitCodeOf(error), message: error.message };
    throw error;
  }
  throw new Error(`accepted: ${args.join(' ')}`);
}

const invalid = (option: string, value: string, expected: string) => `error: option '${option}' argument '${value}' is invalid. ${expected}`;
const MONGODB = 'Expected a mongodb:// or mongodb+srv:// URI with a host, e.g. mongodb://127.0.0.1/GroupB.';
const PATH = 'Expected a file or directory path.';

describe('every command refuses bad usage with one message shape and status 2', () => {
  it.each([
    [['report', '--points', 'abc'], invalid('--points <n>', 'abc', 'Expected an integer from 2 to 10000.')],
    [['report', '--from', 'yesterday'], invalid('--from <ms>', 'yesterday', 'Expected a time in epoch milliseconds (a whole number, 0 or more).')],
    [['report', '--from', '5', '--to', '3'], "error: option '--from <ms>' must not be after '--to <ms>'"],
    [['report', '--store', 'notamongo'], invalid('--store <uri>', 'notamongo', MONGODB)],
    [['report', '--data', ''], invalid('--data <dir>', '', PATH)],
    [['summary', ADDRESS, '--store', 'notamongo'], invalid('--store <uri>', 'notamongo', MONGODB)],
    [['rebuild', '--store', 'notamongo'], invalid('--store <uri>', 'notamongo', MONGODB)],
    [['rebuild', '--data', ' '], invalid('--data <dir>', ' ', PATH)],
    [['collect', '--source', 'http://127.0.0.1:5000', '--interval', '5'], invalid('--interval <seconds>', '5', 'Expected an integer from 10 to 86400.')],
    [['collect', '--source', 'http://127.0.0.1:5000', '--timeout', '0'], invalid('--timeout <seconds>', '0', 'Expected an integer from 1 to 300.')],
    [['collect', '--source', 'http://127.0.0.1:5000', '--retention-days', '-1'], invalid('--retention-days <days>', '-1', 'Expected an integer from 0 to 36500.')],
    [['collect', '--source', 'http://127.0.0.1:5000', '--log-retention-days', '0'], invalid('--log-retention-days <days>', '0', 'Expected an integer from 1 to 36500.')],
    [['headless', '--demo', '--log-retention-days', '36501'], invalid('--log-retention-days <days>', '36501', 'Expected an integer from 1 to 36500.')],
    [['collect', '--source', 'ftp://example.org'], invalid('--source <url>', 'ftp://example.org', 'Expected an http:// or https:// URL, e.g. http://127.0.0.1:5000.')],
    [['collect', '--source', 'http://127.0.0.1:5000', '--store', 'mongodb://'], invalid('--store <uri>', 'mongodb://', MONGODB)],
    [['headless', '--demo', '--port', '70000'], invalid('--port <port>', '70000', 'Expected an integer from 0 to 65535.')],
    [['headless', '--demo', '--farmers', 'many'], invalid('--farmers <count>', 'many', 'Expected an integer from 0 to 1000000.')],
    [['headless', '--demo', '--interval', '1e3'], invalid('--interval <seconds>', '1e3', 'Expected an integer from 10 to 86400.')],
    [['import', 'dump', '--store', 'notamongo'], invalid('--store <uri>', 'notamongo', MONGODB)],
    [['import', 'dump', '--data', ''], invalid('--data <dir>', '', PATH)],
    [['import', 'dump', 'mongodb+srv://'], `error: command-argument value 'mongodb+srv://' is invalid for argument 'sources'. ${MONGODB}`],
    [['simulate', '--error-rate', '2'], invalid('--error-rate <share>', '2', 'Expected a number from 0 to 1.')],
    [['simulate', '--port', '-1'], invalid('--port <port>', '-1', 'Expected an integer from 0 to 65535.')],
  ])('%j', async (args, message) => {
    expect(await refusal(...args)).toEqual({ status: USAGE_EXIT_CODE, message });
  });

  it('an invalid farmer address is refused as an argument, with the reason', async () => {
    const { status, message } = await refusal('summary', 'not-an-address');
    expect(status).toBe(USAGE_EXIT_CODE);
    expect(message).toMatch(/^error: command-argument value 'not-an-address' is invalid for argument 'btc_addr'\. Expected a farmer address: /);
  });

  it('headless needs exactly one source', async () => {
    expect(await refusal('headless')).toEqual({ status: USAGE_EXIT_CODE, message: 'error: headless needs exactly one of --source <url> or --demo' });
    const both = await refusal('headless', '--demo', '--source', 'http://127.0.0.1:5000');
    expect(both.status).toBe(USAGE_EXIT_CODE);
  });

  it('unknown options and missing required ones are usage errors too; help is not', async () => {
    expect((await refusal('report', '--frob')).status).toBe(USAGE_EXIT_CODE);
    expect((await refusal('collect')).message).toBe("error: required option '--source <url>' not specified");
    expect(await refusal('report', '--help')).toMatchObject({ status: 0 });
  });
});

describe('the driveshare-graph entry point', () => {
  const CLI = join(import.meta.dirname, '../../../main/cli/index.ts');
  const run = promisify(execFile);
  const cli = (...args: string[]) =>
    run(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: join(import.meta.dirname, '../../..') }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
    );

  it('exits with status 2 and the message on bad usage', { timeout: 60_000 }, async () => {
    const [points, store, interval] = await Promise.all([
      cli('report', '--points', 'abc'),
      cli('report', '--store', 'notamongo'),
      cli('collect', '--source', 'http://127.0.0.1:5000', '--interval', '5'),
    ]);
    expect(points.code).toBe(2);
    expect(points.stderr).toContain("error: option '--points <n>' argument 'abc' is invalid. Expected an integer from 2 to 10000.");
    expect(store.code).toBe(2);
    expect(store.stderr).toContain("error: option '--store <uri>' argument 'notamongo' is invalid.");
    expect(interval.code).toBe(2);
    expect(interval.stderr).toContain("error: option '--interval <seconds>' argument '5' is invalid. Expected an integer from 10 to 86400.");
  });
});
