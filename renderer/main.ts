import { describeError } from '../shared/errors.js';
import { earlyClient, firstNetworkAnswer } from './transport/early-client.js';
import './styles/theme.css';
import './styles/layout.css';
import './styles/components.css';

/*
 * The entry is small on purpose: the browser parses and runs it at once, so the first network
 * request (early-client.ts) is on its way before the dashboard's own code (Vue, Chart.js, the
 * views: its own chunk) is even parsed. The server computes the payload meanwhile.
 */
async function start(): Promise<void> {
  const [client, firstNetwork, { startApp }] = await Promise.all([earlyClient, firstNetworkAnswer, import('./start-app.js')]);
  startApp(client, firstNetwork);
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
