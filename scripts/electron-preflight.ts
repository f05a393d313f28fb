/**
 * The preflight's I/O: look for Electron's binary, run Electron's own installer once if it is
 * missing, and let electron-preflight-decision.ts say whether to go on.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DEFAULT_API_PORT } from '../shared/defaults.js';
import { binaryPresent, electronDownload, thisHost } from './electron-download.js';
import {
  nextStep,
  verdictAfterFetch,
  type ElectronCommand,
  type ElectronDownload,
  type FetchOutcome,
  type PreflightFacts,
  type Verdict,
} from './electron-preflight-decision.js';

/**
 * A failed lookup or refused connection ends the installer in under a second; the limit is for a
 * network that swallows packets, and leaves room for a real ~100 MB download.
 */
const INSTALLER_TIMEOUT_MS = 10 * 60_000;

export type PreflightResult = { kind: 'ready'; download: ElectronDownload } | { kind: 'stop'; message: string };

type Environment = Readonly<Record<string, string | undefined>>;

function electronPackage(): { dir: string; version: string } {
  const packageJson = createRequire(import.meta.url).resolve('electron/package.json');
  const { version } = JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string };
  return { dir: dirname(packageJson), version };
}

function firstErrorLine(output: string): string | undefined {
  return output
    .split('\n')
    .map((line) => line.trim())
    .find((line) => line.length > 0 && !line.startsWith('at '));
}

function runInstaller(electronDir: string, env: Environment): Promise<FetchOutcome> {
  if (env.ELECTRON_SKIP_BINARY_DOWNLOAD !== undefined) return Promise.resolve({ kind: 'skipped' });
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(electronDir, 'install.js')],
      { env, timeout: INSTALLER_TIMEOUT_MS },
      (error, _stdout, stderr) => {
        if (error === null) resolve({ kind: 'fetched' });
        else if (error.killed) resolve({ kind: 'timed-out', seconds: INSTALLER_TIMEOUT_MS / 1000 });
        else resolve({ kind: 'failed', detail: firstErrorLine(stderr) ?? `exit code ${String(error.code)}` });
      },
    );
  });
}

export async function preflight(command: ElectronCommand, env: Environment): Promise<PreflightResult> {
  const electron = electronPackage();
  const download = electronDownload(env, thisHost(), electron.dir, electron.version);
  const facts = (fetch: FetchOutcome | undefined): PreflightFacts => ({
    command,
    download,
    binaryPresent: binaryPresent(env, electron.dir, download),
    fetch,
    dashboardUrl: `http://127.0.0.1:${DEFAULT_API_PORT}/`,
  });
  const result = (verdict: Verdict): PreflightResult => (verdict.kind === 'ready' ? { kind: 'ready', download } : verdict);
  const first = nextStep(facts(undefined));
  if (first.kind !== 'fetch') return result(first);
  const fetch = await runInstaller(electron.dir, env);
  return result(verdictAfterFetch(facts(fetch), fetch));
}
