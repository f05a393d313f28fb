import { SECRET_FIELDS, type AlertChannelKind } from '../../shared/model/alerts.js';
import { describeError } from '../../shared/errors.js';

/**
 * How channel secrets are written to a settings file. The desktop app encrypts them with a key
 * that the operating system's key store protects (aes-gcm-secret-codec.ts,
 * main/electron/settings/settings-key.ts); headless there is no such store, so they are written
 * as they are into a file only its owner can read (0600).
 */
/** How the alert channel secrets are kept, as the status reports it. */
export interface SecretStorage {
  /** True when they are encrypted with a key the operating system's key store protects. */
  readonly encrypted: boolean;
  /** In words, with the reason when they are not encrypted. */
  readonly description: string;
}

export interface SecretCodec {
  /** Where the secrets are kept: the status shows it beside the alert channels. */
  readonly storage: SecretStorage;
  encode(plain: string): string;
  /** The secret of a stored value; throws when it cannot be read (another machine's key). */
  decode(stored: string): string;
}

export const PLAIN_SECRET_CODEC: SecretCodec = {
  storage: { encrypted: false, description: 'stored in clear, in a settings file only its owner may read (0600): headless, there is no key store' },
  encode: (plain) => plain,
  decode: (stored) => stored,
};

type Transform = (value: string, where: string) => string | null;

/**
 * Every channel secret of a settings record as stored (unknown shape: this runs before
 * validation). A channel with a secret the transform gives up on (null) is left out whole: a
 * webhook without its HMAC secret would still be valid, and would send unsigned.
 */
function mapSecrets(raw: Record<string, unknown>, transform: Transform): Record<string, unknown> {
  const channels = raw.alertChannels;
  if (!Array.isArray(channels)) return raw;
  const mapped = channels.flatMap((channel: unknown, index) => {
    if (typeof channel !== 'object' || channel === null) return [channel];
    const record = { ...(channel as Record<string, unknown>) };
    const fields = SECRET_FIELDS[record.kind as AlertChannelKind] as readonly string[] | undefined;
    for (const field of fields ?? []) {
      const value = record[field];
      if (typeof value !== 'string') continue;
      const next = transform(value, `alertChannels/${index}/${field}`);
      if (next === null) return [];
      record[field] = next;
    }
    return [record];
  });
  return { ...raw, alertChannels: mapped };
}

/** The record to write: each channel secret encoded. */
export function encodeSecrets<T extends object>(settings: T, codec: SecretCodec): Record<string, unknown> {
  return mapSecrets({ ...settings } as Record<string, unknown>, (value) => codec.encode(value));
}

/**
 * A stored record with its secrets decoded. A channel with a secret that cannot be decoded is
 * left out and reported, never a crash.
 */
export function decodeSecrets(raw: unknown, codec: SecretCodec, report: (problem: string) => void): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
  return mapSecrets(raw as Record<string, unknown>, (value, where) => {
    try {
      return codec.decode(value);
    } catch (error) {
      report(`${where}: the stored secret cannot be decrypted (${describeError(error)}); the channel is left out: add it again in Settings`);
      return null;
    }
  });
}
