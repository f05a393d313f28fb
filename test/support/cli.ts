import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '../..');

/** The command a user runs: the compiled CLI through its bin script (vitest's global setup builds it). */
export const CLI_BIN = join(ROOT, 'bin', 'driveshare-graph.js');

export interface CliOutcome {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** Variables on top of this process's environment (e.g. XDG_CONFIG_HOME for a default data folder of the test's own). */
  env?: NodeJS.ProcessEnv;
}

/** Runs `driveshare-graph <args>` as a user would (its own process, from the repository root) and says how it ended. */
export async function cli(...args: string[]): Promise<CliOutcome> {
  return cliWith({}, ...args);
}

/** `cli`, with options for the process. */
export async function cliWith(options: CliOptions, ...args: string[]): Promise<CliOutcome> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI_BIN, ...args], { cwd: ROOT, timeout: 60_000, env: { ...process.env, ...options.env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}
