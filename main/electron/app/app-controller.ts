import type { IpcMainInvokeEvent } from 'electron';
import { MS_PER_MINUTE } from '../../../shared/defaults.js';
import { describeError } from '../../../shared/errors.js';
import { IpcEventChannel } from '../../../shared/ipc-contract.js';
import type { EngineEvent } from '../../../shared/model/events.js';
import type { Settings } from '../../../shared/model/settings.js';
import type { EngineSupervisor } from '../engine-host/engine-supervisor.js';
import { ipcHandleAll } from '../ipc/ipc-handle.js';
import { desktopIpcHandlers } from '../ipc-main-handlers.js';
import { addressRouteUrl, createMainWindow } from '../main-window.js';
import type { DesktopNotifier } from '../../alerts/channels/desktop.js';
import { electronDesktopNotifier } from '../notifications/desktop-notifier.js';
import { DEFAULT_FAILURE_THRESHOLD } from '../notifications/notification-rules.js';
import { WatchPresence } from '../notifications/watch-presence.js';
import type { ShellTray } from '../tray/tray.js';
import type { TrayAction } from '../tray/tray-state.js';
import { isAllowedNavigation, secureApp, type SecurityReporter } from '../window-security.js';
import { desktopServices } from './desktop-services.js';
import type { ShellElectron, ShellWindow } from './electron-ports.js';
import { engineDataDir, openLogsFolder } from './logs-folder.js';
import type { ShellConfig } from './shell-config.js';
import type { ShellLog } from './shell-log.js';
import { TrayPresenter } from './tray-presenter.js';
import { MainWindowController } from './window-controller.js';

/** Windows passes this to the app it starts at login (macOS reports `wasOpenedAtLogin` instead). */
export const STARTED_AT_LOGIN_FLAG = '--started-at-login';
/** Redraws the tray even without scrapes, so "last scrape 3 min ago" stays true. */
export const TRAY_REFRESH_MS = MS_PER_MINUTE;
/** Groups the app's notifications and taskbar entry on Windows. */
const APP_USER_MODEL_ID = 'net.driveshare.graph';

export type ShellSupervisor = Pick<EngineSupervisor, 'start' | 'stop' | 'request' | 'state' | 'lastFailure' | 'apiBaseUrl' | 'on'>;

export interface ShellControllerOptions<W extends ShellWindow> {
  electron: ShellElectron<W>;
  supervisor: ShellSupervisor;
  config: ShellConfig;
  log: ShellLog;
  /** Draws the tray (tray.ts's AppTray over Electron's Tray, Menu and nativeImage). */
  createTray(onAction: (action: TrayAction) => void): ShellTray;
  /** Secures the default session and serves the renderer: needs Electron's session and protocol, at `ready`. */
  prepareSession(report: SecurityReporter): void;
  platform: NodeJS.Platform;
  argv: readonly string[];
}

/**
 * The desktop app's main process: lifecycle, one window, the tray, notifications and the engine's
 * supervisor. Everything heavy runs in the engine host; every Electron object comes in through
 * the options, so this logic runs under Node in tests.
 *
 * Closing the window keeps the app in the tray; quitting waits for the engine to stop its jobs
 * and close the database, then quits once.
 */
export class ShellController<W extends ShellWindow> {
  readonly #options: ShellControllerOptions<W>;
  readonly #windows: MainWindowController<W>;
  readonly #tray: TrayPresenter;
  readonly #presence = new WatchPresence(DEFAULT_FAILURE_THRESHOLD);
  readonly #desktop: DesktopNotifier;
  #settings: Settings | null = null;
  #engineStarted = false;
  #quit: 'running' | 'stopping' | 'stopped' = 'running';
  #refreshTimer: NodeJS.Timeout | null = null;

  constructor(options: ShellControllerOptions<W>) {
    this.#options = options;
    const { electron, config } = options;
    const report = (message: string): void => options.log.write('warn', message);
    this.#windows = new MainWindowController({
      isReady: () => electron.app.isReady(),
      appUrl: config.appUrl,
      report,
      open: (url) =>
        createMainWindow(electron, { preloadPath: config.paths.preload, appUrl: url, iconPath: config.paths.icon, theme: this.#settings?.theme ?? 'system', report }),
    });
    // The engine's desktop alert channel, shown here: the engine host has no Notification.
    this.#desktop = electronDesktopNotifier(electron.Notification, config.paths.icon, (address) => this.#windows.show(this.#routeUrl(address)));
    this.#tray = new TrayPresenter({
      supervisor: options.supervisor,
      watched: () => this.#presence.presence(),
      openAtLogin: () => this.#settings?.openAtLogin ?? false,
    });
  }

  /** Registers the app's lifecycle; the rest happens at Electron's `ready`. */
  start(): void {
    const { app, shell } = this.#options.electron;
    secureApp(app, this.#options.config.security, shell, this.#reportSecurity);
    app.on('second-instance', () => this.#windows.show());
    app.on('activate', () => this.#windows.show());
    // Closing the window does not quit: collecting and notifications go on from the tray.
    app.on('window-all-closed', () => undefined);
    app.on('before-quit', (event) => this.#beforeQuit(event));
    app
      .whenReady()
      .then(() => this.#ready())
      .catch((error: unknown) => {
        this.#options.log.failure('start-up failed', error);
        app.exit(1);
      });
  }

  readonly #reportSecurity = (message: string): void => this.#options.log.write('warn', `security: ${message}`);

  #ready(): void {
    const { electron, platform, supervisor } = this.#options;
    if (platform === 'win32') electron.app.setAppUserModelId(APP_USER_MODEL_ID);
    this.#options.prepareSession(this.#reportSecurity);
    this.#followEngine();
    this.#serveIpc();
    supervisor.start();
    this.#engineStarted = true;
    this.#tray.attach(this.#options.createTray((action) => this.#onTrayAction(action)));
    this.#refreshTimer = setInterval(() => void this.#tray.refresh(), TRAY_REFRESH_MS);
    this.#refreshTimer.unref();
    // Started at login: stay in the tray; started by the user: show the dashboard.
    if (!this.#startedAtLogin()) this.#windows.show();
  }

  #followEngine(): void {
    const { supervisor, log } = this.#options;
    supervisor.on('log', (level, message) => log.write(level, message));
    supervisor.on('state', () => void this.#tray.refresh());
    supervisor.on('settings', (settings) => this.#applySettings(settings));
    supervisor.on('observation', (observation) => {
      this.#presence.observe(observation);
      void this.#tray.refresh();
    });
    supervisor.on('notify', (notice, answer) => {
      this.#desktop.notify(notice).then(
        () => answer(null),
        (error: unknown) => answer(describeError(error)),
      );
    });
    supervisor.on('event', (event) => this.#broadcast(event));
  }

  #serveIpc(): void {
    const { electron, platform, supervisor, config, log } = this.#options;
    const services = desktopServices({ electron, platform, parentWindow: () => this.#windows.current, dataDir: () => this.#dataDir() });
    // Only our own page may call: a frame that slipped in (an ad, a redirect) is refused.
    const isTrustedSender = (event: IpcMainInvokeEvent): boolean => event.senderFrame !== null && isAllowedNavigation(event.senderFrame.url, config.security);
    ipcHandleAll(electron.ipcMain, desktopIpcHandlers(supervisor, services), isTrustedSender, (channel, error) => log.failure(channel, error));
  }

  #applySettings(next: Settings): void {
    const { electron, log } = this.#options;
    this.#settings = next;
    electron.nativeTheme.themeSource = next.theme;
    this.#presence.configure(next.watchedAddresses);
    // macOS and Windows only; on Linux the option is stored but the desktop's autostart is not touched.
    electron.app.setLoginItemSettings({ openAtLogin: next.openAtLogin, args: [STARTED_AT_LOGIN_FLAG] });
    log.useDataDir(engineDataDir(next));
    this.#tray.redraw();
  }

  #broadcast(event: EngineEvent): void {
    for (const open of this.#options.electron.BrowserWindow.getAllWindows()) open.webContents.send(IpcEventChannel.engineEvent, event);
  }

  #onTrayAction(action: TrayAction): void {
    const { electron, log } = this.#options;
    if (action === 'open-window') this.#windows.show();
    else if (action === 'quit') electron.app.quit();
    else if (action === 'toggle-open-at-login') this.#toggleOpenAtLogin();
    else if (action === 'open-logs-folder') {
      openLogsFolder(electron.shell, this.#dataDir()).catch((error: unknown) => log.write('warn', `logs folder: ${describeError(error)}`));
    } else this.#windows.show(this.#routeUrl(action.openAddress));
  }

  #toggleOpenAtLogin(): void {
    const { supervisor, log } = this.#options;
    void supervisor.request('settings:update', [{ openAtLogin: !(this.#settings?.openAtLogin ?? false) }]).then((response) => {
      if (!response.ok) log.write('warn', `open at login: ${response.error.message}`);
    });
  }

  #beforeQuit(event: { preventDefault(): void }): void {
    if (!this.#engineStarted || this.#quit === 'stopped') return;
    // Quit only after the engine has stopped its jobs and closed the database.
    event.preventDefault();
    if (this.#quit === 'stopping') return;
    this.#quit = 'stopping';
    if (this.#refreshTimer !== null) clearInterval(this.#refreshTimer);
    void this.#options.supervisor
      .stop()
      .catch((error: unknown) => this.#options.log.failure('stopping the engine', error))
      .finally(() => {
        this.#quit = 'stopped';
        this.#tray.destroy();
        this.#options.electron.app.quit();
      });
  }

  #startedAtLogin(): boolean {
    return this.#options.electron.app.getLoginItemSettings().wasOpenedAtLogin || this.#options.argv.includes(STARTED_AT_LOGIN_FLAG);
  }

  #dataDir(): string | null {
    return this.#settings === null ? null : engineDataDir(this.#settings);
  }

  #routeUrl(address: string | null): string {
    return address === null ? this.#options.config.appUrl : addressRouteUrl(this.#options.config.appUrl, address);
  }
}
