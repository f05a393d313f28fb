import type { AlertChannel } from '../../../shared/model/alerts.js';
import type { AlertMessage } from '../message.js';
import { sendDesktop, type DesktopNotifier } from './desktop.js';
import { sendEmail } from './email.js';
import { sendDiscord, sendNtfy, sendSlack, sendTelegram, sendWebhook } from './http-channels.js';
import type { SendResult } from './send-result.js';

export interface SendDependencies {
  desktop: DesktopNotifier | null;
  timeoutMs: number;
  now: () => number;
  /** The engine's stop: abandons a send in flight. */
  signal?: AbortSignal;
}

/** Sends one message through one channel, whatever its kind. */
export function sendMessage(channel: AlertChannel, message: AlertMessage, deps: SendDependencies): Promise<SendResult> {
  const limits = { timeoutMs: deps.timeoutMs, ...(deps.signal === undefined ? {} : { signal: deps.signal }) };
  switch (channel.kind) {
    case 'desktop':
      return sendDesktop(deps.desktop, message);
    case 'webhook':
      return sendWebhook(channel, message, limits, deps.now());
    case 'ntfy':
      return sendNtfy(channel, message, limits);
    case 'discord':
      return sendDiscord(channel, message, limits);
    case 'slack':
      return sendSlack(channel, message, limits);
    case 'telegram':
      return sendTelegram(channel, message, limits);
    case 'email':
      return sendEmail(channel, message, limits);
  }
}
