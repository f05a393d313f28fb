import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireDataDirLock, LOCK_FILE_NAME } from '../../../main/store/data-dir-lock.js';
import { defaultDataDir } from '../../../main/store/data-dir.js';

describe('defaultDataDir', () => {
  it('uses the same per-user folder as Electron userData on each OS', () => {
    expect(defaultDataDir('linux', { XDG_CONFIG_HOME: '/xdg' }, '/home/ann')).toBe('/xdg/driveshare-graph');
    expect(defaultDataDir('linux', {}, '/home/ann')).toBe('/home/ann/.config/driveshare-graph');
    expect(defaultDataDir('darwin', {}, '/Users/ann')).toBe('/Users/ann/Library/Application Support/driveshare-graph');
    expect(defaultDataDir('win32', { APPDATA: 'C:\\Users\\ann\\AppData\\Roaming' }, 'C:\\Users\\ann')).toContain('driveshare-graph');
  });
});

describe('data-dir lock', () => {
  const dirs: string[] = [];
  const tempDir = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'dsg-lock-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a second holder while another live process holds it, naming its pid and the dir', async () => {
    const dir = tempDir();
    // A live process that is not us: a sleeping child whose pid we write as the owner.
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    try {
      writeFileSync(join(dir, LOCK_FILE_NAME), `${child.pid}\n`);
      expect(() => acquireDataDirLock(dir)).toThrow(new RegExp(`pid ${child.pid}\\) is collecting into ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('takes over a lock left by a process that no longer exists', async () => {
    const dir = tempDir();
    const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
    await new Promise((resolve) => child.on('exit', resolve));
    writeFileSync(join(dir, LOCK_FILE_NAME), `${child.pid}\n`);
    const lock = acquireDataDirLock(dir);
    expect(readFileSync(lock.file, 'utf8').trim()).toBe(String(process.pid));
    lock.release();
  });

  it('is free again after release', () => {
    const dir = tempDir();
    acquireDataDirLock(dir).release();
    const again = acquireDataDirLock(dir);
    expect(() => acquireDataDirLock(dir)).toThrow(/already holds the lock/);
    again.release();
  });
});

describe('data-dir lock with an unreadable lock file', () => {
  it('waits for a fresh one (its owner may be writing it) and removes an old one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dsg-lock-empty-'));
    try {
      const file = join(dir, LOCK_FILE_NAME);
      writeFileSync(file, '');
      expect(() => acquireDataDirLock(dir)).toThrow(/taking the lock .* right now/);
      const old = new Date(Date.now() - 60_000);
      utimesSync(file, old, old);
      acquireDataDirLock(dir).release();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
