import { join } from 'node:path';
import { APP_ORIGIN, type SecurityContext } from '../window-security.js';

export interface ShellConfigInput {
  /** `app.isPackaged`: an installed app, not `npm start`. */
  isPackaged: boolean;
  /** `app.getAppPath()`: the project folder in development. */
  appPath: string;
  /** `process.resourcesPath`: the installed app's resources folder. */
  resourcesPath: string;
  /** The folder of the built main bundle (out/main). */
  bundleDir: string;
  /** The Vite dev server's URL that `electron-vite dev` sets (ignored in an installed app). */
  devServerUrl: string | undefined;
}

export interface ShellPaths {
  preload: string;
  renderer: string;
  engineHost: string;
  iconDir: string;
  icon: string;
}

export interface ShellConfig {
  security: SecurityContext;
  /** The dashboard's home route. */
  appUrl: string;
  paths: ShellPaths;
}

/**
 * Where the shell loads the page and its files from. An installed app serves the built renderer
 * from the app scheme and reads its icons from the resources folder; development loads the Vite
 * dev server (with the CSP relaxed for it) and the project's own resources.
 */
export function shellConfig(input: ShellConfigInput): ShellConfig {
  const devServerUrl = input.isPackaged || input.devServerUrl === '' ? undefined : input.devServerUrl;
  const security: SecurityContext = devServerUrl
    ? { appOrigin: new URL(devServerUrl).origin, development: true }
    : { appOrigin: APP_ORIGIN, development: false };
  const iconDir = input.isPackaged ? join(input.resourcesPath, 'icons') : join(input.appPath, 'resources');
  return {
    security,
    appUrl: devServerUrl ?? `${APP_ORIGIN}/index.html`,
    paths: {
      preload: join(input.bundleDir, '../preload/preload.cjs'),
      renderer: join(input.bundleDir, '../renderer'),
      engineHost: join(input.bundleDir, 'engine-host.js'),
      iconDir,
      icon: join(iconDir, 'icon.png'),
    },
  };
}
