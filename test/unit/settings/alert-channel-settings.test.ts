import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Conf from 'conf';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfSettingsStore } from '../../../main/electron/settings/conf-settings-store.js';
import type { SettingsRecord } from '../../../main/electron/settings/settings-migrations.js';
import { aesGcmSecretCodec } from '../../../main/settings/aes-gcm-secret-codec.js';
import { JsonFileSettingsStore } from '../../../main/settings/json-file-settings-store.js';
import type { SecretCodec } from '../../../main/settings/secret-codec.js';
import { maskSettings } from '../../../main/settings/secret-mask.js';
import { settingsFromStored, validateSettingsPatch } from '../../../main/settings/settings-store.js';
import type { AlertChannel } from '../../../shared/model/alerts.js';
import { DEFAULT_SETTINGS } from '../../../shared/model/settings.js';

const hook: AlertChannel = { id: 'hook', name: 'Hook', enabled: true, rules: ['offline'], kind: 'webhook', url: 'https://example.test/hooks/abcdef0123456789', hmacSecret: 'hmac-secret-value' };
const bot: AlertChannel = { id: 'tg', name: 'Bot', enabled: true, rules: ['offline'], kind: 'telegram', botToken: '123:bot-token', chatId: '1' };

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'dsg-alert-settings-'));
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

describe('alert channels in the settings', () => {
  it('a stored file keeps each good channel and drops (and reports) each bad one alone', () => {
    const { settings, problems } = settingsFromStored({
      alertChannels: [hook, { ...bot, kind: 'carrier-pigeon' }, { ...hook, name: 'Again' }, { ...hook, id: 'zone', quietHours: { start: '22:00', end: '07:00', timeZone: 'Mars/Olympus' } }, bot],
    });
    expect(settings.alertChannels.map((channel) => channel.id)).toEqual(['hook', 'tg']);
    expect(problems).toHaveLength(3);
    expect(problems[1]).toBe('alertChannels/2: "hook" is used by another channel; dropped');
    expect(problems[2]).toContain('alertChannels/3/quietHours/timeZone: "Mars/Olympus" is not a time zone');
  });

  it('a patch with a repeated id, a URL that is not http(s), or an unknown kind is refused with where and what', () => {
    expect(() => validateSettingsPatch({ alertChannels: [hook, hook] })).toThrow('/alertChannels/1/id: "hook" is used by another channel');
    expect(() => validateSettingsPatch({ alertChannels: [{ ...hook, url: 'ftp://example.test/x' }] })).toThrow('/alertChannels/0/url: must be an http:// or https:// URL');
    expect(() => validateSettingsPatch({ alertChannels: [{ ...hook, kind: 'fax' }] })).toThrow(/alertChannels/);
  });

  it('masks show at most the last four characters of long secrets, nothing of short ones', () => {
    const masked = maskSettings({ ...DEFAULT_SETTINGS, alertChannels: [hook, bot] });
    expect(masked.alertChannels[0]).toMatchObject({ url: '••••6789', hmacSecret: '••••alue' });
    expect(masked.alertChannels[1]).toMatchObject({ botToken: '••••', chatId: '1' });
  });
});

/** A reversible stand-in for an encrypting codec: what matters is that the file never holds the secret. */
const reversing: SecretCodec = {
  storage: { encrypted: true, description: 'reversed' },
  encode: (plain) => `rev:${[...plain].reverse().join('')}`,
  decode: (stored) => {
    if (!stored.startsWith('rev:')) throw new Error('not a value this codec wrote');
    return [...stored.slice(4)].reverse().join('');
  },
};

describe('secret codecs', () => {
  it('the headless file is 0600 and holds secrets through its codec; an unreadable secret is reported, its channel dropped', () => {
    const store = JsonFileSettingsStore.open(directory, { secrets: reversing });
    store.update({ alertChannels: [hook, bot] });
    const text = readFileSync(join(directory, 'settings.json'), 'utf8');
    expect(text).not.toContain('hmac-secret-value');
    expect(text).toContain('rev:eulav-terces-camh');
    expect(JsonFileSettingsStore.open(directory, { secrets: reversing }).get().alertChannels).toEqual([hook, bot]);

    const stored = JSON.parse(text) as { alertChannels: Record<string, unknown>[] };
    stored.alertChannels[1]!.botToken = 'from another machine';
    writeFileSync(join(directory, 'settings.json'), JSON.stringify(stored));
    const problems: string[] = [];
    const reopened = JsonFileSettingsStore.open(directory, { secrets: reversing, onProblem: (problem) => problems.push(problem) });
    expect(reopened.get().alertChannels).toEqual([hook]);
    expect(problems[0]).toContain('alertChannels/1/botToken: the stored secret cannot be decrypted');
    expect(problems.join('\n')).not.toContain('from another machine');

    // An optional secret (the HMAC) that cannot be read leaves its channel out too, and the file is kept before a save drops it.
    stored.alertChannels[1]!.botToken = 'rev:nekot-tob:321';
    stored.alertChannels[0]!.hmacSecret = 'from another machine';
    writeFileSync(join(directory, 'settings.json'), JSON.stringify(stored));
    problems.length = 0;
    const unsigned = JsonFileSettingsStore.open(directory, { secrets: reversing, onProblem: (problem) => problems.push(problem) });
    expect(unsigned.get().alertChannels).toEqual([bot]);
    unsigned.update({ watchedAddresses: [] });
    expect(problems.at(-1)).toContain('the file as it was is kept as');
  });

  it('the desktop store encrypts with the settings key and encrypts a value left in clear on the next save', () => {
    const key = randomBytes(32);
    const conf = () => new Conf<SettingsRecord>({ cwd: directory, configName: 'settings', projectVersion: '0.1.0' });
    writeFileSync(join(directory, 'settings.json'), JSON.stringify({ alertChannels: [hook] }));
    const legacy = new ConfSettingsStore(conf(), () => undefined, aesGcmSecretCodec(key));
    expect(legacy.get().alertChannels).toEqual([hook]);
    legacy.update({ watchedAddresses: [] });
    const text = readFileSync(join(directory, 'settings.json'), 'utf8');
    expect(text).not.toContain('hmac-secret-value');
    expect(text).not.toContain('abcdef0123456789');
    expect(text).toContain('aes256gcm:');
    expect(new ConfSettingsStore(conf(), () => undefined, aesGcmSecretCodec(key)).get().alertChannels).toEqual([hook]);

    const problems: string[] = [];
    const keyless = new ConfSettingsStore(conf(), (problem) => problems.push(problem), aesGcmSecretCodec(null));
    expect(keyless.get().alertChannels).toEqual([]);
    expect(problems[0]).toContain('alertChannels/0/url: the stored secret cannot be decrypted (it is encrypted and the settings key cannot be read');
    // The channel left out is in the file only: a copy keeps it before a save drops it.
    keyless.update({ watchedAddresses: [] });
    const kept = /kept as (.+)$/.exec(problems.at(-1)!)?.[1];
    expect(kept).toBeDefined();
    expect(readFileSync(kept!, 'utf8')).toContain('aes256gcm:');
    expect(readFileSync(join(directory, 'settings.json'), 'utf8')).not.toContain('aes256gcm:');
    keyless.update({ watchedAddresses: [] });
    expect(problems.filter((problem) => problem.includes('kept as'))).toHaveLength(1);
  });
});
