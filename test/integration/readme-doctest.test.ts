import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_BIN, cli } from '../support/cli.js';
import { consoleSteps, outputMismatch, readmeBlocks, type ReadmeBlock } from '../support/readme-blocks.js';

/**
 * The README doctest: every code block of README.md is checked as test/support/readme-blocks.ts
 * describes — `run` blocks are typed into a shell against a demo (a small `headless --demo` with
 * its own default data folder and a free port), `synopsis` blocks are held against `--help`, and
 * `skip` blocks say why they cannot run here. A block without a marker fails.
 */

const ROOT = join(import.meta.dirname, '../..');
const BLOCKS = readmeBlocks(readFileSync(join(ROOT, 'README.md'), 'utf8'));
/** The address the README's examples use for the local API. */
const README_API = 'http://127.0.0.1:7780';
/** Small enough to fill in seconds, long enough for a complete day of summaries. */
const DEMO_ARGS = ['headless', '--demo', '--farmers', '200', '--history-days', '2', '--port', '0'];

interface Demo {
  child: ChildProcess;
  api: string;
}

/** Starts the demo and resolves with its API's address once that answers with folded history. */
async function startDemo(env: NodeJS.ProcessEnv): Promise<Demo> {
  const child = spawn(process.execPath, [CLI_BIN, ...DEMO_ARGS], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const api = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /dashboard and local API: (http:\/\/127\.0\.0\.1:\d+)\//.exec(output);
      if (match) resolve(match[1]!);
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`the demo exited (${code}) before its API answered:\n${output}`)));
  });
  for (;;) {
    const payload = (await (await fetch(`${api}/api/v1/network?points=2`)).json()) as { asOf: number | null };
    const status = (await (await fetch(`${api}/api/v1/status`)).json()) as { jobs: { state: string } };
    if (payload.asOf !== null && status.jobs.state === 'idle') return { child, api };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function stopDemo(demo: Demo): Promise<void> {
  if (demo.child.exitCode !== null) return;
  const exited = new Promise((resolve) => demo.child.once('exit', resolve));
  demo.child.kill('SIGINT');
  await exited;
}

interface StepOutcome {
  code: number;
  lines: string[];
}

/** Runs a block's commands in order in one bash (so a variable set by one reaches the next); each step's output and status. */
async function runSteps(commands: readonly string[], env: NodeJS.ProcessEnv, scratch: string): Promise<StepOutcome[]> {
  const script = commands.map((command, index) => `{ ${command}\n} > ${scratch}/out.${index} 2>&1; echo $? > ${scratch}/code.${index}`).join('\n');
  writeFileSync(join(scratch, 'block.sh'), `${script}\n`);
  await new Promise<void>((resolve, reject) => {
    const shell = spawn('bash', [join(scratch, 'block.sh')], { cwd: ROOT, env: { ...process.env, ...env }, stdio: 'ignore' });
    shell.on('exit', () => resolve());
    shell.on('error', reject);
  });
  return commands.map((_, index) => {
    const text = readFileSync(join(scratch, `out.${index}`), 'utf8').replace(/\n$/, '');
    return { code: Number(readFileSync(join(scratch, `code.${index}`), 'utf8')), lines: text === '' ? [] : text.split('\n') };
  });
}

/** What is wrong with a step that shows no output: it failed, or it is an HTTP request that brought no data. */
function silentStepProblem(command: string, outcome: StepOutcome): string | null {
  if (outcome.code !== 0) return `exited with ${outcome.code}: ${outcome.lines.join('\n')}`;
  if (!/^curl\b/.test(command)) return null;
  const text = outcome.lines.join('\n').trim();
  if (text === '' || text === '[]' || text.startsWith('{"error"')) return `returned no data: ${text}`;
  return null;
}

/**
 * The command a synopsis line is about, with its subcommand if any (`alerts test`):
 * `npx driveshare-graph <command> [<subcommand>]` or `npm run headless --`.
 */
function synopsisCommand(line: string): string[] | null {
  if (line.startsWith('npm run headless --')) return ['headless'];
  const words = /^npx driveshare-graph ((?:[a-z][a-z-]* ?)+)/.exec(line)?.[1]?.trim().split(' ');
  return words ?? null;
}

/** The default data folder is moved into a temporary one through XDG_CONFIG_HOME, which only Linux reads. */
const ON_LINUX = process.platform === 'linux';
if (!ON_LINUX) console.warn('README doctest skipped: it needs Linux (XDG_CONFIG_HOME keeps it out of your own data folder)');

describe.skipIf(!ON_LINUX)('README.md', () => {
  let home: string;
  let scratch: string;
  let env: NodeJS.ProcessEnv;
  let demo: Demo | null = null;

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'readme-doctest-'));
    scratch = mkdtempSync(join(tmpdir(), 'readme-doctest-steps-'));
    env = { XDG_CONFIG_HOME: home };
    demo = await startDemo(env);
  }, 120_000);
  afterAll(async () => {
    if (demo !== null) await stopDemo(demo);
    rmSync(home, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  });

  it('marks every code block: run, synopsis, or skip with a reason', () => {
    const unmarked = BLOCKS.filter((block) => block.marker === null).map((block) => `line ${block.line}`);
    expect(unmarked, 'put <!-- doctest: run -->, <!-- doctest: synopsis --> or <!-- doctest: skip (reason) --> before each block').toEqual([]);
  });

  it('`npx driveshare-graph` finds this project\'s own command (no install, no registry)', async () => {
    const outcome = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      let stdout = '';
      const child = spawn('npx', ['--no', '--offline', 'driveshare-graph', '--help'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'] });
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.on('exit', (code) => resolve({ code, stdout }));
    });
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toContain('Usage: driveshare-graph');
  });

  const runBlocks = BLOCKS.filter((block): block is ReadmeBlock => block.marker?.kind === 'run');
  it.each(runBlocks.map((block) => [block.line, block] as const))('the commands of the block at line %i print what it shows', async (_line, block) => {
    expect(block.language).toBe('console');
    const steps = consoleSteps(block.body);
    const commands = steps.map((step) => step.command.replaceAll(README_API, demo!.api));
    const outcomes = await runSteps(commands, env, scratch);
    steps.forEach((step, index) => {
      const outcome = outcomes[index]!;
      const problem = step.expected.length === 0 ? silentStepProblem(step.command, outcome) : outputMismatch(step.expected, outcome.lines);
      expect(problem, `$ ${step.command}`).toBeNull();
    });
  });

  const synopses = BLOCKS.filter((block) => block.marker?.kind === 'synopsis');
  it.each(synopses.map((block) => [block.line, block] as const))('every option of the synopsis at line %i is one its command takes', async (_line, block) => {
    for (const line of block.body) {
      const command = synopsisCommand(line);
      expect(command, line).not.toBeNull();
      const help = await cli(...command!, '--help');
      expect(help.code, line).toBe(0);
      for (const option of line.match(/--[a-z][a-z-]*/g) ?? []) {
        expect(help.stdout, `${line}: ${option}`).toMatch(new RegExp(`${option}\\b`));
      }
    }
  });
});
