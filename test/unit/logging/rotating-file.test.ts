import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RotatingFile } from '../../../main/logging/rotating-file.js';

let dir: string;
let path: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rotating-'));
  path = join(dir, 'logs', 'app.log');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const line = (n: number): string => `line ${String(n).padStart(3, '0')}\n`; // 9 bytes
const read = (file: string): string => (existsSync(file) ? readFileSync(file, 'utf8') : '');

describe('RotatingFile', () => {
  it('creates its folder and appends whole lines', () => {
    const file = new RotatingFile(path);
    file.write(line(1));
    file.write(line(2));
    file.close();
    expect(read(path)).toBe(line(1) + line(2));
  });

  it('rotates before a line would cross the cap: name → name.1 → name.2, the oldest dropped', () => {
    const file = new RotatingFile(path, { maxBytes: 30, maxFiles: 3 });
    for (let n = 1; n <= 12; n++) file.write(line(n));
    file.close();
    // 3 lines (27 bytes) fit in a file; a 4th would make 36.
    expect(read(path)).toBe(line(10) + line(11) + line(12));
    expect(read(`${path}.1`)).toBe(line(7) + line(8) + line(9));
    expect(read(`${path}.2`)).toBe(line(4) + line(5) + line(6));
    expect(existsSync(`${path}.3`)).toBe(false);
  });

  it('counts what an earlier run left in the file', () => {
    const first = new RotatingFile(path, { maxBytes: 30 });
    first.write(line(1));
    first.write(line(2));
    first.close();
    const second = new RotatingFile(path, { maxBytes: 30 });
    second.write(line(3));
    second.write(line(4));
    second.close();
    expect(read(`${path}.1`)).toBe(line(1) + line(2) + line(3));
    expect(read(path)).toBe(line(4));
  });

  it('keeps a single line longer than the cap (in a file of its own) rather than dropping it', () => {
    const file = new RotatingFile(path, { maxBytes: 5 });
    file.write(line(1));
    file.write(line(2));
    file.close();
    expect(read(path)).toBe(line(2));
    expect(read(`${path}.1`)).toBe(line(1));
  });

  it('when another process rotated the file, reopens the path instead of rotating again', () => {
    const ours = new RotatingFile(path, { maxBytes: 30 });
    ours.write(line(1));
    ours.write(line(2));
    // Another writer rotates and starts a new file at the path.
    renameSync(path, `${path}.1`);
    const theirs = new RotatingFile(path, { maxBytes: 30 });
    theirs.write(line(50));
    theirs.close();
    ours.write(line(3)); // still fits in the file this writer has open (now app.log.1)
    ours.write(line(4)); // would cross the cap: the path is not our file any more
    ours.close();
    expect(read(`${path}.1`)).toBe(line(1) + line(2) + line(3));
    expect(read(path)).toBe(line(50) + line(4));
    expect(existsSync(`${path}.2`)).toBe(false);
  });

  it('drops a line it cannot write and never throws', () => {
    const blocked = new RotatingFile(join(dir, 'missing', '\0bad', 'app.log'));
    expect(() => blocked.write(line(1))).not.toThrow();
  });

  it('starts a new file, folder included, when its file was removed under it', () => {
    const file = new RotatingFile(path, { maxBytes: 30 });
    file.write(line(1));
    file.write(line(2));
    rmSync(join(dir, 'logs'), { recursive: true, force: true });
    file.write(line(3)); // into the removed file, still open
    file.write(line(4)); // crosses the cap: the path holds nothing of ours, so it starts afresh
    file.close();
    expect(read(path)).toBe(line(4));
  });
});
