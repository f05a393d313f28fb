import { appendFileSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { followLog, readLastLines } from '../../../main/logging/log-reader.js';

let dir: string;
let path: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'log-reader-'));
  path = join(dir, 'app.log');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const lines = (from: number, to: number): string[] => Array.from({ length: to - from + 1 }, (_, i) => `line ${from + i}`);
const text = (list: string[]): string => list.map((line) => `${line}\n`).join('');

describe('readLastLines', () => {
  it('returns the last lines of the file and where it ends', () => {
    writeFileSync(path, text(lines(1, 10)));
    const last = readLastLines(path, 3);
    expect(last.lines).toEqual(lines(8, 10));
    expect(last.position?.offset).toBe(text(lines(1, 10)).length);
    expect(readLastLines(path, 50).lines).toEqual(lines(1, 10));
    expect(readLastLines(path, 0).lines).toEqual([]);
  });

  it('reads lines longer than its read chunk and files of many chunks', () => {
    const long = 'é'.repeat(100_000);
    writeFileSync(path, text([...lines(1, 20_000), long, 'after']));
    expect(readLastLines(path, 2).lines).toEqual([long, 'after']);
    expect(readLastLines(path, 20_002).lines).toHaveLength(20_002);
  });

  it('takes older lines from the rotated files when the current one holds too few', () => {
    writeFileSync(`${path}.2`, text(lines(1, 3)));
    writeFileSync(`${path}.1`, text(lines(4, 6)));
    writeFileSync(path, text(lines(7, 7)));
    expect(readLastLines(path, 5).lines).toEqual(lines(3, 7));
    expect(readLastLines(path, 100).lines).toEqual(lines(1, 7));
  });

  it('says there is no file when there is none', () => {
    expect(readLastLines(path, 10)).toEqual({ lines: [], position: null });
  });
});

describe('followLog', () => {
  it('passes on appended lines, waits for a line to be complete, follows a rotation and stops on abort', async () => {
    writeFileSync(path, text(lines(1, 2)));
    const seen: string[] = [];
    const controller = new AbortController();
    const following = followLog(path, (line) => seen.push(line), { from: readLastLines(path, 2).position, signal: controller.signal, intervalMs: 10 });
    appendFileSync(path, `${text(lines(3, 4))}line 5 is`);
    await expect.poll(() => seen).toEqual(lines(3, 4));
    appendFileSync(path, ' complete\nline 6\n');
    renameSync(path, `${path}.1`);
    writeFileSync(path, text(lines(7, 8)));
    await expect.poll(() => seen).toEqual([...lines(3, 4), 'line 5 is complete', ...lines(6, 8)]);
    controller.abort();
    await following;
    appendFileSync(path, text(['after the stop']));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(seen).not.toContain('after the stop');
  });

  it('waits for a file that does not exist yet and reads it from its start', async () => {
    const seen: string[] = [];
    const controller = new AbortController();
    const following = followLog(path, (line) => seen.push(line), { from: null, signal: controller.signal, intervalMs: 10 });
    await new Promise((resolve) => setTimeout(resolve, 30));
    writeFileSync(path, text(lines(1, 2)));
    await expect.poll(() => seen).toEqual(lines(1, 2));
    controller.abort();
    await following;
  });
});
