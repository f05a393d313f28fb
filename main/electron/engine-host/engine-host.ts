import { AppError } from '../../../shared/errors.js';
import type { IpcInvokeMap } from '../../../shared/ipc-contract.js';
import { SUMMARY_WINDOW_DAYS } from '../../../shared/model/address.js';
import type { HandlerContext } from '../../handlers/context.js';
import * as handlers from '../../handlers/handlers.js';
import type { SettingsStore } from '../../settings/settings-store.js';
import { createIpcResponder } from '../ipc/ipc-handle.js';
import type { DesktopEngine } from './desktop-engine.js';
import { needsEngineRestart } from './desktop-engine.js';
import {
  isMainMessage,
  type EngineChannel,
  type EngineHostStartOptions,
  type HostToMain,
  type MainToHost,
  type MessagePortLike,
} from './protocol.js';
import { WatchObserver } from './watch-observer.js';

/**
 * The engine host: runs in its own process (utility process in the app, worker thread in tests),
 * owns the engine and the settings, and answers the main process's requests by calling engineer
 * D's handlers — the same functions the HTTP API calls.
 */
type EngineHandlerTable = {
  readonly [C in EngineChannel]: (
    context: HandlerContext,
    ...args: IpcInvokeMap[C]['args']
  ) => IpcInvokeMap[C]['result'] | Promise<IpcInvokeMap[C]['result']>;
};

export const ENGINE_HANDLERS: EngineHandlerTable = {
  'network:get': handlers.network,
  'address:summary': handlers.summary,
  'address:detail': (context, address, days) => handlers.addressDetail(context, address, days ?? SUMMARY_WINDOW_DAYS),
  'address:list': handlers.addresses,
  'status:get': handlers.status,
  'settings:get': handlers.getSettings,
  'settings:update': handlers.updateSettings,
  'source:test': handlers.testSource,
  'import:start': handlers.startImport,
  'import:cancel': handlers.cancelImport,
  'import:status': handlers.importStatus,
};

/** How long a failed engine start waits before it is tried again (a settings change retries at once). */
export const START_RETRY_MS = 30_000;

export interface EngineHostDependencies {
  openSettings(options: EngineHostStartOptions, report: (problem: string) => void): SettingsStore;
  startEngine(settings: SettingsStore, warn: (message: string) => void): Promise<DesktopEngine>;
}

export function runEngineHost(port: MessagePortLike<unknown, HostToMain>, dependencies: EngineHostDependencies): void {
  const log = (level: 'info' | 'warn' | 'error', message: string): void => port.postMessage({ type: 'log', level, message });
  let running: DesktopEngine | null = null;
  let unsubscribe: (() => void) | null = null;
  // Start, restart and stop happen one after another, never interleaved.
  let transitions: Promise<void> = Promise.resolve();
  const serially = (work: () => Promise<void>): Promise<void> => {
    transitions = transitions.then(work, work);
    return transitions;
  };

  const startEngine = async (store: SettingsStore): Promise<void> => {
    const desktop = await dependencies.startEngine(store, (message) => log('warn', message));
    const observer = new WatchObserver(desktop.engine.rawStore, desktop.engine.db);
    unsubscribe = desktop.engine.hub.subscribe((event) => {
      port.postMessage({ type: 'event', event });
      if (event.type !== 'scrape') return;
      observer
        .observe(event.outcome, store.get().watchedAddresses)
        .then((observation) => port.postMessage({ type: 'observation', observation }))
        .catch((error: unknown) => log('warn', `could not check watched addresses: ${String(error)}`));
    });
    running = desktop;
  };

  const stopEngine = async (): Promise<void> => {
    unsubscribe?.();
    unsubscribe = null;
    const desktop = running;
    running = null;
    await desktop?.stop();
  };

  let store: SettingsStore | null = null;
  let startFailure: string | null = null;
  let retryTimer: NodeJS.Timeout | null = null;
  let stopped = false;

  /** Starts the engine from the current settings; on failure the settings stay reachable and it is tried again later. */
  const tryStart = async (): Promise<void> => {
    if (store === null || stopped || running !== null) return;
    if (retryTimer !== null) clearTimeout(retryTimer);
    retryTimer = null;
    try {
      await startEngine(store);
      startFailure = null;
      port.postMessage({ type: 'ready', apiBaseUrl: running!.apiBaseUrl, settings: store.get() });
    } catch (error) {
      startFailure = error instanceof Error ? error.message : String(error);
      port.postMessage({ type: 'start-failed', message: startFailure });
      // e.g. an unwritable data folder or a folder another instance collects into: the user can fix
      // the settings meanwhile (they are answered without the engine), and a settings change retries at once.
      retryTimer = setTimeout(() => void serially(tryStart), START_RETRY_MS);
    }
  };

  const start = (options: EngineHostStartOptions): Promise<void> =>
    serially(async () => {
      // A settings store that cannot even open ends this process; the supervisor starts a new one.
      const opened = dependencies.openSettings(options, (problem) => log('warn', problem));
      store = opened;
      opened.onChange((next, previous) => {
        void serially(async () => {
          if (running !== null && needsEngineRestart(previous, next)) await stopEngine();
          if (running === null) await tryStart();
          port.postMessage({ type: 'settings', settings: next, apiBaseUrl: running?.apiBaseUrl ?? null });
        });
      });
      await tryStart();
    });

  /** Without a running engine only the settings can be answered (the same calls D's handlers make). */
  const answerWithoutEngine = (channel: EngineChannel, args: unknown[]): unknown => {
    if (store !== null && channel === 'settings:get') return store.get();
    if (store !== null && channel === 'settings:update') return store.update(args[0]);
    throw new AppError('unavailable', startFailure === null ? 'the engine is not running' : `the engine could not start: ${startFailure}`);
  };

  const answer = async (message: Extract<MainToHost, { type: 'request' }>): Promise<void> => {
    await transitions;
    const context = running?.context;
    const respond = createIpcResponder<EngineChannel>(
      message.channel,
      (...args: unknown[]) => {
        if (context === undefined) return answerWithoutEngine(message.channel, args) as never;
        const handler = ENGINE_HANDLERS[message.channel] as (context: HandlerContext, ...args: unknown[]) => unknown;
        return handler(context, ...args) as never;
      },
      (channel, error) => log('error', `${channel}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
    );
    port.postMessage({ type: 'response', id: message.id, response: await respond(message.args) });
  };

  port.onMessage((message) => {
    if (!isMainMessage(message)) return;
    switch (message.type) {
      case 'start':
        void start(message.options);
        return;
      case 'request':
        void answer(message);
        return;
      case 'stop':
        stopped = true;
        if (retryTimer !== null) clearTimeout(retryTimer);
        void serially(stopEngine).then(
          () => port.postMessage({ type: 'stopped' }),
          (error: unknown) => {
            log('error', `stopping the engine failed: ${String(error)}`);
            port.postMessage({ type: 'stopped' });
          },
        );
        return;
    }
  });
}
