import { AppError } from '../../shared/errors.js';
import type { AlertChannel, AlertTestResult } from '../../shared/model/alerts.js';
import { composeTest } from './message.js';
import { sendMessage, type SendDependencies } from './channels/send.js';

/** The channel with this id, else the one with this name; an AppError `not_found` listing what there is. */
export function findChannel(channels: readonly AlertChannel[], idOrName: string): AlertChannel {
  const found = channels.find((channel) => channel.id === idOrName) ?? channels.find((channel) => channel.name === idOrName);
  if (found !== undefined) return found;
  const known = channels.map((channel) => `${channel.id} ("${channel.name}")`).join(', ');
  throw new AppError('not_found', `no alert channel has the id or name ${JSON.stringify(idOrName)}; ${known === '' ? 'none is configured' : `configured: ${known}`}`);
}

/**
 * Sends a test message through one channel now (enabled or not, quiet hours or not: the operator
 * asked) and says whether it arrived, or exactly why not.
 */
export async function testChannel(channel: AlertChannel, deps: SendDependencies): Promise<AlertTestResult> {
  const started = performance.now();
  const result = await sendMessage(channel, composeTest(channel, deps.now()), deps);
  const latencyMs = Math.round(performance.now() - started);
  return result.ok ? { ok: true, channelId: channel.id, latencyMs } : { ok: false, channelId: channel.id, latencyMs, error: result.error };
}
