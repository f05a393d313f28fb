import { createHmac } from 'node:crypto';
import { ALERT_TELEGRAM_DEFAULT_BASE_URL } from '../../../shared/defaults.js';
import type { DiscordChannelSchema, NtfyChannelSchema, SlackChannelSchema, TelegramChannelSchema, WebhookChannelSchema } from '../../../shared/model/alerts.js';
import type { Static } from 'typebox';
import { fitText, messageText, type AlertMessage } from '../message.js';
import { postHttp, type SendLimits } from './http-post.js';
import { failed, type SendResult } from './send-result.js';

/**
 * The HTTP receivers, each in the request shape its documentation gives (docs/alerts.md has the
 * payloads and links). Every one is a single POST with a timeout; what went wrong comes back as
 * a SendResult with the receiver's status and the start of its answer.
 */

type Webhook = Static<typeof WebhookChannelSchema>;
type Ntfy = Static<typeof NtfyChannelSchema>;
type Discord = Static<typeof DiscordChannelSchema>;
type Slack = Static<typeof SlackChannelSchema>;
type Telegram = Static<typeof TelegramChannelSchema>;

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'driveshare-graph' };

/** The generic webhook payload's version: bumped only when a field changes meaning or goes away. */
export const WEBHOOK_PAYLOAD_VERSION = 1;
export const SIGNATURE_HEADER = 'x-driveshare-signature';

export function webhookPayload(message: AlertMessage, sentAt: number): string {
  return JSON.stringify({
    version: WEBHOOK_PAYLOAD_VERSION,
    type: message.type,
    channel: message.channel,
    sentAt,
    title: message.title,
    text: messageText(message),
    eventIds: message.events.map((event) => event.id),
    events: message.events,
  });
}

/** `sha256=<hex HMAC-SHA256 of the raw body>`, as receivers of GitHub-style webhooks check it. */
export function webhookSignature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export function sendWebhook(channel: Webhook, message: AlertMessage, limits: SendLimits, now: number): Promise<SendResult> {
  const body = webhookPayload(message, now);
  const signature: Record<string, string> = channel.hmacSecret === undefined ? {} : { [SIGNATURE_HEADER]: webhookSignature(channel.hmacSecret, body) };
  const secrets = [channel.url, ...(channel.hmacSecret === undefined ? [] : [channel.hmacSecret])];
  return postHttp({ url: channel.url, headers: { ...JSON_HEADERS, ...signature }, body, ...limits, secrets });
}

/** ntfy: the message as the body, the rest as headers (https://docs.ntfy.sh/publish/). */
export function sendNtfy(channel: Ntfy, message: AlertMessage, limits: SendLimits): Promise<SendResult> {
  const headers: Record<string, string> = { 'content-type': 'text/plain; charset=utf-8', title: message.title, 'user-agent': 'driveshare-graph' };
  if (channel.priority !== undefined) headers.priority = String(channel.priority);
  if (channel.tags !== undefined && channel.tags.length > 0) headers.tags = channel.tags.join(',');
  if (channel.token !== undefined) headers.authorization = `Bearer ${channel.token}`;
  const secrets = channel.token === undefined ? [] : [channel.token];
  return postHttp({ url: channel.url, headers, body: messageText(message), ...limits, secrets });
}

/** Discord's message content holds at most 2,000 characters. */
const DISCORD_CONTENT_MAX = 2000;

/** Discord execute-webhook: `content`, and no mentions parsed from node text. */
export function sendDiscord(channel: Discord, message: AlertMessage, limits: SendLimits): Promise<SendResult> {
  const content = fitText(`**${message.title}**\n${messageText(message)}`, DISCORD_CONTENT_MAX);
  const body = JSON.stringify({ content, allowed_mentions: { parse: [] } });
  return postHttp({ url: channel.url, headers: JSON_HEADERS, body, ...limits, secrets: [channel.url] });
}

/** A Slack section block's text holds at most 3,000 characters. */
const SLACK_SECTION_MAX = 3000;

/** Slack incoming webhook: `text` (the notification fallback) and the same words as `blocks`. */
export function sendSlack(channel: Slack, message: AlertMessage, limits: SendLimits): Promise<SendResult> {
  const text = fitText(messageText(message), SLACK_SECTION_MAX);
  const body = JSON.stringify({
    text: message.title,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: fitText(message.title, 150) } },
      { type: 'section', text: { type: 'plain_text', text } },
    ],
  });
  return postHttp({ url: channel.url, headers: JSON_HEADERS, body, ...limits, secrets: [channel.url] });
}

/** Telegram's message text holds at most 4,096 characters. */
const TELEGRAM_TEXT_MAX = 4096;

/** Telegram Bot API sendMessage; a refusal is `{ ok: false, description, parameters.retry_after }`. */
export async function sendTelegram(channel: Telegram, message: AlertMessage, limits: SendLimits): Promise<SendResult> {
  const base = (channel.baseUrl ?? ALERT_TELEGRAM_DEFAULT_BASE_URL).replace(/\/+$/, '');
  const url = `${base}/bot${channel.botToken}/sendMessage`;
  const text = fitText(`${message.title}\n${messageText(message)}`, TELEGRAM_TEXT_MAX);
  const body = JSON.stringify({ chat_id: channel.chatId, text, disable_web_page_preview: true });
  const result = await postHttp({ url, headers: JSON_HEADERS, body, ...limits, secrets: [channel.botToken] });
  if (result.ok) return result;
  const retryAfter = /"retry_after"\s*:\s*(\d+)/.exec(result.error);
  return retryAfter === null ? result : failed(result.error, [channel.botToken], Number(retryAfter[1]) * 1000);
}
