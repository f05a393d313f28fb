import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EngineEvent } from '../../../shared/model/events.js';
import { DEFAULT_SETTINGS, type Settings } from '../../../shared/model/settings.js';
import type { ScrapeOutcome, Status } from '../../../shared/model/status.js';
import type { DesktopEngine } from '../../../main/electron/engine-host/desktop-engine.js';
import { EngineHost, START_RETRY_MS, type EngineHostDependencies } from '../../../main/electron/engine-host/engine-host.js';
import { hostLoggers } from '../../../main/electron/engine-host/host-loggers.js';
import type { HostToMain, MainToHost, MessagePortLike, WatchObservation } from '../../../main/electron/engine-host/protocol.js';
import type { DesktopNotifier } from '../../../main/alerts/channels/desktop.js';
import type { HandlerContext } from '../../../main/handlers/context.js';
import { silentLogger } from '../../../main/logging/logger.js';
import { SettingsListeners, applySettingsPatch, validateSettingsPatch, type SettingsStore } from '../../../main/settings/settings-store.js';
import { PLAIN_SECRET_CODEC } from '../../../main/settings/secret-codec.js';
import type { SqliteDatabase } from '../../../main/store/sqlite/open-database.js';

/**
 * The engine host's logic against a scripted main process and scripted engines: no process, no
 * store (the real host in a child process is test/integration/electron/engine-host.test.ts).
 */

type HostMessage<T extends HostToMain['type']> = Extract<HostToMain, { type: T }>;

/** The main process's end of the port: what the host posted, and a way to wait for the next of a type. */
class MainEnd implements MessagePortLike<unknown, HostToMain> {
  readonly received: HostToMain[] = [];
  #deliver: (message: unknown) => void = () => undefined;
  /** Each waiter takes the first message it accepts. */
  #waiters: ((message: HostToMain) => boolean)[] = [];
  #nextId = 1;

  postMessage(message: HostToMain): void {
    this.received.push(message);
    const index = this.#waiters.findIndex((accept) => accept(message));
    if (index >= 0) this.#waiters.splice(index, 1);
  }

  onMessage(listener: (message: unknown) => void): void {
    this.#deliver = listener;
  }

  /** Anything, as a broken or foreign sender could post it. */
  send(message: unknown): void {
    this.#deliver(message);
  }

  next<T extends HostToMain['type']>(type: T): Promise<HostMessage<T>> {
    const isWanted = (message: HostToMain): message is HostMessage<T> => message.type === type;
    return new Promise((resolve) => {
      this.#waiters.push((message) => {
        if (!isWanted(message)) return false;
        resolve(message);
        return true;
      });
    });
  }

  /** Sends one request (the only one in flight) and waits for its response envelope. */
  async request(channel: Extract<MainToHost, { type: 'request' }>['channel'], args: unknown[]): Promise<HostMessage<'response'>['response']> {
    const id = this.#nextId++;
    const answered = this.next('response');
    this.send({ type: 'request', id, channel, args } satisfies MainToHost);
    const message = await answered;
    expect(message.id).toBe(id);
    return message.response;
  }
}

class MemorySettings implements SettingsStore {
  readonly secretStorage = PLAIN_SECRET_CODEC.storage;
  #settings: Settings;
  readonly #listeners = new SettingsListeners();

  constructor(initial: Partial<Settings> = {}) {
    this.#settings = { ...structuredClone(DEFAULT_SETTINGS), ...initial };
  }

  get(): Settings {
    return structuredClone(this.#settings);
  }

  update(patch: unknown): Settings {
    const previous = this.#settings;
    this.#settings = applySettingsPatch(previous, validateSettingsPatch(patch));
    this.#listeners.emit(this.get(), structuredClone(previous));
    return this.get();
  }

  useForThisRun(patch: unknown): Settings {
    this.#settings = applySettingsPatch(this.#settings, validateSettingsPatch(patch));
    return this.get();
  }

  onChange(listener: (settings: Settings, previous: Settings) => void): () => void {
    return this.#listeners.add(listener);
  }
}

const WATCHED = '1BoatSLRHtKNngkdXEeobR76b53LETtpyX';

function statusFor(source: string): Status {
  return {
    version: '0.0.0',
    collector: { state: 'idle', source, intervalSeconds: 300, lastScrape: null, lastError: null, nextScrapeAt: null, scrapesOk: 0, scrapesFailed: 0, consecutiveFailures: 0 },
    jobs: { state: 'idle', foldedThrough: null, pendingScrapes: 0, lastError: null },
    secrets: { encrypted: false, description: 'stored in clear in this test' },
    store: { kind: 'sqlite', sizeBytes: 0, scrapes: 0, snapshots: 0, addresses: 0 },
    backfill: null,
  };
}

/** An engine started from the settings of its moment: its status names the source it was started with. */
class ScriptedEngine implements DesktopEngine {
  readonly apiBaseUrl = 'http://127.0.0.1:7780';
  readonly context: HandlerContext;
  stopped = false;
  #listener: ((event: EngineEvent) => void) | null = null;

  constructor(settings: SettingsStore) {
    const source = settings.get().sourceUrl;
    this.context = {
      get db(): SqliteDatabase {
        throw new Error('these tests make no query');
      },
      status: async () => statusFor(source),
      subscribe: (listener) => {
        this.#listener = listener;
        return () => {
          this.#listener = null;
        };
      },
      settings,
      imports: null,
      testSource: async () => ({ ok: false, latencyMs: 0, error: 'not in these tests' }),
    };
  }

  emit(event: EngineEvent): void {
    this.#listener?.(event);
  }

  async observe(outcome: ScrapeOutcome, watched: readonly string[]): Promise<WatchObservation> {
    return { ok: true, time: outcome.time, listed: [...watched] };
  }

  async stop(): Promise<void> {
    this.stopped = true;
  }
}

function hostWith(settings: MemorySettings, startEngine: EngineHostDependencies['startEngine']) {
  const main = new MainEnd();
  const engines: ScriptedEngine[] = [];
  const host = new EngineHost(main, {
    openSettings: () => settings,
    startEngine: async (store, warn, desktop) => {
      const engine = await startEngine(store, warn, desktop);
      if (engine instanceof ScriptedEngine) engines.push(engine);
      return engine;
    },
  });
  host.listen();
  return { main, engines };
}

const start = { type: 'start', options: { settingsDir: '/settings', appVersion: '0.1.0', settingsKey: null, settingsKeyMissing: 'no key store in this test' } } satisfies MainToHost;

afterEach(() => {
  vi.useRealTimers();
});

describe('engine host', () => {
  it('starts the engine from the settings and reports ready with its API address and settings', async () => {
    const settings = new MemorySettings({ sourceUrl: 'http://status.example' });
    const { main, engines } = hostWith(settings, async (store) => new ScriptedEngine(store));
    const ready = main.next('ready');
    main.send(start);
    expect(await ready).toEqual({ type: 'ready', apiBaseUrl: 'http://127.0.0.1:7780', settings: settings.get() });
    expect(engines).toHaveLength(1);
  });

  it('sends the settings masked in ready and settings: secrets never cross to the main process', async () => {
    const hook = { id: 'ops', name: 'Ops', enabled: true, rules: ['offline' as const], kind: 'webhook' as const, url: 'https://hooks.example/SECRET-PATH-0123456789' };
    const settings = new MemorySettings({ alertChannels: [hook] });
    const { main } = hostWith(settings, async (store) => new ScriptedEngine(store));
    const ready = main.next('ready');
    main.send(start);
    expect((await ready).settings.alertChannels[0]).toMatchObject({ url: '••••6789' });
    const changed = main.next('settings');
    settings.update({ theme: 'dark' });
    expect((await changed).settings.alertChannels[0]).toMatchObject({ url: '••••6789' });
    expect(JSON.stringify(main.received)).not.toContain('SECRET-PATH');
  });

  it("shows the engine's desktop notifications through the main process and settles them by its answer", async () => {
    let desktop: DesktopNotifier | null = null;
    const { main } = hostWith(new MemorySettings(), async (store, _warn, notifier) => {
      desktop = notifier;
      return new ScriptedEngine(store);
    });
    const ready = main.next('ready');
    main.send(start);
    await ready;
    const notice = { title: 'went offline', body: 'text', address: WATCHED };
    const asked = main.next('notify');
    const shown = desktop!.notify(notice);
    const request = await asked;
    expect(request.notice).toEqual(notice);
    main.send({ type: 'notified', id: request.id, error: null } satisfies MainToHost);
    await expect(shown).resolves.toBeUndefined();
    const askedAgain = main.next('notify');
    const refused = desktop!.notify(notice);
    main.send({ type: 'notified', id: (await askedAgain).id, error: 'this desktop has no notification service' } satisfies MainToHost);
    await expect(refused).rejects.toThrow('this desktop has no notification service');
  });

  it('answers a request from the running engine context, and bad input with the error envelope', async () => {
    const { main } = hostWith(new MemorySettings({ sourceUrl: 'http://status.example' }), async (store) => new ScriptedEngine(store));
    main.send(start);
    expect(await main.request('status:get', [])).toEqual({ ok: true, value: statusFor('http://status.example') });
    expect(await main.request('address:summary', ['not an address'])).toMatchObject({ ok: false, error: { code: 'invalid_address' } });
  });

  it('forwards engine events, and turns a scrape into an observation of the watched addresses', async () => {
    const { main, engines } = hostWith(new MemorySettings({ watchedAddresses: [WATCHED] }), async (store) => new ScriptedEngine(store));
    const ready = main.next('ready');
    main.send(start);
    await ready;
    const observation = main.next('observation');
    const outcome: ScrapeOutcome = { time: 1_000, ok: true, durationMs: 5, farmers: 1, rejected: 0, duplicates: 0, unusual: 0, errorCode: null, errorMessage: null };
    engines[0]!.emit({ type: 'scrape', outcome });
    expect(await observation).toEqual({ type: 'observation', observation: { ok: true, time: 1_000, listed: [WATCHED] } });
    expect(main.received).toContainEqual({ type: 'event', event: { type: 'scrape', outcome } });
  });

  it('tries a failed start again after START_RETRY_MS, answering the settings (and only them) meanwhile', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let attempts = 0;
    const { main } = hostWith(new MemorySettings(), async (store) => {
      attempts++;
      if (attempts === 1) throw new Error('the data folder is not writable');
      return new ScriptedEngine(store);
    });
    const failed = main.next('start-failed');
    main.send(start);
    expect(await failed).toEqual({ type: 'start-failed', message: 'the data folder is not writable' });
    expect(await main.request('status:get', [])).toEqual({
      ok: false,
      error: { code: 'unavailable', message: 'the engine could not start: the data folder is not writable' },
    });
    expect(await main.request('settings:get', [])).toMatchObject({ ok: true, value: { theme: 'system' } });

    await vi.advanceTimersByTimeAsync(START_RETRY_MS - 1);
    expect(attempts).toBe(1);
    const ready = main.next('ready');
    await vi.advanceTimersByTimeAsync(1);
    await ready;
    expect(attempts).toBe(2);
    expect(await main.request('status:get', [])).toMatchObject({ ok: true });
  });

  it('restarts the engine for a collection setting, not for a display setting, and reports both', async () => {
    const settings = new MemorySettings({ sourceUrl: 'http://first.example' });
    const { main, engines } = hostWith(settings, async (store) => new ScriptedEngine(store));
    const ready = main.next('ready');
    main.send(start);
    await ready;

    const restarted = main.next('settings');
    expect(await main.request('settings:update', [{ sourceUrl: 'http://second.example' }])).toMatchObject({ ok: true });
    expect(await restarted).toMatchObject({ settings: { sourceUrl: 'http://second.example' }, apiBaseUrl: 'http://127.0.0.1:7780' });
    expect(engines.map((engine) => engine.stopped)).toEqual([true, false]);
    expect(await main.request('status:get', [])).toMatchObject({ ok: true, value: { collector: { source: 'http://second.example' } } });

    const themed = main.next('settings');
    await main.request('settings:update', [{ theme: 'dark' }]);
    expect(await themed).toMatchObject({ settings: { theme: 'dark' } });
    expect(engines).toHaveLength(2);
  });

  it('on stop, stops the engine, says so, cancels a pending retry and then answers unavailable', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let attempts = 0;
    const { main } = hostWith(new MemorySettings(), async () => {
      attempts++;
      throw new Error('the port is taken');
    });
    const failed = main.next('start-failed');
    main.send(start);
    await failed;
    const stopped = main.next('stopped');
    main.send({ type: 'stop' });
    await stopped;
    await vi.advanceTimersByTimeAsync(START_RETRY_MS * 2);
    expect(attempts).toBe(1);

    const settings = new MemorySettings();
    const running = hostWith(settings, async (store) => new ScriptedEngine(store));
    const ready = running.main.next('ready');
    running.main.send(start);
    await ready;
    const done = running.main.next('stopped');
    running.main.send({ type: 'stop' });
    await done;
    expect(running.engines[0]!.stopped).toBe(true);
    expect(await running.main.request('status:get', [])).toMatchObject({ ok: false, error: { code: 'unavailable', message: 'the engine is not running' } });
  });

  it('drops messages that are not the main process protocol, and requests for channels it does not answer', async () => {
    const { main } = hostWith(new MemorySettings(), async (store) => new ScriptedEngine(store));
    main.send(start);
    main.send({ type: 'reboot' });
    main.send(null);
    main.send({ type: 'start' });
    // A channel the main process answers itself, and a request without its argument list.
    main.send({ type: 'request', id: 90, channel: 'shell:open-external', args: ['https://example.com'] });
    main.send({ type: 'request', id: 91, channel: 'status:get' });
    expect(await main.request('settings:get', [])).toMatchObject({ ok: true });
    expect(main.received.map((message) => message.type)).toEqual(['ready', 'response']);
  });
});

describe('engine host loggers', () => {
  it('keeps one logger per data directory, so an engine restart writes to the same file', () => {
    const created: string[] = [];
    const loggerFor = hostLoggers((dataDir) => {
      created.push(dataDir);
      return silentLogger();
    });
    const first = loggerFor('/data/one');
    expect(loggerFor('/data/one')).toBe(first);
    expect(loggerFor('/data/two')).not.toBe(first);
    expect(created).toEqual(['/data/one', '/data/two']);
  });
});
