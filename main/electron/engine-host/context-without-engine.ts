import { AppError } from '../../../shared/errors.js';
import type { HandlerContext } from '../../handlers/context.js';
import type { SettingsStore } from '../../settings/settings-store.js';
import type { SqliteDatabase } from '../../store/sqlite/open-database.js';

/**
 * What requests are answered from while the engine is not running: the settings, once open,
 * stay reachable (so the cause of a failed start can be fixed from the window); every other part
 * refuses with `unavailable` and the reason. The handlers run unchanged over it.
 */
export function contextWithoutEngine(settings: SettingsStore | null, reason: string): HandlerContext {
  const refuse = (): never => {
    throw new AppError('unavailable', reason);
  };
  return {
    get db(): SqliteDatabase {
      return refuse();
    },
    status: refuse,
    subscribe: refuse,
    settings: settings ?? {
      get: refuse,
      update: refuse,
      useForThisRun: refuse,
      onChange: refuse,
      get secretStorage(): never {
        return refuse();
      },
    },
    imports: { start: refuse, cancel: refuse, status: refuse },
    testSource: refuse,
  };
}
