import { describe, expect, it } from 'vitest';
import {
  commandLine,
  nextStep,
  type ElectronCommand,
  type FetchOutcome,
  type PreflightFacts,
} from '../../../scripts/electron-preflight-decision.js';

const download = {
  version: '41.7.1',
  distFolder: '/app/node_modules/electron/dist',
  binaryPath: '/app/node_modules/electron/dist/electron',
  zipName: 'electron-v41.7.1-linux-x64.zip',
  cacheFolder: '/home/u/.cache/electron/abc123',
};

function facts(binaryPresent: boolean, fetch: FetchOutcome | undefined, command: ElectronCommand = 'start'): PreflightFacts {
  return { command, download, binaryPresent, fetch, dashboardUrl: 'http://127.0.0.1:7780/' };
}

function stopMessage(step: ReturnType<typeof nextStep>): string {
  if (step.kind !== 'stop') throw new Error(`expected a stop, got ${step.kind}`);
  return step.message;
}

const refused: FetchOutcome = { kind: 'failed', detail: 'RequestError: getaddrinfo ENOTFOUND github.com' };

describe('the Electron preflight decision', () => {
  it('goes on at once when the binary is there, and fetches nothing', () => {
    expect(nextStep(facts(true, undefined))).toEqual({ kind: 'ready' });
  });

  it('asks to run the installer when the binary is missing', () => {
    expect(nextStep(facts(false, undefined))).toEqual({ kind: 'fetch' });
  });

  it('goes on when the installer brought the binary', () => {
    expect(nextStep(facts(true, { kind: 'fetched' }))).toEqual({ kind: 'ready' });
  });

  it('stops with one paragraph: what failed, every way to provide the binary, and the headless dashboard', () => {
    const message = stopMessage(nextStep(facts(false, refused)));
    expect(message).not.toContain('\n');
    for (const part of [
      'npm start stopped before building anything',
      "Electron 41.7.1's binary is not at /app/node_modules/electron/dist/electron",
      '(RequestError: getaddrinfo ENOTFOUND github.com)',
      'ELECTRON_MIRROR=',
      'v41.7.1/electron-v41.7.1-linux-x64.zip',
      "ELECTRON_CUSTOM_DIR='{{ version }}'",
      'copy electron-v41.7.1-linux-x64.zip into /home/u/.cache/electron/abc123/',
      'electron_config_cache=',
      'ELECTRON_OVERRIDE_DIST_PATH=',
      'then run npm start again',
      '`npm run demo`',
      'http://127.0.0.1:7780/',
    ]) {
      expect(message).toContain(part);
    }
  });

  it('names the command that stopped, and for dist says the override is what gets packaged', () => {
    expect(stopMessage(nextStep(facts(false, refused, 'preview')))).toMatch(/^npm run preview stopped .* then run npm run preview again/);
    expect(stopMessage(nextStep(facts(false, refused, 'dist')))).toContain('packages that one instead');
  });

  it('says why nothing was fetched when ELECTRON_SKIP_BINARY_DOWNLOAD is set', () => {
    expect(stopMessage(nextStep(facts(false, { kind: 'skipped' })))).toContain('ELECTRON_SKIP_BINARY_DOWNLOAD is set');
  });

  it('says how long it waited when the installer hung', () => {
    expect(stopMessage(nextStep(facts(false, { kind: 'timed-out', seconds: 600 })))).toContain('after 600 s');
  });

  it('does not trust an installer that reported success but left no binary', () => {
    expect(stopMessage(nextStep(facts(false, { kind: 'fetched' })))).toContain('although its installer reported success');
  });

  it('spells each command as a user types it', () => {
    expect(['start', 'preview', 'dist'].map((command) => commandLine(command as ElectronCommand))).toEqual([
      'npm start',
      'npm run preview',
      'npm run dist',
    ]);
  });
});
