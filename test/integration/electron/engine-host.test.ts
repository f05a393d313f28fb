import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import Conf from 'conf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDesktopEngine } from '../../../main/electron/engine-host/desktop-engine.js';
import { EngineSupervisor, restartDelayMs, type HostProcess } from '../../../main/electron/engine-host/engine-supervisor.js';
import type { WatchObservation } from '../../../main/electron/engine-host/protocol.js';
import { ConfSettingsStore } from '../../../main/electron/settings/conf-settings-store.js';
import { silentLogger } from '../../../main/logging/logger.js';
import { LOCK_FILE_NAME } from '../../../main/store/data-dir-lock.js';
import { startSimulator, type Simulator } from '../../../main/simulator/server.js';
import type { EngineHostState } from '../../../main/electron/tray/tray-state.js';
import type { AlertChannel } from '../../../shared/model/alerts.js';

/**
 * The desktop engine off the UI thread, end to end without Electron: the supervisor forks the
 * engine host (a Node child process standing in for the utility process), which runs the real
 * engine over a real SQLite store, scrapes the simulator, answers requests through the
 * handlers, is restarted after a crash, and closes the store when asked to stop.
 */
const childEntry = fileURLToPath(new URL('./engine-host-child.ts', import.meta.url));

let directory: string;
let simulator: Simulator;
let watched: string;
const children: ChildProcess[] = [];
let supervisor: EngineSupervisor;

function spawnChild(): HostProcess {
  const child = fork(childEntry, [], { execArgv: ['--import', 'tsx'], serialization: 'advanced', stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  children.push(child);
  return {
    postMessage: (message) => void child.send(message),
    onMessage: (listener) => void child.on('message', listener),
    onExit: (listener) => void child.on('exit', (code, signal) => listener(code ?? (signal === null ? 0 : 1))),
    kill: () => void child.kill(),
  };
}

function next<T>(subscribe: (listener: (value: T) => void) => void, accept: (value: T) => boolean = () => true): Promise<T> {
  return new Promise((resolve) => subscribe((value) => accept(value) && resolve(value)));
}

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'driveshare-engine-host-'));
  simulator = await startSimulator({ port: 0, farmers: 40, seed: 'engine-host' });
  const online = (await (await fetch(`${simulator.url}/api/online/json`)).json()) as { farmers: { btc_addr: string }[] };
  watched = online.farmers[0]!.btc_addr;
  writeFileSync(
    join(directory, 'settings.json'),
    JSON.stringify({ dataDir: join(directory, 'data'), sourceUrl: simulator.url, apiPort: 0, watchedAddresses: [watched] }),
  );
  supervisor = new EngineSupervisor({
    spawn: spawnChild,
    start: () => ({ settingsDir: directory, appVersion: '0.1.0', settingsKey: randomBytes(32).toString('base64'), settingsKeyMissing: null }),
    baseDelayMs: 100,
    requestTimeoutMs: 20_000,
  });
});

afterAll(async () => {
  await supervisor?.stop();
  for (const child of children) child.kill('SIGKILL');
  await simulator?.close();
  rmSync(directory, { recursive: true, force: true });
});

describe('engine host under the supervisor', () => {
  it('starts the engine, reports the first scrape of a watched address, and answers through the handlers', async () => {
    const observation = next<WatchObservation>((listener) => supervisor.on('observation', listener));
    supervisor.start();
    expect(await observation).toMatchObject({ ok: true, listed: [watched] });
    expect(supervisor.state).toBe('running');
    expect(supervisor.apiBaseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const status = await supervisor.request('status:get', []);
    expect(status).toMatchObject({ ok: true, value: { collector: { source: simulator.url }, store: { kind: 'sqlite' } } });
    const settings = await supervisor.request('settings:get', []);
    expect(settings).toMatchObject({ ok: true, value: { watchedAddresses: [watched] } });
  });

  it('answers bad input with the error envelope', async () => {
    expect(await supervisor.request('address:summary', ['1BoatSLRHtKNngkdXEeobR76b53LETtpyX'])).toMatchObject({
      ok: false,
      error: { code: 'invalid_address' },
    });
  });

  it('tells the main process about a settings change made through a request', async () => {
    const changed = next<{ intervalSeconds: number }>((listener) => supervisor.on('settings', listener), (settings) => settings.intervalSeconds === 600);
    expect(await supervisor.request('settings:update', [{ intervalSeconds: 600 }])).toMatchObject({ ok: true, value: { intervalSeconds: 600 } });
    await changed;
    expect(supervisor.settings?.intervalSeconds).toBe(600);
  });

  it('stores alert channel secrets encrypted with the key of its start message, and answers them masked', async () => {
    const hook: AlertChannel = { id: 'hook', name: 'Hook', enabled: false, rules: ['offline'], kind: 'webhook', url: 'https://example.test/hooks/abcdef0123456789', hmacSecret: 'hmac-secret-value' };
    const answer = await supervisor.request('settings:update', [{ alertChannels: [hook] }]);
    expect(answer).toMatchObject({ ok: true, value: { alertChannels: [{ id: 'hook', hmacSecret: '••••alue' }] } });
    const file = readFileSync(join(directory, 'settings.json'), 'utf8');
    expect(file).toContain('aes256gcm:');
    expect(file).not.toContain('hmac-secret-value');
    expect(file).not.toContain('abcdef0123456789');
    if (process.platform !== 'win32') expect(statSync(join(directory, 'settings.json')).mode & 0o777).toBe(0o600);
  });

  it('restarts the engine host after a crash, taking over its stale data-dir lock', async () => {
    const states: EngineHostState[] = [];
    supervisor.on('state', (state) => states.push(state));
    const back = next<EngineHostState>((listener) => supervisor.on('state', listener), (state) => state === 'running');
    children.at(-1)!.kill('SIGKILL');
    await back;
    expect(states).toEqual(['restarting', 'running']);
    expect(await supervisor.request('status:get', [])).toMatchObject({ ok: true });
    // The new host got the same key: the secrets it reads back are whole (their masks show their ends).
    expect(await supervisor.request('settings:get', [])).toMatchObject({ ok: true, value: { alertChannels: [{ id: 'hook', url: '••••6789', hmacSecret: '••••alue' }] } });
  });

  it('on stop, stops the engine and releases the data directory before the process ends', async () => {
    const lock = join(directory, 'data', LOCK_FILE_NAME);
    expect(existsSync(lock)).toBe(true);
    await supervisor.stop();
    expect(existsSync(lock)).toBe(false);
    expect(await supervisor.request('status:get', [])).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });
});

describe('restart backoff', () => {
  it('doubles from the base delay up to the cap', () => {
    expect([1, 2, 3, 4, 10].map((crashes) => restartDelayMs(crashes, 1000, 60_000))).toEqual([1000, 2000, 4000, 8000, 60_000]);
  });
});

describe('engine host whose engine cannot start', () => {
  it('keeps the settings reachable, so the cause can be fixed from the window, and starts once it is', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'driveshare-engine-host-broken-'));
    const notAFolder = join(folder, 'data-is-a-file');
    writeFileSync(notAFolder, 'not a folder');
    writeFileSync(join(folder, 'settings.json'), JSON.stringify({ dataDir: notAFolder, sourceUrl: simulator.url, apiPort: 0 }));
    const broken = new EngineSupervisor({ spawn: spawnChild, start: () => ({ settingsDir: folder, appVersion: '0.1.0', settingsKey: null, settingsKeyMissing: 'no key store in this test' }), requestTimeoutMs: 20_000 });
    try {
      const failed = next<EngineHostState>((listener) => broken.on('state', listener), (state) => state === 'failed');
      broken.start();
      await failed;
      expect(broken.lastFailure).toBeTruthy();
      expect(await broken.request('status:get', [])).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringContaining('could not start') } });
      expect(await broken.request('settings:get', [])).toMatchObject({ ok: true, value: { dataDir: notAFolder } });

      const running = next<EngineHostState>((listener) => broken.on('state', listener), (state) => state === 'running');
      expect(await broken.request('settings:update', [{ dataDir: join(folder, 'data') }])).toMatchObject({ ok: true });
      await running;
      expect(await broken.request('status:get', [])).toMatchObject({ ok: true });
    } finally {
      await broken.stop();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('desktop engine composition', () => {
  it('moves the local API to a free port when the configured one is taken, and says so', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const takenPort = (blocker.address() as { port: number }).port;
    const folder = mkdtempSync(join(tmpdir(), 'driveshare-desktop-engine-'));
    const store = new ConfSettingsStore(new Conf({ cwd: folder, configName: 'settings', projectVersion: '0.1.0' }), () => undefined);
    store.update({ dataDir: join(folder, 'data'), sourceUrl: simulator.url, apiPort: takenPort });
    const warnings: string[] = [];
    const noDesktop = { notify: () => Promise.reject(new Error('no desktop in this test')) };
    const desktop = await startDesktopEngine(store, (message) => warnings.push(message), () => silentLogger(), noDesktop);
    try {
      expect(desktop.apiBaseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(desktop.apiBaseUrl).not.toBe(`http://127.0.0.1:${takenPort}`);
      expect(warnings.join('\n')).toContain(`port ${takenPort}`);
      expect((await fetch(`${desktop.apiBaseUrl}/api/v1/status`)).status).toBe(200);
    } finally {
      await desktop.stop();
      blocker.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
