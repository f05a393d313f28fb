import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors.js';
import { settingsFromStored, validateSettingsPatch } from '../../../main/settings/settings-store.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'driveshare-data-dir-rules-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function refusal(patch: unknown): string {
  try {
    validateSettingsPatch(patch);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('bad_request');
    return (error as AppError).message;
  }
  throw new Error(`accepted ${JSON.stringify(patch)}`);
}

describe('a data folder from outside (Settings, PUT /api/v1/settings)', () => {
  it.each([
    ['/etc', /^\/dataDir: \/etc is inside the system folder \/etc; choose a folder of your own$/],
    ['/etc/driveshare-graph', /inside the system folder \/etc/],
    ['/proc/self', /inside the system folder \/proc/],
    ['/tmp/x/../../usr/lib', /\/usr\/lib is inside the system folder \/usr/],
    ['../../../../etc', /must be an absolute path .* not "\.\.\/\.\.\/\.\.\/\.\.\/etc"/],
    ['data', /must be an absolute path/],
    ['/srv/drive\0share', /must not contain a NUL character/],
    ['/', /\/ is a shared top-level folder; choose a folder inside it, e\.g\. \/driveshare-graph/],
    ['/var', /\/var is a shared top-level folder/],
  ])('refuses %j with a reason', (dataDir, reason) => {
    expect(refusal({ dataDir })).toMatch(reason);
  });

  it('stores the folder normalised, and accepts one that does not exist yet under a writable folder', () => {
    expect(validateSettingsPatch({ dataDir: `${dir}/a/../b/` })).toEqual({ dataDir: join(dir, 'b') });
    expect(validateSettingsPatch({ dataDir: join(dir, 'new', 'deeper') })).toEqual({ dataDir: join(dir, 'new', 'deeper') });
    expect(validateSettingsPatch({ dataDir: '' })).toEqual({ dataDir: '' });
  });

  it('refuses a file where a folder should be, naming it', () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, 'x');
    expect(refusal({ dataDir: file })).toBe(`/dataDir: ${file} is a file, not a folder`);
    expect(refusal({ dataDir: join(file, 'below') })).toBe(`/dataDir: ${file} is a file, not a folder`);
  });

  it.skipIf(process.getuid?.() === 0)('refuses a folder it cannot write into, naming it', () => {
    chmodSync(dir, 0o500);
    expect(refusal({ dataDir: join(dir, 'data') })).toBe(`/dataDir: ${dir} cannot be written (permission denied)`);
  });
});

describe('the API port', () => {
  it('is 1024–65535, or 0 for any free port', () => {
    expect(refusal({ apiPort: 22 })).toMatch(/^\/apiPort: must be from 1024 to 65535 .*or 0 for any free port$/);
    expect(refusal({ apiPort: 1023 })).toMatch(/apiPort/);
    expect(validateSettingsPatch({ apiPort: 1024 })).toEqual({ apiPort: 1024 });
    expect(validateSettingsPatch({ apiPort: 0 })).toEqual({ apiPort: 0 });
  });
});

describe('a stored data folder', () => {
  it('is normalised, and one that breaks the rules falls back to the app-data folder with a report', () => {
    expect(settingsFromStored({ dataDir: `${dir}/x/..` }).settings.dataDir).toBe(dir);
    const stored = settingsFromStored({ dataDir: '/etc', apiPort: 22 });
    expect(stored.settings).toMatchObject({ dataDir: '', apiPort: 7780 });
    expect(stored.problems).toEqual([expect.stringMatching(/^\/dataDir: .*; default used$/), expect.stringMatching(/^\/apiPort: .*; default used$/)]);
  });
});
