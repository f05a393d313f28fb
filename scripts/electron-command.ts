/**
 * `npm start`, `npm run preview` and `npm run dist`: the preflight first (seconds, before any
 * rebuild or build), then the Electron tool chain on the binary the preflight found.
 * Run: `node --import tsx scripts/electron-command.ts <start|preview|dist>`.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ELECTRON_COMMANDS, commandLine, type ElectronCommand, type ElectronDownload } from './electron-preflight-decision.js';
import { preflight } from './electron-preflight.js';
import { withNodeBuildSetAside } from './electron-native-build.js';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));
const resolvePackage = (name: string): string => dirname(createRequire(import.meta.url).resolve(`${name}/package.json`));
const electronVite = join(resolvePackage('electron-vite'), 'bin', 'electron-vite.js');
const electronBuilder = join(resolvePackage('electron-builder'), 'cli.js');
const installAppDeps = join(resolvePackage('electron-builder'), 'install-app-deps.js');

/** Runs a tool with this Node; a failing step ends the command with the tool's exit status. */
function run(script: string, args: readonly string[], env: NodeJS.ProcessEnv): void {
  const { status, signal } = spawnSync(process.execPath, [script, ...args], { cwd: projectRoot, env, stdio: 'inherit' });
  if (status !== 0) throw new StepFailed(status ?? 1, signal === null ? `exit status ${String(status)}` : signal);
}

class StepFailed extends Error {
  constructor(
    readonly exitCode: number,
    reason: string,
  ) {
    super(reason);
  }
}

function dist(download: ElectronDownload, env: NodeJS.ProcessEnv): void {
  // Ctrl-C reaches the tools themselves; this process stays to put Node's build back.
  process.on('SIGINT', () => undefined);
  const steps = (): void => {
    run(electronVite, ['build'], env);
    // Packages the very binary the preflight found instead of downloading Electron a second time.
    run(electronBuilder, ['--publish', 'never', `--config.electronDist=${download.distFolder}`], env);
  };
  withNodeBuildSetAside(resolvePackage('better-sqlite3'), steps, (sentence) => console.error(sentence));
}

function runCommand(command: ElectronCommand, download: ElectronDownload): void {
  // electron-vite finds the binary through ELECTRON_EXEC_PATH before node_modules/electron/path.txt.
  const env = { ...process.env, ELECTRON_EXEC_PATH: download.binaryPath };
  if (command === 'dist') return dist(download, env);
  run(installAppDeps, [], env);
  run(electronVite, [command === 'start' ? 'dev' : 'preview'], env);
}

function parseCommand(argument: string | undefined): ElectronCommand | undefined {
  return ELECTRON_COMMANDS.find((command) => command === argument);
}

async function main(): Promise<number> {
  const command = parseCommand(process.argv[2]);
  if (command === undefined) {
    console.error(`usage: electron-command.ts <${ELECTRON_COMMANDS.join('|')}>, got ${process.argv[2] ?? 'nothing'}`);
    return 2;
  }
  const result = await preflight(command, process.env);
  if (result.kind === 'stop') {
    console.error(result.message);
    return 1;
  }
  try {
    runCommand(command, result.download);
    return 0;
  } catch (error) {
    if (!(error instanceof StepFailed)) throw error;
    console.error(`${commandLine(command)} failed: a step ended with ${error.message}.`);
    return error.exitCode;
  }
}

process.exitCode = await main();
