import type { MainProcessServices } from '../ipc-main-handlers.js';
import { openExternal } from '../window-security.js';
import type { ShellDialog, ShellElectron, ShellWindow } from './electron-ports.js';
import { openLogsFolder } from './logs-folder.js';

const IMPORT_DIALOG: Electron.OpenDialogOptions = {
  title: 'Import the original data',
  filters: [
    { name: 'mongodump or SQLite files', extensions: ['bson', 'db', 'sqlite'] },
    { name: 'All files', extensions: ['*'] },
  ],
};

/** The native picker for an import source, over the window when there is one; null when cancelled. */
export async function pickImportSource<W extends ShellWindow>(dialog: ShellDialog<W>, parent: W | null, platform: NodeJS.Platform): Promise<string | null> {
  // Windows and Linux cannot pick files and folders in one dialog; a mongodump folder can be typed in the form.
  const options: Electron.OpenDialogOptions = { ...IMPORT_DIALOG, properties: platform === 'darwin' ? ['openFile', 'openDirectory'] : ['openFile'] };
  const result = parent === null ? await dialog.showOpenDialog(options) : await dialog.showOpenDialog(parent, options);
  return result.canceled ? null : (result.filePaths[0] ?? null);
}

export interface DesktopServiceContext<W extends ShellWindow> {
  electron: ShellElectron<W>;
  platform: NodeJS.Platform;
  /** The window a dialog belongs to, if one is open. */
  parentWindow(): W | null;
  /** The engine's data folder, once the engine host reported the settings. */
  dataDir(): string | null;
}

/** The IPC channels the main process answers itself, over Electron's dialog and shell. */
export function desktopServices<W extends ShellWindow>(context: DesktopServiceContext<W>): MainProcessServices {
  const { dialog, shell, BrowserWindow } = context.electron;
  return {
    pickImportSource: () => pickImportSource(dialog, context.parentWindow() ?? BrowserWindow.getFocusedWindow(), context.platform),
    openExternal: (url) => openExternal(shell, url),
    openLogsFolder: () => openLogsFolder(shell, context.dataDir()),
  };
}
