import type { Status } from '../../../shared/model/status.js';
import type { EngineSupervisor } from '../engine-host/engine-supervisor.js';
import type { AddressPresence } from '../notifications/notification-rules.js';
import { DEFAULT_FAILURE_THRESHOLD } from '../notifications/notification-rules.js';
import type { ShellTray } from '../tray/tray.js';
import { trayView } from '../tray/tray-state.js';

export interface TrayPresenterOptions {
  supervisor: Pick<EngineSupervisor, 'state' | 'lastFailure' | 'request'>;
  /** Watched addresses with what the last scrapes said about them. */
  watched(): readonly { address: string; presence: AddressPresence }[];
  openAtLogin(): boolean;
}

/**
 * Keeps the tray in step with the engine: redraws from what is known, and refreshes the engine's
 * status first when the engine is up (a restarting engine has no status to ask for).
 */
export class TrayPresenter {
  readonly #options: TrayPresenterOptions;
  #tray: ShellTray | null = null;
  #status: Status | null = null;

  constructor(options: TrayPresenterOptions) {
    this.#options = options;
  }

  attach(tray: ShellTray): void {
    this.#tray = tray;
    this.redraw();
  }

  redraw(): void {
    this.#tray?.update(
      trayView({
        host: this.#options.supervisor.state,
        hostFailure: this.#options.supervisor.lastFailure,
        status: this.#status,
        watched: this.#options.watched(),
        openAtLogin: this.#options.openAtLogin(),
        failureThreshold: DEFAULT_FAILURE_THRESHOLD,
        now: Date.now(),
      }),
    );
  }

  /** Asks the engine for its status, then redraws; resolves either way (the supervisor never rejects). */
  async refresh(): Promise<void> {
    if (this.#options.supervisor.state === 'running') {
      const response = await this.#options.supervisor.request('status:get', []);
      this.#status = response.ok ? response.value : null;
    }
    this.redraw();
  }

  destroy(): void {
    this.#tray?.destroy();
    this.#tray = null;
  }
}
