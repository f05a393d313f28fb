import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireDataDirLock, LOCK_FILE_NAME } from '../../main/store/data-dir-lock.js';
import { databaseFile, prepareDataDir } from '../../main/store/data-dir.js';
import { openDatabase } from '../../main/store/sqlite/open-database.js';
import { SqliteRawStore } from '../../main/store/sqlite/sqlite-raw-store.js';
import { canMountTmpfs } from '../support/tmpfs.js';

const dirs: string[] = [];
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'dsg-folder-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const escaped = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe.runIf(process.platform === 'linux')('a lock naming a live process that is not this app', () => {
  it('is taken over when the pid is 1 (init)', () => {
    const dir = tempDir();
    writeFileSync(join(dir, LOCK_FILE_NAME), '1\n');
    const lock = acquireDataDirLock(dir);
    expect(readFileSync(lock.file, 'utf8').trim()).toBe(String(process.pid));
    lock.release();
  });

  it('is taken over when the pid runs another program, and obeyed when it may be this app', () => {
    const dir = tempDir();
    const sleeper = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      writeFileSync(join(dir, LOCK_FILE_NAME), `${sleeper.pid}\n`);
      acquireDataDirLock(dir).release();
    } finally {
      sleeper.kill('SIGKILL');
    }
    const instance = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    try {
      writeFileSync(join(dir, LOCK_FILE_NAME), `${instance.pid}\n`);
      expect(() => acquireDataDirLock(dir)).toThrow(new RegExp(`pid ${instance.pid}\\)`));
    } finally {
      instance.kill('SIGKILL');
    }
  });
});

describe('a lock that is a folder', () => {
  it('is refused with a message naming it and the fix, not a raw EISDIR', () => {
    const dir = tempDir();
    mkdirSync(join(dir, LOCK_FILE_NAME));
    const attempt = (): unknown => acquireDataDirLock(dir);
    expect(attempt).toThrow(new RegExp(`${escaped(join(dir, LOCK_FILE_NAME))} is a folder, not a lock file: remove it`));
    expect(attempt).not.toThrow(/EISDIR/);
    expect(existsSync(join(dir, LOCK_FILE_NAME))).toBe(true);
  });
});

const mountable = canMountTmpfs();
if (!mountable) console.warn('skipping the read-only data folder test: this machine cannot mount a read-only tmpfs');

describe.runIf(mountable)('a read-only data folder (a read-only tmpfs)', () => {
  it('names the folder and the fix for the lock and the store, and loses nothing stored', async () => {
    const dir = tempDir();
    const data = join(dir, 'data');
    mkdirSync(data);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', data]);
    try {
      const db = openDatabase(databaseFile(data));
      await new SqliteRawStore(db).recordFailure({ time: Date.now(), durationMs: 1, errorCode: 'timeout', errorMessage: 'stored before' });
      db.close();
      execFileSync('mount', ['-o', 'remount,ro', data]);
      const fix = new RegExp(`data folder ${escaped(data)} is read-only or not writable by this user \\((EROFS|SQLITE_[A-Z_]+)\\)\\. Make it writable`);
      expect(() => acquireDataDirLock(data)).toThrow(fix);
      expect(() => openDatabase(databaseFile(data))).toThrow(fix);
      expect(() => prepareDataDir(join(data, 'inner'))).toThrow(new RegExp(`cannot write the data folder ${escaped(join(data, 'inner'))}: the data folder ${escaped(data)} is read-only or not writable by this user \\(EROFS\\)`));
      // Made writable again, the folder holds everything stored before.
      execFileSync('mount', ['-o', 'remount,rw', data]);
      const reopened = openDatabase(databaseFile(data));
      expect(reopened.prepare('SELECT COUNT(*) AS n FROM scrapes').get()).toEqual({ n: 1 });
      reopened.close();
    } finally {
      // Lazy, so a handle a failed assertion left open cannot keep the mount (and the folder) busy.
      execFileSync('umount', ['-l', data]);
    }
  });
});
