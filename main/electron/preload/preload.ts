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
function bridgeMethods(): DriveshareBridgeMethods {
  const methods: Partial<Record<BridgeMethodName, (...args: unknown[]) => Promise<unknown>>> = {};
  for (const name of Object.keys(BridgeMethodChannel) as BridgeMethodName[]) {
    const channel = BridgeMethodChannel[name];
    methods[name] = (...args) => ipcRenderer.invoke(channel, ...args);
  }
  // Built from the channel table above; the type-level test pins it against IpcInvokeMap.
  return methods as DriveshareBridgeMethods;
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
