import { EventEmitter } from 'node:events';
import type { IpcInvokeMap, IpcResponse } from '../../../shared/ipc-contract.js';
import type { EngineEvent } from '../../../shared/model/events.js';
import type { Settings } from '../../../shared/model/settings.js';
import type { EngineHostState } from '../tray/tray-state.js';
import { ENGINE_RESULT_CHECKS } from './engine-results.js';
import {
  isHostMessage,
  type DesktopNotice,
  type EngineChannel,
  type EngineHostStartOptions,
  type HostToMain,
  type MainToHost,
  type WatchObservation,
} from './protocol.js';

/**
 * Runs the engine host in its own process and keeps it running: restarts it with exponential
 * backoff when it dies, answers requests that were in flight with `unavailable` (never leaves a
 * page waiting forever), and on quit asks it to stop its jobs and close the database before it
 * is killed. Plain Node: the process is created by an injected `spawn` (utilityProcess in the app,
 * a worker thread in tests).
 */
export interface HostProcess {
  postMessage(message: MainToHost): void;
  onMessage(listener: (message: unknown) => void): void;
  onExit(listener: (code: number) => void): void;
  kill(): void;
}

export interface SupervisorOptions {
  spawn: () => HostProcess;
  /** Asked once, at the first start: in the app the settings key needs safeStorage, which works only after `ready`. */
  start: () => EngineHostStartOptions;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** A host that ran this long is healthy again: the next crash starts the backoff from the beginning. */
  stableAfterMs?: number;
  /** Crashes in a row after which the state is `failed` (it keeps retrying at the longest delay). */
  failedAfterCrashes?: number;
  requestTimeoutMs?: number;
  stopTimeoutMs?: number;
}

export function restartDelayMs(consecutiveCrashes: number, baseDelayMs: number, maxDelayMs: number): number {
  return Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, consecutiveCrashes - 1));
}

interface PendingRequest {
  /** Checks the host's response against the request's channel and resolves the request with it. */
  settle: (response: IpcResponse<EngineChannel>) => void;
  timer: NodeJS.Timeout;
}

interface SupervisorEvents {
  state: [EngineHostState];
  event: [EngineEvent];
  settings: [Settings];
  observation: [WatchObservation];
  /** The engine's desktop alert channel asks for a notification; `answer` reports the outcome back (null: shown). */
  notify: [notice: DesktopNotice, answer: (error: string | null) => void];
  log: [level: 'info' | 'warn' | 'error', message: string];
  /** The host reported that the engine stopped (its database is closed). */
  stopped: [];
}

function unavailable<C extends EngineChannel>(message: string): IpcResponse<C> {
  return { ok: false, error: { code: 'unavailable', message } };
}

export class EngineSupervisor extends EventEmitter<SupervisorEvents> {
  readonly #options: Required<SupervisorOptions>;
  #process: HostProcess | null = null;
  #state: EngineHostState = 'starting';
  #crashes = 0;
  #startedAt = 0;
  #nextId = 1;
  readonly #pending = new Map<number, PendingRequest>();
  /** Requests that arrived while the host was (re)starting; sent once it is ready. */
  #queued: (() => void)[] = [];
  #restartTimer: NodeJS.Timeout | null = null;
  #stopping: Promise<void> | null = null;
  #apiBaseUrl: string | null = null;
  #settings: Settings | null = null;
  #lastFailure: string | null = null;
  #startOptions: EngineHostStartOptions | null = null;
  /** The host answers requests once it reported `ready` or `start-failed` (settings stay reachable). */
  #accepting = false;

  constructor(options: SupervisorOptions) {
    super();
    this.#options = {
      baseDelayMs: 1_000,
      maxDelayMs: 60_000,
      stableAfterMs: 60_000,
      failedAfterCrashes: 5,
      requestTimeoutMs: 60_000,
      stopTimeoutMs: 10_000,
      ...options,
    };
  }

  get state(): EngineHostState {
    return this.#state;
  }

  get apiBaseUrl(): string | null {
    return this.#apiBaseUrl;
  }

  /** Why the engine last failed to start or died; cleared when it is running again. */
  get lastFailure(): string | null {
    return this.#lastFailure;
  }

  /** The settings as the host last reported them (null before the first start). */
  get settings(): Settings | null {
    return this.#settings;
  }

  start(): void {
    if (this.#process !== null || this.#stopping !== null) return;
    const options = (this.#startOptions ??= this.#options.start());
    this.#startedAt = Date.now();
    const child = this.#options.spawn();
    this.#process = child;
    child.onMessage((message) => {
      if (this.#process === child && isHostMessage(message)) this.#receive(message);
    });
    child.onExit((code) => {
      if (this.#process === child) this.#exited(code);
    });
    child.postMessage({ type: 'start', options });
  }

  /** Sends one validated request to the engine; resolves with the envelope, never rejects. */
  request<C extends EngineChannel>(channel: C, args: IpcInvokeMap[C]['args']): Promise<IpcResponse<C>> {
    return new Promise((resolve) => {
      const send = (): void => {
        const child = this.#process;
        if (child === null || this.#stopping !== null) {
          resolve(unavailable('the engine is shutting down'));
          return;
        }
        const id = this.#nextId++;
        const timer = setTimeout(() => {
          this.#pending.delete(id);
          resolve(unavailable(`${channel}: the engine did not answer in time`));
        }, this.#options.requestTimeoutMs);
        this.#pending.set(id, { settle: (response) => resolve(this.#checked(channel, response)), timer });
        child.postMessage({ type: 'request', id, channel, args: [...args] });
      };
      if (this.#accepting) send();
      else if (this.#stopping !== null) resolve(unavailable('the engine is shutting down'));
      else {
        // Waits for the engine to come (back) up, but not forever: a page must get an answer.
        const waiting = (): void => {
          clearTimeout(giveUp);
          send();
        };
        const giveUp = setTimeout(() => {
          this.#queued = this.#queued.filter((queued) => queued !== waiting);
          resolve(unavailable(`${channel}: the engine is not running (${this.#lastFailure ?? 'still starting'})`));
        }, this.#options.requestTimeoutMs);
        this.#queued.push(waiting);
      }
    });
  }

  /** Asks the host to stop the engine (jobs, collector, database) and waits for it, then ends the process. */
  stop(): Promise<void> {
    this.#stopping ??= new Promise<void>((resolve) => {
      if (this.#restartTimer !== null) clearTimeout(this.#restartTimer);
      for (const send of this.#queued.splice(0)) send();
      const child = this.#process;
      if (child === null) {
        resolve();
        return;
      }
      let finished = false;
      const finish = (): void => {
        if (finished) return;
        finished = true;
        clearTimeout(deadline);
        this.#process = null;
        child.kill();
        this.#failPending('the engine is shutting down');
        resolve();
      };
      const deadline = setTimeout(() => {
        this.emit('log', 'warn', 'the engine did not stop in time; ending its process');
        finish();
      }, this.#options.stopTimeoutMs);
      this.once('stopped', finish);
      child.onExit(() => finish());
      child.postMessage({ type: 'stop' });
    });
    return this.#stopping;
  }

  #receive(message: HostToMain): void {
    switch (message.type) {
      case 'ready':
        this.#apiBaseUrl = message.apiBaseUrl;
        this.#settings = message.settings;
        this.#lastFailure = null;
        this.#accepting = true;
        this.#setState('running');
        this.emit('settings', message.settings);
        for (const send of this.#queued.splice(0)) send();
        return;
      case 'start-failed':
        // The host stays up (it retries, and answers settings so the cause can be fixed from the window).
        this.#lastFailure = message.message;
        this.#accepting = true;
        this.emit('log', 'error', `the engine could not start: ${message.message}`);
        this.#setState('failed');
        for (const send of this.#queued.splice(0)) send();
        return;
      case 'response': {
        const pending = this.#pending.get(message.id);
        if (pending === undefined) return;
        this.#pending.delete(message.id);
        clearTimeout(pending.timer);
        pending.settle(message.response);
        return;
      }
      case 'event':
        this.emit('event', message.event);
        return;
      case 'settings':
        this.#settings = message.settings;
        this.#apiBaseUrl = message.apiBaseUrl;
        this.emit('settings', message.settings);
        return;
      case 'observation':
        this.emit('observation', message.observation);
        return;
      case 'notify': {
        const host = this.#process;
        // An answer for a host that has since exited goes nowhere: its engine retries the alert after the restart.
        this.emit('notify', message.notice, (error) => {
          if (this.#process === host) host?.postMessage({ type: 'notified', id: message.id, error });
        });
        return;
      }
      case 'log':
        this.emit('log', message.level, message.message);
        return;
      case 'stopped':
        this.emit('stopped');
        return;
    }
  }

  #exited(code: number): void {
    this.#process = null;
    this.#accepting = false;
    this.#failPending('the engine stopped unexpectedly; it is being restarted');
    if (this.#stopping !== null) return;
    const ranFor = Date.now() - this.#startedAt;
    this.#crashes = ranFor >= this.#options.stableAfterMs ? 1 : this.#crashes + 1;
    const delay = restartDelayMs(this.#crashes, this.#options.baseDelayMs, this.#options.maxDelayMs);
    this.#lastFailure ??= `the engine process exited with code ${code}`;
    this.emit('log', 'error', `the engine exited (code ${code}); restarting in ${Math.round(delay / 1000)} s`);
    this.#setState(this.#crashes >= this.#options.failedAfterCrashes ? 'failed' : 'restarting');
    this.#restartTimer = setTimeout(() => {
      this.#restartTimer = null;
      this.start();
    }, delay);
  }

  /** An error envelope passes as it is; a value must have the shape its channel promises. */
  #checked<C extends EngineChannel>(channel: C, response: IpcResponse<EngineChannel>): IpcResponse<C> {
    if (!response.ok) return response;
    const value: unknown = response.value;
    if (ENGINE_RESULT_CHECKS[channel](value)) return { ok: true, value };
    this.emit('log', 'error', `${channel}: the engine answered with a value of the wrong shape`);
    return { ok: false, error: { code: 'internal', message: 'internal error' } };
  }

  #failPending(message: string): void {
    for (const [id, pending] of this.#pending) {
      clearTimeout(pending.timer);
      pending.settle(unavailable(message));
      this.#pending.delete(id);
    }
  }

  #setState(state: EngineHostState): void {
    if (this.#state === state) return;
    this.#state = state;
    this.emit('state', state);
  }
}
