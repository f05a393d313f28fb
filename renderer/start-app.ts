import { createApp } from 'vue';
import zoomPlugin from 'chartjs-plugin-zoom';
import App from './App.vue';
import { clientKey } from './composables/client.js';
import { firstNetworkKey } from './composables/network.js';
import { registerCharts, registerZoom } from './charts/setup.js';
import type { DriveshareClient } from '../shared/client.js';
import type { FirstNetworkAnswer } from './lib/network-fetch.js';

/** Registers the charts and mounts the dashboard with the client and the request main.ts already sent. */
export function startApp(client: DriveshareClient, firstNetwork: FirstNetworkAnswer): void {
  registerCharts();
  // Bundled with the app rather than loaded on demand: a second chunk would delay the first chart.
  registerZoom(zoomPlugin);
  createApp(App).provide(clientKey, client).provide(firstNetworkKey, firstNetwork).mount('#app');
  // Marks for the performance figures (read by the e2e run; harmless otherwise).
  performance.mark('driveshare:mounted');
}
