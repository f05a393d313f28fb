import type {
  App,
  BrowserWindow,
  BrowserWindowConstructorOptions,
  Dialog,
  NativeTheme,
  Shell,
  WebContents,
} from 'electron';
import type { IpcRegistrar } from '../ipc/ipc-handle.js';
import type { AppSecurityEvents } from '../window-security.js';
import type { NotificationClass } from '../notifications/desktop-notice.js';

/**
 * The parts of Electron the desktop shell uses, as types only. main.ts passes Electron's real
 * objects (the compiler checks they fit); the unit tests pass hand-written fakes, so the shell's
 * logic runs under plain Node without the Electron binary.
 */
export interface ShellApp
  extends AppSecurityEvents,
    Pick<App, 'quit' | 'exit' | 'isReady' | 'whenReady' | 'getLoginItemSettings' | 'setLoginItemSettings' | 'setAppUserModelId'> {
  // Listed one by one rather than picked: Electron's own `on` returns the whole App.
  on(event: 'second-instance', listener: () => void): unknown;
  on(event: 'activate', listener: () => void): unknown;
  on(event: 'window-all-closed', listener: () => void): unknown;
  on(event: 'before-quit', listener: (event: Electron.Event) => void): unknown;
  on(event: 'web-contents-created', listener: (event: Electron.Event, contents: WebContents) => void): unknown;
}

/** A dashboard window: shown, restored, focused, told to load a route, and sent engine events. */
export interface ShellWindow extends Pick<BrowserWindow, 'show' | 'focus' | 'restore' | 'isMinimized' | 'isDestroyed' | 'loadURL'> {
  on(event: 'closed', listener: () => void): unknown;
  once(event: 'ready-to-show', listener: () => void): unknown;
  readonly webContents: Pick<WebContents, 'send'>;
}

export interface WindowClass<W extends ShellWindow> {
  new (options: BrowserWindowConstructorOptions): W;
  getAllWindows(): W[];
  getFocusedWindow(): W | null;
}

/** `dialog.showOpenDialog`, with or without a parent window. */
export type ShellDialog<W extends ShellWindow> = {
  showOpenDialog(window: W, options: Electron.OpenDialogOptions): ReturnType<Dialog['showOpenDialog']>;
  showOpenDialog(options: Electron.OpenDialogOptions): ReturnType<Dialog['showOpenDialog']>;
};

export interface ShellElectron<W extends ShellWindow> {
  app: ShellApp;
  BrowserWindow: WindowClass<W>;
  Notification: NotificationClass;
  dialog: ShellDialog<W>;
  shell: Pick<Shell, 'openExternal' | 'openPath'>;
  nativeTheme: Pick<NativeTheme, 'themeSource' | 'shouldUseDarkColors'>;
  ipcMain: IpcRegistrar;
}
