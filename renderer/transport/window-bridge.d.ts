import type { DriveshareBridge } from '../../shared/preload-api.js';

// The one declaration of the preload's global (shared/preload-api.ts defines its shape).
declare global {
  interface Window {
    /** Present only inside the desktop app, where the preload sets it through contextBridge. */
    driveshare?: DriveshareBridge;
  }
}

export {};
