import { join, resolve } from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { engineDataDir } from '../../../main/electron/app/logs-folder.js';
import { shellConfig } from '../../../main/electron/app/shell-config.js';
import { ShellLog } from '../../../main/electron/app/shell-log.js';
import { defaultDataDir } from '../../../main/store/data-dir.js';

/** The shell's own decisions that do not need a running app: where it loads from, where the logs are. */
const base = { appPath: '/project', resourcesPath: '/opt/driveshare-graph/resources', bundleDir: '/project/out/main' };

describe('where the shell loads the page from', () => {
  it('serves the built renderer from the app scheme in an installed app, ignoring a dev server', () => {
    const config = shellConfig({ ...base, isPackaged: true, devServerUrl: 'http://localhost:5173' });
    expect(config.appUrl).toBe('driveshare://app/index.html');
    expect(config.security).toEqual({ appOrigin: 'driveshare://app', development: false });
    expect(config.paths.icon).toBe(join('/opt/driveshare-graph/resources', 'icons', 'icon.png'));
    expect(config.paths.engineHost).toBe(join('/project/out/main', 'engine-host.js'));
  });

  it('loads the dev server in development, with the project resources', () => {
    const config = shellConfig({ ...base, isPackaged: false, devServerUrl: 'http://localhost:5173/' });
    expect(config.appUrl).toBe('http://localhost:5173/');
    expect(config.security).toEqual({ appOrigin: 'http://localhost:5173', development: true });
    expect(config.paths.iconDir).toBe(join('/project', 'resources'));
  });

  it('falls back to the app scheme when no dev server is running', () => {
    expect(shellConfig({ ...base, isPackaged: false, devServerUrl: '' }).appUrl).toBe('driveshare://app/index.html');
    expect(shellConfig({ ...base, isPackaged: false, devServerUrl: undefined }).security.development).toBe(false);
  });
});

describe("the engine's data folder, as the shell finds its logs", () => {
  it('is the OS app-data folder when none is set, else the set folder made absolute', () => {
    expect(engineDataDir({ dataDir: '' })).toBe(defaultDataDir());
    expect(engineDataDir({ dataDir: 'relative/data' })).toBe(resolve('relative/data'));
  });
});

describe('the shell log', () => {
  it('keeps logging where it was when the log file cannot be opened', () => {
    const lines: string[] = [];
    const log = new ShellLog((dataDir) => {
      if (dataDir !== null) throw new Error('EACCES: permission denied');
      return pino({ level: 'info' }, { write: (line: string) => void lines.push((JSON.parse(line) as { msg: string }).msg) });
    });
    log.useDataDir('/read-only');
    log.write('info', 'still here');
    expect(log.dataDir).toBeNull();
    expect(lines).toEqual(['cannot write the log file in /read-only: EACCES: permission denied', 'still here']);
  });
});
