import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_DESKTOP_CHANNEL, addDesktopChannelToFreshInstall } from '../../../main/electron/settings/desktop-channel-default.js';
import { isHostMessage, isMainMessage } from '../../../main/electron/engine-host/protocol.js';
import { JsonFileSettingsStore } from '../../../main/settings/json-file-settings-store.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dsg-desktop-channel-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('the desktop alert channel of a fresh install', () => {
  it('a fresh install gets one enabled desktop channel', () => {
    const store = JsonFileSettingsStore.open(dir);
    addDesktopChannelToFreshInstall(store, true);
    expect(store.get().alertChannels).toEqual([DEFAULT_DESKTOP_CHANNEL]);
    expect(DEFAULT_DESKTOP_CHANNEL).toMatchObject({ kind: 'desktop', enabled: true });
  });

  it('an existing install keeps its channels, even none (a removed desktop channel stays removed)', () => {
    const store = JsonFileSettingsStore.open(dir);
    addDesktopChannelToFreshInstall(store, false);
    expect(store.get().alertChannels).toEqual([]);
  });
});

describe('the notify messages are checked like the others', () => {
  it('accepts a well-formed notify and notified, drops malformed ones', () => {
    expect(isHostMessage({ type: 'notify', id: 1, notice: { title: 't', body: 'b', address: null } })).toBe(true);
    expect(isHostMessage({ type: 'notify', id: 1, notice: { title: 't', body: 'b' } })).toBe(false);
    expect(isHostMessage({ type: 'notify', id: 'x', notice: { title: 't', body: 'b', address: null } })).toBe(false);
    expect(isMainMessage({ type: 'notified', id: 3, error: null })).toBe(true);
    expect(isMainMessage({ type: 'notified', id: 3, error: 'no service' })).toBe(true);
    expect(isMainMessage({ type: 'notified', id: 3 })).toBe(false);
  });
});
