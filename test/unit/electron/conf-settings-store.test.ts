import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Conf from 'conf';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors.js';
import { DEFAULT_SETTINGS } from '../../../shared/model/settings.js';
import { ConfSettingsStore } from '../../../main/electron/settings/conf-settings-store.js';
import { settingsMigrations, type SettingsRecord } from '../../../main/electron/settings/settings-migrations.js';

/**
 * electron-store is conf plus Electron's paths; these tests drive the same conf options the app
 * uses (name, projectVersion, migrations) over a real file in a temporary folder.
 */
const ADDRESS = '1BoatSLRHtKNngkdXEeobR76b53LETtpyT';
let directory: string;
let problems: string[];

beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'driveshare-settings-'));
  problems = [];
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

function open(version = '0.1.0'): ConfSettingsStore {
  const report = (problem: string) => problems.push(problem);
  const conf = new Conf<SettingsRecord>({ cwd: directory, configName: 'settings', projectVersion: version, migrations: settingsMigrations(report) });
  return new ConfSettingsStore(conf, report);
}

const file = () => join(directory, 'settings.json');

describe('desktop settings over electron-store/conf', () => {
  it('starts from the shared defaults', () => {
    expect(open().get()).toEqual(DEFAULT_SETTINGS);
  });

  it('stores a valid patch, tells listeners, and reads it back after a restart', () => {
    const store = open();
    const changes: [number, number][] = [];
    store.onChange((next, previous) => changes.push([previous.intervalSeconds, next.intervalSeconds]));
    store.update({ intervalSeconds: 60, watchedAddresses: [ADDRESS, ADDRESS] });
    expect(changes).toEqual([[300, 60]]);
    const reopened = open();
    expect(reopened.get().intervalSeconds).toBe(60);
    expect(reopened.get().watchedAddresses).toEqual([ADDRESS]);
  });

  it('refuses a bad patch with the same errors as the headless settings, and keeps the file unchanged', () => {
    const store = open();
    store.update({ intervalSeconds: 60 });
    const before = readFileSync(file(), 'utf8');
    expect(() => store.update({ intervalSeconds: 1 })).toThrow(AppError);
    expect(() => store.update({ watchedAddresses: ['1BoatSLRHtKNngkdXEeobR76b53LETtpyX'] })).toThrow(/watchedAddresses\/0/);
    expect(() => store.update({ sourceUrll: 'http://x' })).toThrow(AppError);
    expect(readFileSync(file(), 'utf8')).toBe(before);
  });

  it('migrates an old or hand-edited file: keeps valid values, defaults invalid ones, drops unknown keys, and reports each', () => {
    writeFileSync(file(), JSON.stringify({ intervalSeconds: 120, apiPort: 'eighty', legacyTheme: 'blue', watchedAddresses: [ADDRESS, 'nope'] }));
    const store = open('0.1.0');
    expect(store.get()).toEqual({ ...DEFAULT_SETTINGS, intervalSeconds: 120, watchedAddresses: [ADDRESS] });
    expect(problems.join('\n')).toMatch(/apiPort/);
    expect(problems.join('\n')).toMatch(/legacyTheme/);
    expect(problems.join('\n')).toMatch(/watchedAddresses\/1/);
    const stored = JSON.parse(readFileSync(file(), 'utf8')) as Record<string, unknown>;
    expect(stored.legacyTheme).toBeUndefined();
    expect(stored.apiPort).toBe(DEFAULT_SETTINGS.apiPort);
  });

  it('runs a migration once: a later start of the same version does not re-run it', () => {
    writeFileSync(file(), JSON.stringify({ legacyTheme: 'blue' }));
    open('0.1.0');
    expect(problems.filter((problem) => problem.startsWith('settings migration'))).toHaveLength(1);
    problems = [];
    open('0.1.0');
    expect(problems).toEqual([]);
  });
});
