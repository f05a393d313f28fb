import { createApp } from 'vue';
import zoomPlugin from 'chartjs-plugin-zoom';
import App from './App.vue';
import { clientKey } from './composables/client.js';
import { registerCharts, registerZoom } from './charts/setup.js';
import { selectClient } from './transport/select-client.js';
import { describeError } from '../shared/errors.js';
import './styles/theme.css';
import './styles/layout.css';
import './styles/components.css';

async function start(): Promise<void> {
  registerCharts();
  // Bundled with the app rather than loaded on demand: a second chunk would delay the first chart.
  registerZoom(zoomPlugin);
  const client = await selectClient();
  createApp(App).provide(clientKey, client).mount('#app');
  // Marks for the performance figures (read by the e2e run; harmless otherwise).
  performance.mark('driveshare:mounted');
}

start().catch((error: unknown) => {
  const root = document.getElementById('app');
  if (root !== null) {
    root.textContent = '';
    const message = document.createElement('p');
    message.className = 'startup-error';
    message.textContent = `driveshare-graph could not start: ${describeError(error)}`;
    root.append(message);
  }
});
