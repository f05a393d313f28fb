import { SECRET_FIELDS, type AlertChannel } from '../../shared/model/alerts.js';
import type { Settings } from '../../shared/model/settings.js';

/**
 * Secrets leave the engine only masked: `GET /api/v1/settings` (and the desktop window) show
 * "••••" and the last four characters of a long secret, enough to tell two apart. A settings
 * PUT that sends a mask back (the Settings view saving other fields) keeps the stored secret.
 */
export const SECRET_MASK_PREFIX = '••••';
/** Secrets shorter than this show no characters at all. */
const SHOW_TAIL_FROM_LENGTH = 16;
const TAIL = 4;

export function isMaskedSecret(value: string): boolean {
  return value.startsWith(SECRET_MASK_PREFIX);
}

export function maskSecret(value: string): string {
  return value.length >= SHOW_TAIL_FROM_LENGTH ? `${SECRET_MASK_PREFIX}${value.slice(-TAIL)}` : SECRET_MASK_PREFIX;
}

/** A channel's credential fields with their values (only those set). */
export function channelSecrets(channel: AlertChannel): [string, string][] {
  const record = channel as unknown as Record<string, unknown>;
  return SECRET_FIELDS[channel.kind].flatMap((field) => {
    const value = record[field];
    return typeof value === 'string' ? [[field, value] as [string, string]] : [];
  });
}

/** The settings as shown outside the engine: every channel secret masked. */
export function maskSettings(settings: Settings): Settings {
  return { ...settings, alertChannels: settings.alertChannels.map(maskChannel) };
}

export function maskChannel(channel: AlertChannel): AlertChannel {
  const masked: Record<string, unknown> = { ...channel };
  for (const [field, value] of channelSecrets(channel)) masked[field] = maskSecret(value);
  return masked as AlertChannel;
}

/**
 * Puts the stored secret back wherever a patch sends a channel's masked value unchanged (same id
 * and kind). Anything else is left for validation, which refuses a mask with nothing behind it.
 */
export function restoreMaskedSecrets(patch: unknown, current: Settings): unknown {
  if (typeof patch !== 'object' || patch === null || !('alertChannels' in patch) || !Array.isArray(patch.alertChannels)) return patch;
  const stored = new Map(current.alertChannels.map((channel) => [channel.id, channel]));
  const channels: unknown[] = patch.alertChannels.map((item: unknown) => restoreChannel(item, stored));
  return { ...patch, alertChannels: channels };
}

function restoreChannel(item: unknown, stored: ReadonlyMap<string, AlertChannel>): unknown {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return item;
  const record = item as Record<string, unknown>;
  const previous = typeof record.id === 'string' ? stored.get(record.id) : undefined;
  if (previous === undefined || previous.kind !== record.kind) return item;
  const restored = { ...record };
  for (const [field, value] of channelSecrets(previous)) {
    const sent = record[field];
    if (typeof sent === 'string' && isMaskedSecret(sent) && sent === maskSecret(value)) restored[field] = value;
  }
  return restored;
}
