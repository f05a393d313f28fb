import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { restrictSettingsFile } from '../../../main/electron/settings/settings-file-mode.js';

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'dsg-settings-mode-'));
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

describe('the desktop settings file mode', () => {
  it.skipIf(process.platform === 'win32')('closes a file an earlier version left readable by all to its owner', () => {
    const file = join(directory, 'settings.json');
    writeFileSync(file, '{}', { mode: 0o644 });
    const problems: string[] = [];
    restrictSettingsFile(file, (problem) => problems.push(problem));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(problems).toEqual([]);
  });

  it('reports a file it cannot change, without throwing', () => {
    const problems: string[] = [];
    restrictSettingsFile(join(directory, 'gone.json'), (problem) => problems.push(problem));
    expect(problems).toEqual([expect.stringContaining('gone.json: could not make it readable by its owner only (')]);
  });
});
