import { AppError } from '../../shared/errors.js';
import type { IpcInvokeMap } from '../../shared/ipc-contract.js';
import { unwrapIpcResponse } from '../../shared/preload-api.js';
import type { EngineSupervisor } from './engine-host/engine-supervisor.js';
import type { EngineChannel } from './engine-host/protocol.js';
import type { IpcHandler, IpcHandlers } from './ipc/ipc-handle.js';

/**
 * What each IPC channel does in the desktop app: engine channels go to the engine host (which
 * calls the shared handlers); the native file picker, external links, the logs folder and the API
 * address are the main process's own.
 */
export interface MainProcessServices {
  pickImportSource(): Promise<string | null>;
  /** window-security's `openExternal`: false when the URL is not an http(s) link. */
  openExternal(url: string): Promise<boolean>;
  /** Opens the engine's logs folder in the system's file manager; rejects with an AppError when it cannot. */
  openLogsFolder(): Promise<void>;
}

type EngineRequester = Pick<EngineSupervisor, 'request' | 'apiBaseUrl'>;

function forward<C extends EngineChannel>(engine: EngineRequester, channel: C): IpcHandler<C> {
  return async (...args: IpcInvokeMap[C]['args']) => unwrapIpcResponse<C>(await engine.request(channel, args));
}

export function desktopIpcHandlers(engine: EngineRequester, services: MainProcessServices): IpcHandlers {
  return {
    'network:get': forward(engine, 'network:get'),
    'address:summary': forward(engine, 'address:summary'),
    'address:detail': forward(engine, 'address:detail'),
    'address:list': forward(engine, 'address:list'),
    'address:heartbeat': forward(engine, 'address:heartbeat'),
    'events:history': forward(engine, 'events:history'),
    'alerts:deliveries': forward(engine, 'alerts:deliveries'),
    'alerts:test': forward(engine, 'alerts:test'),
    'status:get': forward(engine, 'status:get'),
    'settings:get': forward(engine, 'settings:get'),
    'settings:update': forward(engine, 'settings:update'),
    'source:test': forward(engine, 'source:test'),
    'import:start': forward(engine, 'import:start'),
    'import:cancel': forward(engine, 'import:cancel'),
    'import:status': forward(engine, 'import:status'),
    'dialog:pick-import-source': () => services.pickImportSource(),
    'shell:open-external': async (url) => {
      if (!(await services.openExternal(url))) throw new AppError('forbidden', 'only http:// and https:// links can be opened');
    },
    'shell:open-logs-folder': () => services.openLogsFolder(),
    'api:base-url': () => engine.apiBaseUrl,
  };
}
