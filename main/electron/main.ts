import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  BrowserWindow,
  Notification,
  app,
  dialog,
  ipcMain,
  nativeTheme,
  protocol,
  session,
  shell,
  utilityProcess,
  type IpcMainInvokeEvent,
} from 'electron';
import { IpcEventChannel } from '../../shared/ipc-contract.js';
import type { EngineEvent } from '../../shared/model/events.js';
import type { Settings } from '../../shared/model/settings.js';
import type { Status } from '../../shared/model/status.js';
import { APP_SCHEME_PRIVILEGES, serveRenderer } from './app-protocol.js';
import { EngineSupervisor, type HostProcess } from './engine-host/engine-supervisor.js';
import { ipcHandleAll } from './ipc/ipc-handle.js';
import { desktopIpcHandlers } from './ipc-main-handlers.js';
import { addressRouteUrl, createMainWindow } from './main-window.js';
import { DEFAULT_FAILURE_THRESHOLD } from './notifications/notification-rules.js';
import { Notifier, type ShownNotice } from './notifications/notifier.js';
import { AppTray } from './tray/tray.js';
import { trayView, type TrayAction } from './tray/tray-state.js';
import {
  APP_ORIGIN,
  APP_SCHEME,
  isAllowedNavigation,
  openExternal,
  secureApp,
  secureSession,
  type SecurityContext,
} from './window-security.js';

/**
 * The desktop app's main process: lifecycle, one window, the tray, notifications, and the
 * engine's supervisor. Everything heavy runs in the engine host (a utility process); everything
 * decidable runs in plain modules; this file only wires them to Electron.
 */
const here = dirname(fileURLToPath(import.meta.url));
const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
const security: SecurityContext = devServerUrl
  ? { appOrigin: new URL(devServerUrl).origin, development: true }
  : { appOrigin: APP_ORIGIN, development: false };
const appUrl = devServerUrl ?? `${APP_ORIGIN}/index.html`;
const iconDir = app.isPackaged ? join(process.resourcesPath, 'icons') : join(app.getAppPath(), 'resources');
const paths = {
  preload: join(here, '../preload/preload.cjs'),
  renderer: join(here, '../renderer'),
  engineHost: join(here, 'engine-host.js'),
  icon: join(iconDir, 'icon.png'),
};
/** Windows passes this to the app it starts at login (macOS reports `wasOpenedAtLogin` instead). */
const STARTED_AT_LOGIN_FLAG = '--started-at-login';
/** Redraws the tray even without scrapes, so "last scrape 3 min ago" stays true. */
const TRAY_REFRESH_MS = 60_000;

const log = (level: 'info' | 'warn' | 'error', message: string): void => console[level](`[driveshare-graph] ${message}`);

// A separate profile (settings, window state) for tests and side-by-side installs; before anything reads the path.
const userDataOverride = process.env.DRIVESHARE_USER_DATA_DIR;
if (userDataOverride !== undefined && userDataOverride !== '') app.setPath('userData', userDataOverride);

// Must happen before `ready`: the renderer's scheme behaves like https (secure, standard origin).
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);

if (app.requestSingleInstanceLock()) {
  runApp();
} else {
  // Another instance owns the data folder and the tray; it was told to show its window.
  app.quit();
}

function runApp(): void {
  let window: BrowserWindow | null = null;
  let tray: AppTray | null = null;
  let supervisor: EngineSupervisor | null = null;
  let status: Status | null = null;
  let settings: Settings | null = null;
  let engineStopped = false;

  const notifier = new Notifier(showNotification, DEFAULT_FAILURE_THRESHOLD);

  function showWindow(url: string = appUrl): void {
    // A second launch can arrive while this one is still starting; the window opens at `ready` anyway.
    if (!app.isReady()) return;
    if (window === null || window.isDestroyed()) {
      window = createMainWindow({ preloadPath: paths.preload, appUrl: url, iconPath: paths.icon, theme: settings?.theme ?? 'system', report: (message) => log('warn', message) });
      window.on('closed', () => {
        window = null;
      });
      return;
    }
    if (url !== appUrl) window.loadURL(url).catch((error: unknown) => log('warn', `could not open ${url}: ${String(error)}`));
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  }

  function showNotification(notice: ShownNotice): void {
    if (!Notification.isSupported()) return;
    const notification = new Notification({ title: notice.title, body: notice.body, icon: paths.icon });
    notification.on('click', () => showWindow(notice.address === null ? appUrl : addressRouteUrl(appUrl, notice.address)));
    notification.show();
  }

  function refreshTray(): void {
    tray?.update(
      trayView({
        host: supervisor?.state ?? 'starting',
        hostFailure: supervisor?.lastFailure ?? null,
        status,
        watched: notifier.presence(),
        openAtLogin: settings?.openAtLogin ?? false,
        failureThreshold: DEFAULT_FAILURE_THRESHOLD,
        now: Date.now(),
      }),
    );
  }

  async function refreshStatus(): Promise<void> {
    if (supervisor?.state !== 'running') {
      refreshTray();
      return;
    }
    const response = await supervisor.request('status:get', []);
    status = response.ok ? response.value : null;
    refreshTray();
  }

  function applySettings(next: Settings): void {
    settings = next;
    nativeTheme.themeSource = next.theme;
    notifier.configure(next.watchedAddresses, next.notifications);
    // macOS and Windows only; on Linux the option is stored but the desktop's autostart is not touched.
    app.setLoginItemSettings({ openAtLogin: next.openAtLogin, args: [STARTED_AT_LOGIN_FLAG] });
    refreshTray();
  }

  function broadcast(event: EngineEvent): void {
    for (const open of BrowserWindow.getAllWindows()) open.webContents.send(IpcEventChannel.engineEvent, event);
  }

  function onTrayAction(action: TrayAction): void {
    if (action === 'open-window') showWindow();
    else if (action === 'quit') app.quit();
    else if (action === 'toggle-open-at-login') {
      supervisor
        ?.request('settings:update', [{ openAtLogin: !(settings?.openAtLogin ?? false) }])
        .then((response) => response.ok || log('warn', `open at login: ${response.error.message}`))
        .catch((error: unknown) => log('warn', `open at login: ${String(error)}`));
    } else showWindow(addressRouteUrl(appUrl, action.openAddress));
  }

  function spawnEngineHost(): HostProcess {
    const child = utilityProcess.fork(paths.engineHost, [], { serviceName: 'driveshare-graph engine', stdio: 'inherit' });
    return {
      postMessage: (message) => child.postMessage(message),
      onMessage: (listener) => child.on('message', listener),
      onExit: (listener) => child.on('exit', listener),
      kill: () => void child.kill(),
    };
  }

  const isTrustedSender = (event: IpcMainInvokeEvent): boolean => event.senderFrame !== null && isAllowedNavigation(event.senderFrame.url, security);
  const reportSecurity = (message: string): void => log('warn', `security: ${message}`);

  secureApp(app, security, shell, reportSecurity);
  app.on('second-instance', () => showWindow());
  app.on('activate', () => showWindow());
  // Closing the window does not quit: collecting and notifications go on from the tray.
  app.on('window-all-closed', () => undefined);
  app.on('before-quit', (event) => {
    if (engineStopped || supervisor === null) return;
    // Quit only after the engine has stopped its jobs and closed the database.
    event.preventDefault();
    supervisor
      .stop()
      .catch((error: unknown) => log('error', `stopping the engine: ${String(error)}`))
      .finally(() => {
        engineStopped = true;
        tray?.destroy();
        app.quit();
      });
  });

  app
    .whenReady()
    .then(() => {
      if (process.platform === 'win32') app.setAppUserModelId('net.driveshare.graph');
      secureSession(session.defaultSession, security, reportSecurity);
      if (!security.development) serveRenderer(protocol, paths.renderer, security);

      const engine = new EngineSupervisor({
        spawn: spawnEngineHost,
        start: { settingsDir: app.getPath('userData'), appVersion: app.getVersion() },
      });
      supervisor = engine;
      engine.on('log', log);
      engine.on('state', () => void refreshStatus());
      engine.on('settings', applySettings);
      engine.on('observation', (observation) => {
        notifier.observe(observation);
        void refreshStatus();
      });
      engine.on('event', broadcast);

      ipcHandleAll(
        ipcMain,
        desktopIpcHandlers(engine, {
          openExternal: (url) => openExternal(shell, url),
          pickImportSource: async () => {
            const parent = window ?? BrowserWindow.getFocusedWindow();
            const options: Electron.OpenDialogOptions = {
              title: 'Import the original data',
              // Windows and Linux cannot pick files and folders in one dialog; a mongodump folder can be typed in the form.
              properties: process.platform === 'darwin' ? ['openFile', 'openDirectory'] : ['openFile'],
              filters: [
                { name: 'mongodump or SQLite files', extensions: ['bson', 'db', 'sqlite'] },
                { name: 'All files', extensions: ['*'] },
              ],
            };
            const result = parent === null ? await dialog.showOpenDialog(options) : await dialog.showOpenDialog(parent, options);
            return result.canceled ? null : (result.filePaths[0] ?? null);
          },
        }),
        isTrustedSender,
        (channel, error) => log('error', `${channel}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
      );

      engine.start();
      tray = new AppTray(iconDir, onTrayAction);
      refreshTray();
      setInterval(() => void refreshStatus(), TRAY_REFRESH_MS).unref();
      // Started at login: stay in the tray; started by the user: show the dashboard.
      const atLogin = app.getLoginItemSettings().wasOpenedAtLogin || process.argv.includes(STARTED_AT_LOGIN_FLAG);
      if (!atLogin) showWindow();
    })
    .catch((error: unknown) => {
      log('error', `start-up failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      app.exit(1);
    });
}
