import { requestFirstNetworkAnswer } from '../lib/network-fetch.js';
import { selectClient } from './select-client.js';

/*
 * main.ts imports this module first, so it runs before Vue, Chart.js and the views are evaluated:
 * the client is chosen and the first network request is on its way while the rest of the
 * dashboard's code loads and mounts (the server computes the payload meanwhile).
 */
export const earlyClient = selectClient();
export const firstNetworkAnswer = earlyClient.then(requestFirstNetworkAnswer);
