import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  BrowserWindow,
  Menu,
  Notification,
  Tray,
  app,
  dialog,
  ipcMain,
  nativeImage,
  nativeTheme,
  protocol,
  safeStorage,
  session,
  shell,
  utilityProcess,
} from 'electron';
import { ShellController } from './app/app-controller.js';
import { forkEngineHost } from './app/engine-process.js';
import { shellConfig } from './app/shell-config.js';
import { ShellLog, shellLogger } from './app/shell-log.js';
import { APP_SCHEME_PRIVILEGES, serveRenderer } from './app-protocol.js';
import { EngineSupervisor } from './engine-host/engine-supervisor.js';
import { loadSettingsKey } from './settings/settings-key.js';
import { AppTray } from './tray/tray.js';
import { APP_SCHEME, secureSession } from './window-security.js';

/**
 * The desktop app's entry: hands Electron's objects to the shell's controller
 * (main/electron/app/app-controller.ts), which holds all of the main process's logic.
 */
const config = shellConfig({
  isPackaged: app.isPackaged,
  appPath: app.getAppPath(),
  resourcesPath: process.resourcesPath,
  bundleDir: dirname(fileURLToPath(import.meta.url)),
  devServerUrl: process.env.ELECTRON_RENDERER_URL,
});

// A separate profile (settings, window state) for tests and side-by-side installs; before anything reads the path.
const userDataOverride = process.env.DRIVESHARE_USER_DATA_DIR;
if (userDataOverride !== undefined && userDataOverride !== '') app.setPath('userData', userDataOverride);

// Must happen before `ready`: the renderer's scheme behaves like https (secure, standard origin).
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);

if (app.requestSingleInstanceLock()) {
  const log = new ShellLog(shellLogger);
  // Called by the supervisor's first start, which the controller makes after `ready` (safeStorage needs it).
  const startOptions = () => {
    const settingsDir = app.getPath('userData');
    const settingsKey = loadSettingsKey(settingsDir, safeStorage, process.platform);
    log.write(settingsKey.key === null ? 'warn' : 'info', settingsKey.note);
    return { settingsDir, appVersion: app.getVersion(), settingsKey: settingsKey.key, settingsKeyMissing: settingsKey.key === null ? settingsKey.missing : null };
  };
  new ShellController<BrowserWindow>({
    electron: { app, BrowserWindow, Notification, dialog, shell, nativeTheme, ipcMain },
    supervisor: new EngineSupervisor({
      spawn: () => forkEngineHost(utilityProcess, config.paths.engineHost),
      start: startOptions,
    }),
    config,
    log,
    createTray: (onAction) => new AppTray({ Tray, Menu, nativeImage }, config.paths.iconDir, onAction),
    prepareSession: (report) => {
      secureSession(session.defaultSession, config.security, report);
      if (!config.security.development) serveRenderer(protocol, config.paths.renderer, config.security);
    },
    platform: process.platform,
    argv: process.argv,
  }).start();
} else {
  // Another instance owns the data folder and the tray; it was told to show its window.
  app.quit();
}
