import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../shared/model/settings.js';
import { EngineSupervisor, type HostProcess } from '../../../main/electron/engine-host/engine-supervisor.js';
import type { HostToMain, MainToHost } from '../../../main/electron/engine-host/protocol.js';

/**
 * The supervisor's bookkeeping against a scripted host process (the real engine host in a real
 * child process is exercised by test/integration/electron/engine-host.test.ts).
 */
class ScriptedHost implements HostProcess {
  readonly sent: MainToHost[] = [];
  #onMessage: (message: unknown) => void = () => undefined;
  #onExit: (code: number) => void = () => undefined;
  killed = false;
  postMessage(message: MainToHost): void {
    this.sent.push(message);
  }
  onMessage(listener: (message: unknown) => void): void {
    this.#onMessage = listener;
  }
  onExit(listener: (code: number) => void): void {
    this.#onExit = listener;
  }
  kill(): void {
    this.killed = true;
  }
  reply(message: HostToMain): void {
    this.#onMessage(message);
  }
  /** What a crashing host could leave on the channel. */
  replyAnything(message: unknown): void {
    this.#onMessage(message);
  }
  exit(code: number): void {
    this.#onExit(code);
  }
}

function supervised(requestTimeoutMs = 50) {
  const hosts: ScriptedHost[] = [];
  const startOptions = { asked: 0 };
  const supervisor = new EngineSupervisor({
    spawn: () => {
      const host = new ScriptedHost();
      hosts.push(host);
      return host;
    },
    start: () => {
      startOptions.asked += 1;
      return { settingsDir: '/tmp/settings', appVersion: '0.1.0', settingsKey: null, settingsKeyMissing: 'no key store in this test' };
    },
    baseDelayMs: 5,
    requestTimeoutMs,
    stopTimeoutMs: 50,
  });
  return { supervisor, hosts, startOptions };
}

const ready: HostToMain = { type: 'ready', apiBaseUrl: 'http://127.0.0.1:7780', settings: DEFAULT_SETTINGS };

describe('engine supervisor', () => {
  it('holds requests until the host is ready, then sends them', async () => {
    const { supervisor, hosts } = supervised(5_000);
    supervisor.start();
    const answer = supervisor.request('status:get', []);
    expect(hosts[0]!.sent.map((message) => message.type)).toEqual(['start']);
    hosts[0]!.reply(ready);
    const request = hosts[0]!.sent[1] as Extract<MainToHost, { type: 'request' }>;
    expect(request).toMatchObject({ type: 'request', channel: 'status:get', args: [] });
    hosts[0]!.reply({ type: 'response', id: request.id, response: { ok: false, error: { code: 'not_found', message: 'x' } } });
    expect(await answer).toEqual({ ok: false, error: { code: 'not_found', message: 'x' } });
  });

  it('passes a value of the shape its channel promises, and turns a wrong-shaped one into an internal error it logs', async () => {
    const { supervisor, hosts } = supervised(5_000);
    const logged: string[] = [];
    supervisor.on('log', (_level, message) => logged.push(message));
    supervisor.start();
    hosts[0]!.reply(ready);
    const settings = supervisor.request('settings:get', []);
    const first = hosts[0]!.sent.at(-1) as Extract<MainToHost, { type: 'request' }>;
    hosts[0]!.reply({ type: 'response', id: first.id, response: { ok: true, value: DEFAULT_SETTINGS } });
    expect(await settings).toEqual({ ok: true, value: DEFAULT_SETTINGS });

    const status = supervisor.request('status:get', []);
    const second = hosts[0]!.sent.at(-1) as Extract<MainToHost, { type: 'request' }>;
    hosts[0]!.reply({ type: 'response', id: second.id, response: { ok: true, value: DEFAULT_SETTINGS } });
    expect(await status).toEqual({ ok: false, error: { code: 'internal', message: 'internal error' } });
    expect(logged).toEqual(['status:get: the engine answered with a value of the wrong shape']);
  });

  it('drops a half message from the host: the request is answered when the host does not answer properly', async () => {
    const { supervisor, hosts } = supervised(30);
    supervisor.start();
    hosts[0]!.reply(ready);
    const answer = supervisor.request('status:get', []);
    const request = hosts[0]!.sent.at(-1) as Extract<MainToHost, { type: 'request' }>;
    hosts[0]!.replyAnything({ type: 'response', id: request.id });
    expect(await answer).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringContaining('did not answer in time') } });
  });

  it('answers unavailable, not never, when the host does not come up in time', async () => {
    const { supervisor } = supervised(20);
    supervisor.start();
    expect(await supervisor.request('status:get', [])).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });

  it('answers requests in flight when the host dies, and starts a new host after the backoff delay', async () => {
    const { supervisor, hosts, startOptions } = supervised(5_000);
    // The start options (the settings key needs safeStorage, so Electron's `ready`) are asked for at the first start only.
    expect(startOptions.asked).toBe(0);
    supervisor.start();
    expect(startOptions.asked).toBe(1);
    hosts[0]!.reply(ready);
    const answer = supervisor.request('network:get', [{}]);
    hosts[0]!.exit(1);
    expect(await answer).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringContaining('restarted') } });
    expect(supervisor.state).toBe('restarting');
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(hosts).toHaveLength(2);
    expect(hosts[1]!.sent[0]).toEqual({ type: 'start', options: { settingsDir: '/tmp/settings', appVersion: '0.1.0', settingsKey: null, settingsKeyMissing: 'no key store in this test' } });
    expect(startOptions.asked).toBe(1);
  });

  it('keeps answering through a host whose engine could not start (settings stay reachable)', async () => {
    const { supervisor, hosts } = supervised(5_000);
    supervisor.start();
    hosts[0]!.reply({ type: 'start-failed', message: 'data folder is not writable' });
    expect(supervisor.state).toBe('failed');
    expect(supervisor.lastFailure).toBe('data folder is not writable');
    void supervisor.request('settings:get', []);
    expect(hosts[0]!.sent.at(-1)).toMatchObject({ type: 'request', channel: 'settings:get' });
    expect(hosts[0]!.killed).toBe(false);
  });

  it('on stop, asks the host to stop and ends it once it reports stopped; no restart follows', async () => {
    const { supervisor, hosts } = supervised(5_000);
    supervisor.start();
    hosts[0]!.reply(ready);
    const stopping = supervisor.stop();
    expect(hosts[0]!.sent.at(-1)).toEqual({ type: 'stop' });
    hosts[0]!.reply({ type: 'stopped' });
    await stopping;
    expect(hosts[0]!.killed).toBe(true);
    hosts[0]!.exit(0);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(hosts).toHaveLength(1);
  });

  it('ends a host that does not stop in time', async () => {
    const { supervisor, hosts } = supervised(5_000);
    supervisor.start();
    hosts[0]!.reply(ready);
    await supervisor.stop();
    expect(hosts[0]!.killed).toBe(true);
  });
});
