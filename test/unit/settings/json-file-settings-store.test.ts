import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors.js';
import { DEFAULT_SETTINGS, type Settings } from '../../../shared/model/settings.js';
import { JsonFileSettingsStore, SETTINGS_FILE_NAME } from '../../../main/settings/json-file-settings-store.js';
import { settingsFromStored, validateSettingsPatch } from '../../../main/settings/settings-store.js';

const GOOD = '1BoatSLRHtKNngkdXEeobR76b53LETtpyT';
const BAD_CHECKSUM = '1BoatSLRHtKNngkdXEeobR76b53LETtpyU';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'driveshare-settings-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function open(): { store: JsonFileSettingsStore; problems: string[] } {
  const problems: string[] = [];
  return { store: JsonFileSettingsStore.open(dir, { onProblem: (problem) => problems.push(problem) }), problems };
}

function writeFile(content: string): void {
  writeFileSync(join(dir, SETTINGS_FILE_NAME), content);
}

describe('JsonFileSettingsStore', () => {
  it('starts from the defaults when there is no file, without complaint', () => {
    const { store, problems } = open();
    expect(store.get()).toEqual(DEFAULT_SETTINGS);
    expect(problems).toEqual([]);
  });

  it('stores an update in settings.json and reads it back after a restart', () => {
    const { store } = open();
    const updated = store.update({ intervalSeconds: 60, watchedAddresses: [GOOD, GOOD] });
    expect(updated.intervalSeconds).toBe(60);
    expect(updated.watchedAddresses).toEqual([GOOD]);
    expect(JSON.parse(readFileSync(join(dir, SETTINGS_FILE_NAME), 'utf8'))).toEqual(updated);
    expect(open().store.get()).toEqual(updated);
  });

  it('writes atomically: no temporary file is left beside settings.json', () => {
    const { store } = open();
    store.update({ theme: 'dark' });
    store.update({ theme: 'light' });
    expect(readdirSync(dir)).toEqual([SETTINGS_FILE_NAME]);
  });

  it('refuses an invalid patch without changing the file or the settings', () => {
    const { store } = open();
    store.update({ theme: 'dark' });
    const before = readFileSync(join(dir, SETTINGS_FILE_NAME), 'utf8');
    expect(() => store.update({ intervalSeconds: 5 })).toThrow(/intervalSeconds/);
    expect(() => store.update({ watchedAddresses: [BAD_CHECKSUM] })).toThrow(AppError);
    expect(() => store.update({ unknownKey: true })).toThrow(/unknownKey|additional/);
    expect(readFileSync(join(dir, SETTINGS_FILE_NAME), 'utf8')).toBe(before);
    expect(store.get().theme).toBe('dark');
  });

  it('tells listeners the new and previous settings after each update; unsubscribe stops it', () => {
    const { store } = open();
    const seen: Array<[Settings['theme'], Settings['theme']]> = [];
    const unsubscribe = store.onChange((settings, previous) => seen.push([settings.theme, previous.theme]));
    store.update({ theme: 'dark' });
    unsubscribe();
    store.update({ theme: 'light' });
    expect(seen).toEqual([['dark', 'system']]);
  });

  it('moves a file that is not JSON aside before anything is written, says where, and starts from the defaults', () => {
    const broken = '{"theme": "dark",';
    writeFile(broken);
    const { store, problems } = open();
    expect(store.get()).toEqual(DEFAULT_SETTINGS);
    expect(problems).toHaveLength(1);
    const kept = readdirSync(dir).find((name) => name.startsWith(`${SETTINGS_FILE_NAME}.broken-`));
    expect(kept).toMatch(/^settings\.json\.broken-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z$/);
    expect(problems[0]).toMatch(/not valid JSON/);
    expect(problems[0]).toContain(join(dir, kept!));
    store.update({ theme: 'light' });
    expect(readFileSync(join(dir, kept!), 'utf8')).toBe(broken);
  });

  it('keeps a file with bad values as it was before the first write replaces it', () => {
    const handEdited = JSON.stringify({ theme: 'dark', intervalSeconds: 'often' });
    writeFile(handEdited);
    const { store, problems } = open();
    expect(readdirSync(dir)).toEqual([SETTINGS_FILE_NAME]);
    store.update({ apiPort: 8080 });
    store.update({ apiPort: 8081 });
    const kept = readdirSync(dir).filter((name) => name !== SETTINGS_FILE_NAME);
    expect(kept).toHaveLength(1);
    expect(readFileSync(join(dir, kept[0]!), 'utf8')).toBe(handEdited);
    expect(problems.at(-1)).toContain(`kept as ${join(dir, kept[0]!)}`);
    expect(open().store.get()).toMatchObject({ theme: 'dark', apiPort: 8081 });
  });

  it('a settings path that is a folder: reported at start, and a save is refused with a clear conflict while the settings in use stay', () => {
    mkdirSync(join(dir, SETTINGS_FILE_NAME));
    const { store, problems } = open();
    expect(problems).toEqual([expect.stringMatching(/cannot be read \(it is a folder, not a file\); defaults used/)]);
    let failure: unknown;
    try {
      store.update({ theme: 'dark' });
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(AppError);
    expect(failure).toMatchObject({ code: 'conflict', message: expect.stringContaining(`${join(dir, SETTINGS_FILE_NAME)}: it is a folder, not a file`) });
    expect(store.get()).toEqual(DEFAULT_SETTINGS);
    expect(readdirSync(dir)).toEqual([SETTINGS_FILE_NAME]);
  });

  it('keeps the valid keys of a hand-edited file, defaults the invalid ones, drops bad list items, and reports each', () => {
    writeFile(JSON.stringify({ theme: 'dark', intervalSeconds: 'often', apiPort: 70_000, watchedAddresses: [GOOD, BAD_CHECKSUM], corsOrigins: ['http://localhost:8080', 'http://x.example/path'], colour: 'red' }));
    const { store, problems } = open();
    const settings = store.get();
    expect(settings.theme).toBe('dark');
    expect(settings.intervalSeconds).toBe(DEFAULT_SETTINGS.intervalSeconds);
    expect(settings.apiPort).toBe(DEFAULT_SETTINGS.apiPort);
    expect(settings.watchedAddresses).toEqual([GOOD]);
    expect(settings.corsOrigins).toEqual(['http://localhost:8080']);
    expect(problems.join('\n')).toMatch(/intervalSeconds/);
    expect(problems.join('\n')).toMatch(/apiPort/);
    expect(problems.join('\n')).toMatch(/watchedAddresses\/1: .*checksum.*dropped/);
    expect(problems.join('\n')).toMatch(/corsOrigins\/1/);
    expect(problems.join('\n')).toMatch(/colour: unknown setting/);
  });
});

describe('settings validation shared by both stores', () => {
  it('accepts a partial patch and names the key of a bad one', () => {
    expect(validateSettingsPatch({ theme: 'light' })).toEqual({ theme: 'light' });
    expect(() => validateSettingsPatch({ sourceUrl: 'ftp://example.com' })).toThrow(/sourceUrl/);
    expect(() => validateSettingsPatch({ corsOrigins: ['*'] })).toThrow(/corsOrigins\/0/);
    expect(() => validateSettingsPatch([])).toThrow(AppError);
  });

  it('settingsFromStored on a non-object gives the defaults and one problem', () => {
    expect(settingsFromStored(42)).toEqual({ settings: DEFAULT_SETTINGS, problems: [expect.stringMatching(/not a JSON object/)] });
  });
});
