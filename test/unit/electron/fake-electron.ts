import type {
  BrowserWindowConstructorOptions,
  IpcMainInvokeEvent,
  LoginItemSettings,
  MenuItemConstructorOptions,
  NotificationConstructorOptions,
  OpenDialogReturnValue,
} from 'electron';
import type { ShellApp, ShellDialog, ShellElectron, ShellWindow } from '../../../main/electron/app/electron-ports.js';
import type { HostProcess } from '../../../main/electron/engine-host/engine-supervisor.js';
import type { HostToMain, MainToHost } from '../../../main/electron/engine-host/protocol.js';
import type { IpcRegistrar } from '../../../main/electron/ipc/ipc-handle.js';
import type { SafeStoragePort } from '../../../main/electron/settings/settings-key.js';
import type { TrayIcon, TrayToolkit } from '../../../main/electron/tray/tray.js';

/**
 * Hand-written stand-ins for the Electron objects the shell's controller is given, with just the
 * methods it uses. Each is typed against Electron's own types (through the controller's ports),
 * so a fake that drifts from Electron fails to compile. They record what was asked of them and
 * let a test fire the events Electron would.
 */
/** Any listener Electron's typings declare: each takes its own arguments, so none is callable without knowing the event. */
type Listener = (...args: never[]) => unknown;

class Emitter {
  readonly #listeners = new Map<string, Listener[]>();

  on(event: string, listener: Listener): this {
    this.#listeners.set(event, [...(this.#listeners.get(event) ?? []), listener]);
    return this;
  }

  once(event: string, listener: Listener): this {
    const once: Listener = (...args) => {
      this.#listeners.set(event, (this.#listeners.get(event) ?? []).filter((registered) => registered !== once));
      return listener(...args);
    };
    return this.on(event, once);
  }

  /** Fires an event with the arguments Electron would pass; matching them to the event is the test's job. */
  emit(event: string, ...args: unknown[]): void {
    for (const listener of this.#listeners.get(event) ?? []) listener(...(args as never[]));
  }

  listenerCount(event: string): number {
    return this.#listeners.get(event)?.length ?? 0;
  }
}

/** Electron's `Event`: only whether a listener prevented the default. */
export class FakeEvent {
  defaultPrevented = false;

  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

export class FakeApp extends Emitter implements ShellApp {
  #ready = false;
  readonly #whenReady: Promise<void>;
  #resolveReady: () => void = () => undefined;
  /** Times `quit()` was called, and times a quit went through (no `before-quit` listener prevented it). */
  quitRequests = 0;
  quitted = 0;
  exitCode: number | null = null;
  wasOpenedAtLogin = false;
  loginItems: Electron.Settings[] = [];
  userModelId: string | null = null;

  constructor() {
    super();
    this.#whenReady = new Promise((resolve) => {
      this.#resolveReady = resolve;
    });
  }

  becomeReady(): void {
    this.#ready = true;
    this.#resolveReady();
  }

  isReady(): boolean {
    return this.#ready;
  }

  whenReady(): Promise<void> {
    return this.#whenReady;
  }

  /** Like Electron: `before-quit` first, and the app ends only if no listener prevented it. */
  quit(): void {
    this.quitRequests += 1;
    const event = new FakeEvent();
    this.emit('before-quit', event);
    if (!event.defaultPrevented) this.quitted += 1;
  }

  /** Like Electron: the last window closed quits the app unless someone listens for it. */
  allWindowsClosed(): void {
    if (this.listenerCount('window-all-closed') === 0) this.quit();
    else this.emit('window-all-closed');
  }

  exit(code?: number): void {
    this.exitCode = code ?? 0;
  }

  getLoginItemSettings(): LoginItemSettings {
    return {
      openAtLogin: false,
      openAsHidden: false,
      wasOpenedAtLogin: this.wasOpenedAtLogin,
      wasOpenedAsHidden: false,
      restoreState: false,
      status: 'not-registered',
      executableWillLaunchAtLogin: false,
      launchItems: [],
    };
  }

  setLoginItemSettings(settings: Electron.Settings): void {
    this.loginItems.push(settings);
  }

  setAppUserModelId(id: string): void {
    this.userModelId = id;
  }
}

export class FakeWindow extends Emitter implements ShellWindow {
  /** Every window made, in order; reset per test. */
  static made: FakeWindow[] = [];

  static getAllWindows(): FakeWindow[] {
    return FakeWindow.made.filter((window) => !window.isDestroyed());
  }

  static getFocusedWindow(): FakeWindow | null {
    return null;
  }

  readonly options: BrowserWindowConstructorOptions;
  readonly loaded: string[] = [];
  readonly sent: [channel: string, ...args: unknown[]][] = [];
  readonly webContents = { send: (channel: string, ...args: unknown[]) => void this.sent.push([channel, ...args]) };
  shown = 0;
  focused = 0;
  restored = 0;
  minimized = false;
  #destroyed = false;

  constructor(options: BrowserWindowConstructorOptions) {
    super();
    this.options = options;
    FakeWindow.made.push(this);
  }

  show(): void {
    this.shown += 1;
    this.minimized = false;
  }

  focus(): void {
    this.focused += 1;
  }

  restore(): void {
    this.restored += 1;
    this.minimized = false;
  }

  isMinimized(): boolean {
    return this.minimized;
  }

  isDestroyed(): boolean {
    return this.#destroyed;
  }

  async loadURL(url: string): Promise<void> {
    this.loaded.push(url);
  }

  /** The user closes the window. */
  close(): void {
    this.#destroyed = true;
    this.emit('closed');
  }
}

export class FakeNotification extends Emitter {
  static supported = true;
  static shown: FakeNotification[] = [];

  static isSupported(): boolean {
    return FakeNotification.supported;
  }

  readonly options: NotificationConstructorOptions;

  constructor(options: NotificationConstructorOptions) {
    super();
    this.options = options;
  }

  show(): void {
    FakeNotification.shown.push(this);
  }
}

export class FakeDialog implements ShellDialog<FakeWindow> {
  readonly asked: unknown[][] = [];
  answer: OpenDialogReturnValue = { canceled: true, filePaths: [] };

  async showOpenDialog(...args: unknown[]): Promise<OpenDialogReturnValue> {
    this.asked.push(args);
    return this.answer;
  }
}

export class FakeShell {
  readonly openedLinks: string[] = [];
  readonly openedPaths: string[] = [];
  /** What `openPath` answers: '' for success, else the desktop's error message. */
  openPathAnswer = '';

  async openExternal(url: string): Promise<void> {
    this.openedLinks.push(url);
  }

  async openPath(path: string): Promise<string> {
    this.openedPaths.push(path);
    return this.openPathAnswer;
  }
}

type InvokeListener = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown;

export class FakeIpcMain implements IpcRegistrar {
  readonly handlers = new Map<string, InvokeListener>();

  handle(channel: string, listener: InvokeListener): void {
    this.handlers.set(channel, listener);
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }

  /** A renderer call from a frame at `frameUrl` (only the sender's frame is looked at). */
  invoke(channel: string, frameUrl: string, ...args: unknown[]): unknown {
    const listener = this.handlers.get(channel);
    if (listener === undefined) throw new Error(`no handler for ${channel}`);
    // The handlers read nothing of the event but its sender frame's URL.
    const event = { senderFrame: { url: frameUrl } } as unknown as IpcMainInvokeEvent;
    return listener(event, ...args);
  }
}

export interface FakeMenu {
  items: MenuItemConstructorOptions[];
}

export class FakeTrayIcon extends Emitter implements TrayIcon<FakeMenu, string> {
  static made: FakeTrayIcon[] = [];

  image: string;
  tooltip = '';
  menu: FakeMenu | null = null;
  destroyed = 0;

  constructor(image: string) {
    super();
    this.image = image;
    FakeTrayIcon.made.push(this);
  }

  setImage(image: string): void {
    this.image = image;
  }

  setToolTip(toolTip: string): void {
    this.tooltip = toolTip;
  }

  setContextMenu(menu: FakeMenu | null): void {
    this.menu = menu;
  }

  destroy(): void {
    this.destroyed += 1;
  }

  labels(): string[] {
    return (this.menu?.items ?? []).flatMap((item) => (item.label === undefined ? [] : [item.label]));
  }

  /** Clicks the menu item with this label, as the desktop's menu would. */
  clickItem(label: string): void {
    const item = this.menu?.items.find((candidate) => candidate.label === label);
    if (item?.click === undefined) throw new Error(`no clickable menu item "${label}" in ${this.labels().join(', ')}`);
    // Electron passes the menu item, window and keyboard event; the tray's handlers use none of them.
    Reflect.apply(item.click, undefined, []);
  }
}

export const fakeTrayToolkit: TrayToolkit<FakeMenu, string> = {
  Tray: FakeTrayIcon,
  Menu: { buildFromTemplate: (items) => ({ items }) },
  nativeImage: { createFromPath: (path) => path },
};

/** One engine host process: records what the supervisor posts, and lets the test answer or crash it. */
export class FakeHostProcess implements HostProcess {
  readonly received: MainToHost[] = [];
  readonly #messageListeners: ((message: unknown) => void)[] = [];
  readonly #exitListeners: ((code: number) => void)[] = [];
  readonly #answer: (host: FakeHostProcess, message: MainToHost) => void;
  killed = false;

  constructor(answer: (host: FakeHostProcess, message: MainToHost) => void) {
    this.#answer = answer;
  }

  postMessage(message: MainToHost): void {
    this.received.push(message);
    // Like a real process: the answer comes later, never inside the call.
    queueMicrotask(() => this.#answer(this, message));
  }

  onMessage(listener: (message: unknown) => void): void {
    this.#messageListeners.push(listener);
  }

  onExit(listener: (code: number) => void): void {
    this.#exitListeners.push(listener);
  }

  kill(): void {
    this.killed = true;
  }

  send(message: HostToMain): void {
    for (const listener of this.#messageListeners) listener(message);
  }

  exit(code: number): void {
    for (const listener of this.#exitListeners) listener(code);
  }

  requests(channel: string): number {
    return this.received.filter((message) => message.type === 'request' && message.channel === channel).length;
  }
}

export interface FakeElectron extends ShellElectron<FakeWindow> {
  app: FakeApp;
  BrowserWindow: typeof FakeWindow;
  Notification: typeof FakeNotification;
  dialog: FakeDialog;
  shell: FakeShell;
  nativeTheme: { themeSource: 'system' | 'light' | 'dark'; shouldUseDarkColors: boolean };
  ipcMain: FakeIpcMain;
}

export function fakeElectron(): FakeElectron {
  FakeWindow.made = [];
  FakeNotification.shown = [];
  FakeNotification.supported = true;
  FakeTrayIcon.made = [];
  return {
    app: new FakeApp(),
    BrowserWindow: FakeWindow,
    Notification: FakeNotification,
    dialog: new FakeDialog(),
    shell: new FakeShell(),
    nativeTheme: { themeSource: 'system', shouldUseDarkColors: false },
    ipcMain: new FakeIpcMain(),
  };
}

type StorageBackend = ReturnType<SafeStoragePort['getSelectedStorageBackend']>;

/**
 * Electron's safeStorage: "encrypts" by XOR with a per-instance byte, so another instance (another
 * machine's key store) cannot decrypt, and throws as Electron does when it cannot decrypt.
 */
export class FakeSafeStorage implements SafeStoragePort {
  available = true;
  backend: StorageBackend = 'gnome_libsecret';
  readonly #mask: number;

  constructor(mask = 0x5a) {
    this.#mask = mask;
  }

  isEncryptionAvailable(): boolean {
    return this.available;
  }

  getSelectedStorageBackend(): StorageBackend {
    return this.backend;
  }

  encryptString(plain: string): Buffer {
    return Buffer.from([this.#mask, ...Buffer.from(plain, 'utf8').map((byte) => byte ^ this.#mask)]);
  }

  decryptString(encrypted: Buffer): string {
    if (encrypted[0] !== this.#mask) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    return Buffer.from(encrypted.subarray(1).map((byte) => byte ^ this.#mask)).toString('utf8');
  }
}
