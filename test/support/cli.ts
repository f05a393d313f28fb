import { execFile, spawn, type ChildProcess } from 'node:child_process';
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

export interface RunningCli {
  readonly child: ChildProcess;
  /** Everything written so far to standard output and standard error, interleaved. */
  output(): string;
  /** Resolves once the output matches `pattern`; rejects after `timeoutMs` or when the process ends first. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** Resolves when the process has ended, with its exit code (null after a kill) and when it ended (performance.now()). */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

/** Starts `driveshare-graph <args>` as its own process (standard streams are pipes, not a terminal) and follows its output. */
export function startCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): RunningCli {
  const child = spawn(process.execPath, ['--import', 'tsx', 'main/cli/index.ts', ...args], { cwd: ROOT, env: { ...process.env, ...env } });
  let text = '';
  const waiters = new Set<() => void>();
  const append = (chunk: Buffer): void => {
    text += chunk.toString('utf8');
    for (const check of waiters) check();
  };
  child.stdout.on('data', append);
  child.stderr.on('data', append);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal, at: performance.now() }));
  });
  let ended = false;
  void exited.then(() => {
    ended = true;
    for (const check of waiters) check();
  });
  const waitFor = (pattern: RegExp, timeoutMs = 30_000): Promise<void> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => finish(new Error(`no ${String(pattern)} within ${timeoutMs} ms; output:\n${text}`)), timeoutMs);
      const finish = (error?: Error): void => {
        clearTimeout(timer);
        waiters.delete(check);
        if (error) reject(error);
        else resolve();
      };
      const check = (): void => {
        if (pattern.test(text)) finish();
        else if (ended) finish(new Error(`the process ended without ${String(pattern)}; output:\n${text}`));
      };
      waiters.add(check);
      check();
    });
  return { child, output: () => text, waitFor, exited };
}
