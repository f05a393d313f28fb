import type { DriveshareClient } from '../../shared/client.js';
import { HttpClient } from './http-client.js';
import { createIpcClient } from './ipc-client.js';

/**
 * Chosen once at start-up: inside the desktop app the preload has set `window.driveshare` (IPC);
 * anywhere else the page was served by the local API, so HTTP goes back to the same origin.
 */
export async function selectClient(): Promise<DriveshareClient> {
  if (window.driveshare !== undefined) return createIpcClient(window.driveshare);
  return new HttpClient({ baseUrl: window.location.origin });
}
