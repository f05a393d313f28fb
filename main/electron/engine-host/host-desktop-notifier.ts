import { ALERT_SEND_TIMEOUT_MS } from '../../../shared/defaults.js';
import type { DesktopNotifier } from '../../alerts/channels/desktop.js';
import type { DesktopNotice, HostToMain } from './protocol.js';

interface PendingNotice {
  resolve: () => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * The engine host's desktop notifier: the host has no Electron Notification, so each notice goes
 * to the main process as a `notify` message and the main process's `notified` answer settles it.
 * A notice the main process does not answer in time is a failed delivery (the alert is retried),
 * never a silent success.
 */
export class HostDesktopNotifier implements DesktopNotifier {
  readonly #post: (message: HostToMain) => void;
  readonly #timeoutMs: number;
  readonly #pending = new Map<number, PendingNotice>();
  #nextId = 1;

  constructor(post: (message: HostToMain) => void, timeoutMs = ALERT_SEND_TIMEOUT_MS) {
    this.#post = post;
    this.#timeoutMs = timeoutMs;
  }

  notify(notice: DesktopNotice): Promise<void> {
    const id = this.#nextId++;
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => this.#settle(id, `the desktop app did not answer within ${this.#timeoutMs / 1000} s`), this.#timeoutMs);
      this.#pending.set(id, { resolve, reject, timer });
      this.#post({ type: 'notify', id, notice });
    });
  }

  /** The main process's answer: null when the notification was shown, else why not. */
  answered(id: number, error: string | null): void {
    this.#settle(id, error);
  }

  /** Fails every notice still waiting (the host is stopping). */
  abandon(reason: string): void {
    for (const id of [...this.#pending.keys()]) this.#settle(id, reason);
  }

  #settle(id: number, error: string | null): void {
    const pending = this.#pending.get(id);
    if (pending === undefined) return;
    this.#pending.delete(id);
    clearTimeout(pending.timer);
    if (error === null) pending.resolve();
    else pending.reject(new Error(error));
  }
}
