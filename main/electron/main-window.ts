import type { BrowserWindowConstructorOptions, NativeTheme } from 'electron';
import type { Theme } from '../../shared/model/settings.js';
import { describeError } from '../../shared/errors.js';
import { MIN_LAYOUT_HEIGHT_PX, MIN_LAYOUT_WIDTH_PX } from '../../shared/defaults.js';
import type { ShellWindow } from './app/electron-ports.js';
import { secureWebPreferences } from './window-security.js';

export interface MainWindowOptions {
  preloadPath: string;
  /** The renderer's entry: `driveshare://app/index.html`, or the Vite dev server in development. */
  appUrl: string;
  iconPath: string;
  theme: Theme;
  report: (message: string) => void;
}

/** Electron's window class and theme, taken as parameters so the window's set-up runs under Node in tests. */
export interface WindowToolkit<W extends ShellWindow> {
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => W;
  nativeTheme: Pick<NativeTheme, 'shouldUseDarkColors'>;
}

/** `#/address/<address>`, the renderer's route for one address (renderer/composables/hash-route.ts). */
export function addressRouteUrl(appUrl: string, address: string): string {
  return `${appUrl.replace(/#.*$/, '')}#/address/${encodeURIComponent(address)}`;
}

/**
 * The dashboard window. Its web preferences come from window-security only; it is shown when its
 * first paint is ready, on a background matching the theme, so it never flashes white in dark mode.
 */
export function createMainWindow<W extends ShellWindow>(toolkit: WindowToolkit<W>, options: MainWindowOptions): W {
  const dark = options.theme === 'dark' || (options.theme === 'system' && toolkit.nativeTheme.shouldUseDarkColors);
  const window = new toolkit.BrowserWindow({
    width: 1280,
    height: 860,
    // As narrow as the dashboard's layout is tested (360 px: no horizontal scroll on any view).
    minWidth: MIN_LAYOUT_WIDTH_PX,
    minHeight: MIN_LAYOUT_HEIGHT_PX,
    show: false,
    title: 'driveshare-graph',
    icon: options.iconPath,
    backgroundColor: dark ? '#0f172a' : '#f8fafc',
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences(options.preloadPath),
  });
  window.once('ready-to-show', () => window.show());
  window.loadURL(options.appUrl).catch((error: unknown) => options.report(`could not load ${options.appUrl}: ${describeError(error)}`));
  return window;
}
