import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Shell } from 'electron';
import { AppError, describeError } from '../../../shared/errors.js';
import type { Settings } from '../../../shared/model/settings.js';
import { logsDirectory } from '../../logging/logger.js';
import { defaultDataDir } from '../../store/data-dir.js';

/**
 * The engine's data folder as the engine host resolves it from the settings (main/store/data-dir.ts's
 * `prepareDataDir`: a set folder, absolute; empty means the OS app-data folder), without creating it.
 */
export function engineDataDir(settings: Pick<Settings, 'dataDir'>): string {
  return settings.dataDir === '' ? defaultDataDir() : resolve(settings.dataDir);
}

/**
 * Shows the data folder's logs folder in the system's file manager. The folder is created first,
 * so the action works before anything was logged; failures are AppErrors the page can show.
 */
export async function openLogsFolder(shell: Pick<Shell, 'openPath'>, dataDir: string | null): Promise<void> {
  if (dataDir === null) throw new AppError('unavailable', 'the engine has not reported its data folder yet');
  const folder = logsDirectory(dataDir);
  try {
    await mkdir(folder, { recursive: true });
  } catch (error) {
    throw new AppError('unavailable', `cannot create the logs folder ${folder}: ${describeError(error)}`);
  }
  // openPath answers with an error message, empty on success, instead of rejecting.
  const failure = await shell.openPath(folder);
  if (failure !== '') throw new AppError('unavailable', `cannot open the logs folder ${folder}: ${failure}`);
}
