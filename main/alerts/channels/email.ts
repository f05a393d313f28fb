import type { Static } from 'typebox';
import type { EmailChannelSchema } from '../../../shared/model/alerts.js';
import { describeError } from '../../../shared/errors.js';
import { messageText, type AlertMessage } from '../message.js';
import type { SendLimits } from './http-post.js';
import { failed, type SendResult } from './send-result.js';

type Email = Static<typeof EmailChannelSchema>;

/** The header a mail carries its events' ids in, for filters and deduplication. */
export const EVENT_IDS_HEADER = 'X-Driveshare-Event-Ids';

/**
 * One mail over SMTP with nodemailer: `tls` speaks TLS from the first byte, `starttls` requires
 * the upgrade (a server that does not offer it is an error, never a silent plain-text send),
 * `none` sends in plain text. Each send opens and closes its own connection: alerts are rare.
 */
export async function sendEmail(channel: Email, message: AlertMessage, { timeoutMs }: SendLimits): Promise<SendResult> {
  // Loaded on the first mail: every command and every engine without an e-mail channel skips it.
  const { default: nodemailer } = await import('nodemailer');
  const transport = nodemailer.createTransport({
    host: channel.host,
    port: channel.port,
    secure: channel.security === 'tls',
    requireTLS: channel.security === 'starttls',
    ignoreTLS: channel.security === 'none',
    ...(channel.user === undefined ? {} : { auth: { user: channel.user, pass: channel.password ?? '' } }),
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    ...(channel.allowSelfSignedCertificate === true ? { tls: { rejectUnauthorized: false } } : {}),
  });
  const secrets = channel.password === undefined ? [] : [channel.password];
  try {
    await transport.sendMail({
      from: channel.from,
      to: channel.to,
      subject: message.title,
      text: messageText(message),
      headers: message.events.length === 0 ? {} : { [EVENT_IDS_HEADER]: message.events.map((event) => event.id).join(' ') },
    });
    return { ok: true };
  } catch (error) {
    return failed(describeSmtpFailure(error), secrets);
  } finally {
    transport.close();
  }
}

/** nodemailer's error with the server's own words (`response`) and its code when it has them. */
function describeSmtpFailure(error: unknown): string {
  const details = error as { code?: unknown; response?: unknown; command?: unknown };
  const code = typeof details.code === 'string' ? `${details.code}: ` : '';
  const command = typeof details.command === 'string' ? ` (after ${details.command})` : '';
  if (typeof details.response === 'string') return `SMTP ${code}${details.response}${command}`;
  return `SMTP ${code}${describeError(error)}`;
}
