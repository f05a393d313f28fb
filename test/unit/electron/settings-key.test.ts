import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isMainMessage } from '../../../main/electron/engine-host/protocol.js';
import { SETTINGS_KEY_FILE, loadSettingsKey } from '../../../main/electron/settings/settings-key.js';
import { FakeSafeStorage } from './fake-electron.js';

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'dsg-settings-key-'));
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

const keyFile = (): string => join(directory, SETTINGS_KEY_FILE);

describe('the settings key', () => {
  it('is created on the first start, encrypted with safeStorage and readable by its owner only, and the same on the next', () => {
    const safeStorage = new FakeSafeStorage();
    const first = loadSettingsKey(directory, safeStorage, 'linux');
    expect(first.key).not.toBeNull();
    expect(Buffer.from(first.key!, 'base64')).toHaveLength(32);
    expect(first.note).toBe(`alert channel secrets are encrypted with the key in ${keyFile()} (created now)`);
    const stored = readFileSync(keyFile());
    expect(stored.toString('latin1')).not.toContain(first.key);
    expect(safeStorage.decryptString(stored)).toBe(first.key);
    if (process.platform !== 'win32') expect(statSync(keyFile()).mode & 0o777).toBe(0o600);

    const second = loadSettingsKey(directory, safeStorage, 'linux');
    expect(second).toEqual({ key: first.key, note: `alert channel secrets are encrypted with the key in ${keyFile()}` });
  });

  it('is not used, and no file is written, when safeStorage is not available', () => {
    const safeStorage = new FakeSafeStorage();
    safeStorage.available = false;
    const result = loadSettingsKey(directory, safeStorage, 'darwin');
    expect(result.key).toBeNull();
    expect(result.note).toContain("stored in clear in a settings file only you can read (0600): the operating system's key store is not available");
    expect(() => statSync(keyFile())).toThrow();
  });

  it("is not used on Linux when Electron would fall back to its hard-coded password ('basic_text')", () => {
    const safeStorage = new FakeSafeStorage();
    safeStorage.backend = 'basic_text';
    const result = loadSettingsKey(directory, safeStorage, 'linux');
    expect(result.key).toBeNull();
    expect(result.note).toContain('no keyring (GNOME Keyring or KWallet) is running');
    // The reason alone goes to the engine host, whose status shows it beside the alert channels.
    expect(result).toMatchObject({ missing: 'no keyring (GNOME Keyring or KWallet) is running, and Electron would only obfuscate the key' });
    expect(() => statSync(keyFile())).toThrow();
    // The backend is a Linux notion: elsewhere it is not consulted.
    expect(loadSettingsKey(directory, safeStorage, 'win32').key).not.toBeNull();
  });

  it('that cannot be decrypted (another key store) is reported and kept, never replaced', () => {
    loadSettingsKey(directory, new FakeSafeStorage(0x11), 'linux');
    const before = readFileSync(keyFile());
    const result = loadSettingsKey(directory, new FakeSafeStorage(0x22), 'linux');
    expect(result.key).toBeNull();
    expect(result.note).toContain(`${keyFile()} could not be decrypted (Error while decrypting`);
    expect(readFileSync(keyFile())).toEqual(before);
  });

  it('of the wrong length is reported, not used', () => {
    const safeStorage = new FakeSafeStorage();
    writeFileSync(keyFile(), safeStorage.encryptString(Buffer.alloc(16).toString('base64')));
    const result = loadSettingsKey(directory, safeStorage, 'linux');
    expect(result.key).toBeNull();
    expect(result.note).toContain('could not be decrypted (it holds 16 bytes, not 32)');
  });

  it('reaches the engine host only as 32 bytes of base64 or null in a valid start message', () => {
    const options = { settingsDir: directory, appVersion: '0.1.0' };
    const key = loadSettingsKey(directory, new FakeSafeStorage(), 'linux').key;
    expect(isMainMessage({ type: 'start', options: { ...options, settingsKey: key, settingsKeyMissing: null } })).toBe(true);
    expect(isMainMessage({ type: 'start', options: { ...options, settingsKey: null, settingsKeyMissing: 'no keyring' } })).toBe(true);
    expect(isMainMessage({ type: 'start', options })).toBe(false);
    expect(isMainMessage({ type: 'start', options: { ...options, settingsKey: null } })).toBe(false);
    expect(isMainMessage({ type: 'start', options: { ...options, settingsKey: 'c2hvcnQ=', settingsKeyMissing: null } })).toBe(false);
    expect(isMainMessage({ type: 'start', options: { ...options, settingsDir: 7, settingsKey: null, settingsKeyMissing: null } })).toBe(false);
  });
});
