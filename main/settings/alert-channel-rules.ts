import type { AlertChannel } from '../../shared/model/alerts.js';
import { channelSecrets, isMaskedSecret } from './secret-mask.js';

/**
 * What the channel schema cannot say: ids are unique (the outbox and the log refer to them), URLs
 * are http(s), a time zone is one the runtime knows. Returns the first problem as "where: what",
 * or null.
 */
export function alertChannelProblem(channel: AlertChannel, where: string): string | null {
  for (const [field, value] of urlFields(channel)) {
    // A masked URL stands for the stored one; whether there is one is checked when the patch is applied.
    if (!isMaskedSecret(value) && !isHttpUrl(value)) return `${where}/${field}: must be an http:// or https:// URL`;
  }
  if (channel.quietHours !== undefined && !isTimeZone(channel.quietHours.timeZone)) {
    return `${where}/quietHours/timeZone: ${JSON.stringify(channel.quietHours.timeZone)} is not a time zone this system knows (e.g. Europe/Berlin, UTC)`;
  }
  if (channel.kind === 'email' && channel.password !== undefined && channel.user === undefined) {
    return `${where}/user: is needed with a password`;
  }
  return null;
}

/** The first channel id used twice, as a problem, or null. */
export function duplicateChannelIdProblem(channels: readonly AlertChannel[]): string | null {
  const seen = new Set<string>();
  for (const [index, channel] of channels.entries()) {
    if (seen.has(channel.id)) return `/alertChannels/${index}/id: ${JSON.stringify(channel.id)} is used by another channel`;
    seen.add(channel.id);
  }
  return null;
}

function urlFields(channel: AlertChannel): [string, string][] {
  switch (channel.kind) {
    case 'webhook':
    case 'ntfy':
    case 'discord':
    case 'slack':
      return [['url', channel.url]];
    case 'telegram':
      return channel.baseUrl === undefined ? [] : [['baseUrl', channel.baseUrl]];
    default:
      return [];
  }
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The first secret still masked after the stored ones were put back: a mask with nothing behind it. */
export function leftoverMaskProblem(channels: readonly AlertChannel[]): string | null {
  for (const [index, channel] of channels.entries()) {
    for (const [field, value] of channelSecrets(channel)) {
      if (isMaskedSecret(value)) {
        return `/alertChannels/${index}/${field}: is the masked form of a secret this channel does not have stored; send the secret itself`;
      }
    }
  }
  return null;
}
