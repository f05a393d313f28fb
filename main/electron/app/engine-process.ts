import type { utilityProcess as UtilityProcessModule } from 'electron';
import type { HostProcess } from '../engine-host/engine-supervisor.js';

/** Starts the engine host in an Electron utility process, so scraping and SQLite never block the UI thread. */
export function forkEngineHost(utilityProcess: Pick<typeof UtilityProcessModule, 'fork'>, modulePath: string): HostProcess {
  const child = utilityProcess.fork(modulePath, [], { serviceName: 'driveshare-graph engine', stdio: 'inherit' });
  return {
    postMessage: (message) => child.postMessage(message),
    onMessage: (listener) => child.on('message', listener),
    onExit: (listener) => child.on('exit', listener),
    kill: () => void child.kill(),
  };
}
