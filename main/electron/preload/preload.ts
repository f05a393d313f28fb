import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IpcEventChannel } from '../../../shared/ipc-contract.js';
import type { EngineEvent } from '../../../shared/model/events.js';
import {
  BRIDGE_GLOBAL,
  BridgeMethodChannel,
  type BridgeMethodName,
  type DriveshareBridge,
  type DriveshareBridgeMethods,
} from '../../../shared/preload-api.js';

/**
 * The whole preload: one frozen namespace of named functions. Each function is bound to its one
 * channel here, so the page can never choose a channel, and neither `ipcRenderer` nor the
 * `IpcRendererEvent` (which holds the sender) ever reaches it.
 */
function bind<M extends BridgeMethodName>(name: M): DriveshareBridgeMethods[M] {
  const channel = BridgeMethodChannel[name];
  return (...args) => ipcRenderer.invoke(channel, ...args);
}

/** Every method listed by name: the mapped type makes a missing or misspelt one a compile error. */
function bridgeMethods(): DriveshareBridgeMethods {
  return {
    network: bind('network'),
    summary: bind('summary'),
    addressDetail: bind('addressDetail'),
    addresses: bind('addresses'),
    heartbeat: bind('heartbeat'),
    eventHistory: bind('eventHistory'),
    alertDeliveries: bind('alertDeliveries'),
    testAlertChannel: bind('testAlertChannel'),
    status: bind('status'),
    getSettings: bind('getSettings'),
    updateSettings: bind('updateSettings'),
    testSource: bind('testSource'),
    startImport: bind('startImport'),
    cancelImport: bind('cancelImport'),
    importStatus: bind('importStatus'),
    pickImportSource: bind('pickImportSource'),
    openExternal: bind('openExternal'),
    openLogsFolder: bind('openLogsFolder'),
    apiBaseUrl: bind('apiBaseUrl'),
  };
}

function onEvent(listener: (event: EngineEvent) => void): () => void {
  const forward = (_event: IpcRendererEvent, engineEvent: EngineEvent): void => listener(engineEvent);
  ipcRenderer.on(IpcEventChannel.engineEvent, forward);
  return () => {
    ipcRenderer.removeListener(IpcEventChannel.engineEvent, forward);
  };
}

const bridge: DriveshareBridge = Object.freeze({ ...bridgeMethods(), onEvent });

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, bridge);
