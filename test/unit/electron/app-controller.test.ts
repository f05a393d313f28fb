import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ShellController, STARTED_AT_LOGIN_FLAG, TRAY_REFRESH_MS } from '../../../main/electron/app/app-controller.js';
import { shellConfig } from '../../../main/electron/app/shell-config.js';
import { ShellLog, type ShellLoggerFactory } from '../../../main/electron/app/shell-log.js';
import { EngineSupervisor } from '../../../main/electron/engine-host/engine-supervisor.js';
import type { HostToMain, MainToHost } from '../../../main/electron/engine-host/protocol.js';
import { AppTray } from '../../../main/electron/tray/tray.js';
import { DEFAULT_SETTINGS, type Settings } from '../../../shared/model/settings.js';
import type { Status } from '../../../shared/model/status.js';
import { BridgeMethodChannel } from '../../../shared/preload-api.js';
import { FakeEvent, FakeHostProcess, FakeNotification, FakeTrayIcon, FakeWindow, fakeElectron, fakeTrayToolkit, type FakeElectron } from './fake-electron.js';

/**
 * The desktop shell's controller driven through its life with fake Electron objects and the real
 * engine supervisor over fake engine-host processes: start, a crashing engine, a second launch,
 * closing to the tray, notifications, the logs folder and quitting.
 */
const WATCHED = '1BoatSLRHtKNngkdXEeobR76b53LETtpyT';
const HOME = 'driveshare://app/index.html';
const OWN_FRAME = `${HOME}#/`;
const STARTING = 'driveshare-graph — starting the engine…';
const HEALTHY = 'driveshare-graph — last scrape just now, 3 farmers online';

function healthyStatus(): Status {
  return {
    version: '0.1.0',
    collector: {
      state: 'idle',
      source: 'http://127.0.0.1:5000',
      intervalSeconds: 300,
      lastScrape: { time: Date.now(), ok: true, durationMs: 12, farmers: 3, rejected: 0, duplicates: 0, unusual: 0, errorCode: null, errorMessage: null },
      lastError: null,
      nextScrapeAt: null,
      scrapesOk: 1,
      scrapesFailed: 0,
      consecutiveFailures: 0,
    },
    jobs: { state: 'idle', foldedThrough: null, pendingScrapes: 0, lastError: null },
    secrets: { encrypted: false, description: 'stored in clear in this test' },
    store: { kind: 'sqlite', sizeBytes: 0, scrapes: 1, snapshots: 1, addresses: 3 },
    backfill: null,
  };
}

interface LogLine {
  dataDir: string | null;
  msg: string;
}

interface ShellOptions {
  argv?: string[];
  /** The engine host does not confirm a stop until the test says so. */
  holdStop?: boolean;
}

const dataDirs: string[] = [];
afterEach(() => {
  vi.useRealTimers();
  for (const dir of dataDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function startShell(options: ShellOptions = {}) {
  const electron: FakeElectron = fakeElectron();
  const dataDir = mkdtempSync(join(tmpdir(), 'driveshare-shell-'));
  dataDirs.push(dataDir);
  const settings: Settings = { ...DEFAULT_SETTINGS, dataDir, theme: 'dark', watchedAddresses: [WATCHED] };
  const hosts: FakeHostProcess[] = [];
  const answer = (host: FakeHostProcess, message: MainToHost): void => {
    if (message.type === 'request' && message.channel === 'status:get') {
      host.send({ type: 'response', id: message.id, response: { ok: true, value: healthyStatus() } });
    } else if (message.type === 'stop' && options.holdStop !== true) host.send({ type: 'stopped' });
  };
  const supervisor = new EngineSupervisor({
    spawn: () => {
      const host = new FakeHostProcess(answer);
      hosts.push(host);
      return host;
    },
    start: () => ({ settingsDir: '/profile', appVersion: '0.1.0', settingsKey: null, settingsKeyMissing: 'no key store in this test' }),
    baseDelayMs: 5,
    maxDelayMs: 5,
  });
  const logs: LogLine[] = [];
  const loggers: (string | null)[] = [];
  const recordingLogger: ShellLoggerFactory = (logDir) => {
    loggers.push(logDir);
    return pino({ level: 'info' }, { write: (line: string) => void logs.push({ dataDir: logDir, msg: (JSON.parse(line) as LogLine).msg }) });
  };
  let sessionsPrepared = 0;
  const config = shellConfig({ isPackaged: true, appPath: '/app', resourcesPath: '/resources', bundleDir: '/app/out/main', devServerUrl: undefined });
  new ShellController({
    electron,
    supervisor,
    config,
    log: new ShellLog(recordingLogger),
    createTray: (onAction) => new AppTray(fakeTrayToolkit, '/icons', onAction),
    prepareSession: () => void (sessionsPrepared += 1),
    platform: 'linux',
    argv: options.argv ?? ['driveshare-graph'],
  }).start();
  return {
    electron,
    app: electron.app,
    settings,
    dataDir,
    hosts,
    logs,
    loggers,
    sessionsPrepared: () => sessionsPrepared,
    host: (): FakeHostProcess => hosts.at(-1) ?? expect.unreachable('no engine host was started'),
    tray: (): FakeTrayIcon => FakeTrayIcon.made.at(-1) ?? expect.unreachable('no tray was drawn'),
    window: (): FakeWindow => FakeWindow.made.at(-1) ?? expect.unreachable('no window was made'),
    send: (message: HostToMain) => (hosts.at(-1) ?? expect.unreachable('no engine host was started')).send(message),
  };
}

type Shell = ReturnType<typeof startShell>;

/** Electron's `ready`, then the engine host's `ready` with the settings, then the tray's first status. */
async function runningShell(options: ShellOptions = {}): Promise<Shell> {
  const shell = startShell(options);
  shell.app.becomeReady();
  await vi.waitFor(() => expect(shell.hosts).toHaveLength(1));
  shell.send({ type: 'ready', apiBaseUrl: 'http://127.0.0.1:7780', settings: shell.settings });
  await vi.waitFor(() => expect(shell.tray().tooltip).toBe(HEALTHY));
  return shell;
}

const stops = (host: FakeHostProcess) => host.received.filter((message) => message.type === 'stop').length;

describe('starting', () => {
  it('waits for Electron to be ready, then starts the engine, draws the tray and shows the dashboard', async () => {
    const shell = startShell();
    expect(shell.hosts).toHaveLength(0);
    expect(FakeWindow.made).toHaveLength(0);
    shell.app.becomeReady();
    await vi.waitFor(() => expect(shell.hosts).toHaveLength(1));

    expect(shell.host().received[0]).toEqual({ type: 'start', options: { settingsDir: '/profile', appVersion: '0.1.0', settingsKey: null, settingsKeyMissing: 'no key store in this test' } });
    expect(shell.sessionsPrepared()).toBe(1);
    expect(shell.tray().tooltip).toBe(STARTING);
    expect(shell.tray().image).toBe('/icons/tray-warning.png');
    const window = shell.window();
    expect(window.loaded).toEqual([HOME]);
    expect(window.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    expect(window.shown).toBe(0);
    window.emit('ready-to-show');
    expect(window.shown).toBe(1);
    expect([...shell.electron.ipcMain.handlers.keys()].sort()).toEqual(Object.values(BridgeMethodChannel).sort());
  });

  it('applies the settings the engine reports and shows its status in the tray', async () => {
    const shell = await runningShell();
    expect(shell.tray().image).toBe('/icons/tray-healthy.png');
    expect(shell.electron.nativeTheme.themeSource).toBe('dark');
    expect(shell.app.loginItems.at(-1)).toEqual({ openAtLogin: false, args: [STARTED_AT_LOGIN_FLAG] });
    expect(shell.tray().labels()).toContain('◌ 1BoatSLR…tpyT — not seen yet');
  });

  it.each([
    ['the login flag', { argv: ['driveshare-graph', STARTED_AT_LOGIN_FLAG] }, false],
    ['macOS saying so', {}, true],
  ])('stays in the tray when started at login (%s)', async (_how, options: ShellOptions, wasOpenedAtLogin) => {
    const shell = startShell(options);
    shell.app.wasOpenedAtLogin = wasOpenedAtLogin;
    shell.app.becomeReady();
    await vi.waitFor(() => expect(shell.hosts).toHaveLength(1));
    expect(shell.tray().tooltip).toBe(STARTING);
    expect(FakeWindow.made).toHaveLength(0);
  });

  it('refreshes the tray every minute, so its times stay true without scrapes', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const shell = await runningShell();
    const asked = shell.host().requests('status:get');
    vi.advanceTimersByTime(TRAY_REFRESH_MS);
    await vi.waitFor(() => expect(shell.host().requests('status:get')).toBe(asked + 1));
  });
});

describe('a crashing engine', () => {
  it('shows in the tray while the engine restarts, and clears once it is back', async () => {
    const shell = await runningShell();
    shell.host().exit(1);
    await vi.waitFor(() => expect(shell.tray().tooltip).toBe('driveshare-graph — restarting the engine (the engine process exited with code 1)'));
    expect(shell.tray().image).toBe('/icons/tray-warning.png');

    await vi.waitFor(() => expect(shell.hosts).toHaveLength(2));
    shell.send({ type: 'ready', apiBaseUrl: 'http://127.0.0.1:7780', settings: shell.settings });
    await vi.waitFor(() => expect(shell.tray().tooltip).toBe(HEALTHY));
    expect(shell.app.quitted).toBe(0);
  });
});

describe('a second launch', () => {
  it('brings the running window back instead of opening another', async () => {
    const shell = await runningShell();
    const window = shell.window();
    window.minimized = true;
    shell.app.emit('second-instance', new FakeEvent(), ['driveshare-graph'], '/');
    expect(FakeWindow.made).toHaveLength(1);
    expect(window.restored).toBe(1);
    expect(window.shown).toBe(1);
    expect(window.focused).toBe(1);
  });

  it('is ignored before Electron is ready: the window opens at ready anyway', async () => {
    const shell = startShell();
    shell.app.emit('second-instance', new FakeEvent(), ['driveshare-graph'], '/');
    expect(FakeWindow.made).toHaveLength(0);
    shell.app.becomeReady();
    await vi.waitFor(() => expect(FakeWindow.made).toHaveLength(1));
  });
});

describe('closing the window', () => {
  it('keeps the app running in the tray, and the tray opens the window again', async () => {
    const shell = await runningShell();
    shell.window().close();
    shell.app.allWindowsClosed();
    expect(shell.app.quitRequests).toBe(0);
    expect(stops(shell.host())).toBe(0);

    shell.tray().emit('click');
    expect(FakeWindow.made).toHaveLength(2);
    expect(shell.window().loaded).toEqual([HOME]);

    shell.tray().clickItem('Open driveshare-graph');
    expect(FakeWindow.made).toHaveLength(2);
    expect(shell.window().focused).toBe(1);
  });
});

describe('quitting', () => {
  it('waits for the engine to stop, then quits exactly once, however often quit is asked for', async () => {
    const shell = await runningShell({ holdStop: true });
    shell.tray().clickItem('Quit');
    expect(stops(shell.host())).toBe(1);
    expect(shell.app.quitted).toBe(0);

    shell.app.quit();
    await Promise.resolve();
    expect(stops(shell.host())).toBe(1);
    expect(shell.app.quitted).toBe(0);
    expect(shell.tray().destroyed).toBe(0);

    shell.send({ type: 'stopped' });
    await vi.waitFor(() => expect(shell.app.quitted).toBe(1));
    expect(shell.host().killed).toBe(true);
    expect(shell.tray().destroyed).toBe(1);
    expect(stops(shell.host())).toBe(1);
  });

  it('quits at once before anything was started', () => {
    const shell = startShell();
    shell.app.quit();
    expect(shell.app.quitted).toBe(1);
    expect(shell.hosts).toHaveLength(0);
  });
});

describe('desktop notifications', () => {
  it('the rules of the scrapes only mark the tray: a watched node going offline is notified once, by the engine', async () => {
    const shell = await runningShell();
    let time = Date.now();
    for (const listed of [[WATCHED], [], []]) {
      shell.send({ type: 'observation', observation: { ok: true, time: (time += 300_000), listed } });
    }
    await vi.waitFor(() => expect(shell.tray().labels()).toContain('○ 1BoatSLR…tpyT — offline'));
    expect(FakeNotification.shown).toEqual([]);
  });

  it("shows the engine's desktop channel notice, answers the host, and a click opens the app at the address", async () => {
    const shell = await runningShell();
    shell.send({ type: 'notify', id: 7, notice: { title: 'driveshare-graph: 1BoatSLR... went offline', body: `${WATCHED} went offline`, address: WATCHED } });
    expect(FakeNotification.shown.map((notification) => notification.options.title)).toEqual(['driveshare-graph: 1BoatSLR... went offline']);
    expect(FakeNotification.shown[0]?.options.icon).toBe('/resources/icons/icon.png');
    await vi.waitFor(() => expect(shell.host().received).toContainEqual({ type: 'notified', id: 7, error: null }));
    FakeNotification.shown[0]?.emit('click');
    expect(shell.window().loaded.at(-1)).toBe(`${HOME}#/address/${WATCHED}`);
  });

  it('pushes engine events to the open window', async () => {
    const shell = await runningShell();
    const event = { type: 'aggregated', foldedThrough: 1_700_000_000_000 } as const;
    shell.send({ type: 'event', event });
    expect(shell.window().sent).toEqual([['engine:event', event]]);
  });
});

describe('the logs folder', () => {
  it('is refused until the engine reported its data folder', async () => {
    const shell = startShell();
    shell.app.becomeReady();
    await vi.waitFor(() => expect(shell.hosts).toHaveLength(1));
    const answer = await shell.electron.ipcMain.invoke('shell:open-logs-folder', OWN_FRAME);
    expect(answer).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(shell.electron.shell.openedPaths).toEqual([]);
  });

  it('opens <data folder>/logs from the page and from the tray, and only for our own page', async () => {
    const shell = await runningShell();
    const logsFolder = join(shell.dataDir, 'logs');
    expect(await shell.electron.ipcMain.invoke('shell:open-logs-folder', OWN_FRAME)).toEqual({ ok: true, value: undefined });
    expect(shell.electron.shell.openedPaths).toEqual([logsFolder]);
    expect(existsSync(logsFolder)).toBe(true);

    expect(await shell.electron.ipcMain.invoke('shell:open-logs-folder', 'https://example.com/')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    shell.tray().clickItem('Open logs folder');
    await vi.waitFor(() => expect(shell.electron.shell.openedPaths).toEqual([logsFolder, logsFolder]));
  });

  it('says why when the desktop cannot open it', async () => {
    const shell = await runningShell();
    shell.electron.shell.openPathAnswer = 'no file manager';
    expect(await shell.electron.ipcMain.invoke('shell:open-logs-folder', OWN_FRAME)).toMatchObject({
      ok: false,
      error: { code: 'unavailable', message: expect.stringContaining('no file manager') },
    });
  });
});

describe('logging', () => {
  it('logs to the console until the data folder is known, then to the log file in it', async () => {
    const shell = startShell();
    shell.app.becomeReady();
    await vi.waitFor(() => expect(shell.hosts).toHaveLength(1));
    shell.send({ type: 'log', level: 'warn', message: 'before the settings' });
    shell.send({ type: 'ready', apiBaseUrl: null, settings: shell.settings });
    shell.send({ type: 'log', level: 'warn', message: 'after the settings' });

    expect(shell.loggers).toEqual([null, shell.dataDir]);
    expect(shell.logs).toContainEqual({ dataDir: null, msg: 'before the settings' });
    expect(shell.logs).toContainEqual({ dataDir: shell.dataDir, msg: 'after the settings' });
  });
});
