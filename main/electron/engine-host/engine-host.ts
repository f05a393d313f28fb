import { describeError } from '../../../shared/errors.js';
import type { IpcInvokeMap, IpcResponse } from '../../../shared/ipc-contract.js';
import { HEARTBEAT_SPANS_HOURS, SUMMARY_WINDOW_DAYS } from '../../../shared/defaults.js';
import type { Settings } from '../../../shared/model/settings.js';
import type { ScrapeOutcome } from '../../../shared/model/status.js';
import type { HandlerContext } from '../../handlers/context.js';
import * as handlers from '../../handlers/handlers.js';
import type { DesktopNotifier } from '../../alerts/channels/desktop.js';
import { maskSettings } from '../../settings/secret-mask.js';
import { alertDeliveries, testAlertChannel } from '../../handlers/alerts.js';
import type { SettingsStore } from '../../settings/settings-store.js';
import { createIpcResponder, type ErrorReporter } from '../ipc/ipc-handle.js';
import { contextWithoutEngine } from './context-without-engine.js';
import { needsEngineRestart, type DesktopEngine } from './desktop-engine.js';
import { HostDesktopNotifier } from './host-desktop-notifier.js';
import { isMainMessage, type EngineChannel, type EngineHostStartOptions, type HostToMain, type MainToHost, type MessagePortLike } from './protocol.js';

type EngineHandlerTable = {
  readonly [C in EngineChannel]: (
    context: HandlerContext,
    ...args: IpcInvokeMap[C]['args']
  ) => IpcInvokeMap[C]['result'] | Promise<IpcInvokeMap[C]['result']>;
};

/** The IPC channels the engine answers, each by the handler the HTTP API calls for it. */
export const ENGINE_HANDLERS: EngineHandlerTable = {
  'network:get': handlers.network,
  'address:summary': handlers.summary,
  'address:detail': (context, address, days) => handlers.addressDetail(context, address, days ?? SUMMARY_WINDOW_DAYS),
  'address:list': handlers.addresses,
  'address:heartbeat': (context, address, hours) => handlers.addressHeartbeat(context, address, hours ?? HEARTBEAT_SPANS_HOURS[0]),
  'events:history': handlers.eventHistory,
  'alerts:deliveries': alertDeliveries,
  'alerts:test': testAlertChannel,
  'status:get': handlers.status,
  'settings:get': handlers.getSettings,
  'settings:update': handlers.updateSettings,
  'source:test': handlers.testSource,
  'import:start': handlers.startImport,
  'import:cancel': handlers.cancelImport,
  'import:status': handlers.importStatus,
};

/** Validates the arguments, runs the channel's handler over the context, and wraps the outcome. */
function respond<C extends EngineChannel>(channel: C, context: HandlerContext, args: readonly unknown[], report: ErrorReporter): Promise<IpcResponse<C>> {
  const handler = ENGINE_HANDLERS[channel];
  return createIpcResponder(channel, (...valid: IpcInvokeMap[C]['args']) => handler(context, ...valid), report)(args);
}

/** How long a failed engine start waits before it is tried again (a settings change retries at once). */
export const START_RETRY_MS = 30_000;

export interface EngineHostDependencies {
  openSettings(options: EngineHostStartOptions, report: (problem: string) => void): SettingsStore;
  /** `desktop` shows the desktop alert channel's notifications through the main process. */
  startEngine(settings: SettingsStore, warn: (message: string) => void, desktop: DesktopNotifier): Promise<DesktopEngine>;
}

/** Runs `callback` after `delayMs`; returns the cancel. */
export type Schedule = (callback: () => void, delayMs: number) => () => void;

const scheduleWithTimers: Schedule = (callback, delayMs) => {
  const timer = setTimeout(callback, delayMs);
  return () => clearTimeout(timer);
};

/**
 * The engine host: runs in its own process (utility process in the app, a child process in
 * tests), owns the engine and the settings, and answers the main process's requests through the
 * handlers — the same functions the HTTP API calls. Start, restart and stop happen one after
 * another, never interleaved; a failed start is tried again after START_RETRY_MS, or at once
 * when the settings change, and the settings stay reachable meanwhile.
 */
export class EngineHost {
  readonly #port: MessagePortLike<unknown, HostToMain>;
  readonly #dependencies: EngineHostDependencies;
  readonly #schedule: Schedule;
  #store: SettingsStore | null = null;
  #running: DesktopEngine | null = null;
  #unsubscribe: (() => void) | null = null;
  #transitions: Promise<void> = Promise.resolve();
  #startFailure: string | null = null;
  #cancelRetry: (() => void) | null = null;
  #stopped = false;
  readonly #desktop: HostDesktopNotifier;

  constructor(port: MessagePortLike<unknown, HostToMain>, dependencies: EngineHostDependencies, schedule: Schedule = scheduleWithTimers) {
    this.#port = port;
    this.#desktop = new HostDesktopNotifier((message) => port.postMessage(message));
    this.#dependencies = dependencies;
    this.#schedule = schedule;
  }

  /** Starts answering the main process's messages. */
  listen(): void {
    this.#port.onMessage((message) => this.#receive(message));
  }

  #receive(message: unknown): void {
    if (!isMainMessage(message)) return;
    switch (message.type) {
      case 'start':
        void this.#start(message.options);
        return;
      case 'request':
        void this.#answer(message);
        return;
      case 'notified':
        this.#desktop.answered(message.id, message.error);
        return;
      case 'stop':
        void this.#stop();
        return;
    }
  }

  #log(level: 'info' | 'warn' | 'error', message: string): void {
    this.#port.postMessage({ type: 'log', level, message });
  }

  #serially(work: () => Promise<void>): Promise<void> {
    this.#transitions = this.#transitions.then(work, work);
    return this.#transitions;
  }

  #start(options: EngineHostStartOptions): Promise<void> {
    return this.#serially(async () => {
      // A settings store that cannot even open ends this process; the supervisor starts a new one.
      const store = this.#dependencies.openSettings(options, (problem) => this.#log('warn', problem));
      this.#store = store;
      store.onChange((next, previous) => void this.#serially(() => this.#settingsChanged(next, previous)));
      await this.#tryStart();
    });
  }

  async #settingsChanged(next: Settings, previous: Settings): Promise<void> {
    if (this.#running !== null && needsEngineRestart(previous, next)) await this.#stopEngine();
    if (this.#running === null) await this.#tryStart();
    this.#port.postMessage({ type: 'settings', settings: maskSettings(next), apiBaseUrl: this.#running?.apiBaseUrl ?? null });
  }

  /** Starts the engine from the current settings; on failure it is tried again later. */
  async #tryStart(): Promise<void> {
    const store = this.#store;
    if (store === null || this.#stopped || this.#running !== null) return;
    this.#cancelRetry?.();
    this.#cancelRetry = null;
    try {
      const running = await this.#startEngine(store);
      this.#startFailure = null;
      this.#port.postMessage({ type: 'ready', apiBaseUrl: running.apiBaseUrl, settings: maskSettings(store.get()) });
    } catch (error) {
      // e.g. an unwritable data folder, or one another instance collects into: the user can fix
      // the settings meanwhile (they are answered without the engine).
      this.#startFailure = describeError(error);
      this.#port.postMessage({ type: 'start-failed', message: this.#startFailure });
      this.#cancelRetry = this.#schedule(() => void this.#serially(() => this.#tryStart()), START_RETRY_MS);
    }
  }

  async #startEngine(store: SettingsStore): Promise<DesktopEngine> {
    const running = await this.#dependencies.startEngine(store, (message) => this.#log('warn', message), this.#desktop);
    this.#unsubscribe = running.context.subscribe((event) => {
      this.#port.postMessage({ type: 'event', event });
      if (event.type === 'scrape') this.#observe(running, event.outcome, store);
    });
    this.#running = running;
    return running;
  }

  #observe(running: DesktopEngine, outcome: ScrapeOutcome, store: SettingsStore): void {
    running
      .observe(outcome, store.get().watchedAddresses)
      .then((observation) => this.#port.postMessage({ type: 'observation', observation }))
      .catch((error: unknown) => this.#log('warn', `could not check watched addresses: ${describeError(error)}`));
  }

  async #stopEngine(): Promise<void> {
    this.#unsubscribe?.();
    this.#unsubscribe = null;
    const running = this.#running;
    this.#running = null;
    await running?.stop();
    this.#desktop.abandon('the engine stopped');
  }

  async #answer(message: Extract<MainToHost, { type: 'request' }>): Promise<void> {
    // A request that arrives mid-transition is answered by the engine the transition leaves.
    await this.#transitions.catch(() => undefined);
    const context = this.#running?.context ?? contextWithoutEngine(this.#store, this.#whyNotRunning());
    const response = await respond(message.channel, context, message.args, (channel, error) =>
      this.#log('error', `${channel}: ${error instanceof Error ? (error.stack ?? error.message) : describeError(error)}`),
    );
    this.#port.postMessage({ type: 'response', id: message.id, response });
  }

  #whyNotRunning(): string {
    return this.#startFailure === null ? 'the engine is not running' : `the engine could not start: ${this.#startFailure}`;
  }

  async #stop(): Promise<void> {
    this.#stopped = true;
    this.#cancelRetry?.();
    this.#cancelRetry = null;
    try {
      await this.#serially(() => this.#stopEngine());
    } catch (error) {
      this.#log('error', `stopping the engine failed: ${describeError(error)}`);
    }
    this.#port.postMessage({ type: 'stopped' });
  }
}
