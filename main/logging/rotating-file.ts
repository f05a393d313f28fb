import { closeSync, fstatSync, mkdirSync, openSync, renameSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { DEFAULT_MAX_FILE_BYTES, DEFAULT_MAX_FILES, rotatedFile } from './log-files.js';

export interface RotatingFileOptions {
  /** Size at which the current file is rotated; default 5 MiB. */
  maxBytes?: number;
  /** Files kept, the current one included (at least 2); default 5 (`name`, `name.1` … `name.4`). */
  maxFiles?: number;
}

/**
 * An append-only log file that never grows past its cap: when the next line would cross it, the
 * file becomes `name.1` (`name.1` becomes `name.2`, …; the oldest is overwritten) and a fresh one
 * starts. Writes are synchronous so the last lines before a crash are on disk.
 *
 * Only the file's one writing process rotates it. Should another process have rotated it anyway
 * (a second CLI command on the same data directory), the renamed file no longer is at the path:
 * this writer then reopens the path instead of rotating again.
 *
 * A logger must never take the program down: a write that fails (disk full, folder removed) is
 * dropped and the file is reopened on the next line.
 */
export class RotatingFile {
  private readonly maxBytes: number;
  private readonly maxFiles: number;
  private fd: number | null = null;
  private size = 0;

  constructor(
    private readonly path: string,
    options: RotatingFileOptions = {},
  ) {
    this.maxBytes = Math.max(1, options.maxBytes ?? DEFAULT_MAX_FILE_BYTES);
    this.maxFiles = Math.max(2, options.maxFiles ?? DEFAULT_MAX_FILES);
  }

  write(line: string): void {
    const bytes = Buffer.byteLength(line);
    try {
      const fd = this.open();
      if (this.size > 0 && this.size + bytes > this.maxBytes) this.rotate(fd);
      writeSync(this.open(), line);
      this.size += bytes;
    } catch {
      this.close();
    }
  }

  close(): void {
    if (this.fd === null) return;
    try {
      closeSync(this.fd);
    } catch {
      // Already closed or gone: nothing left to release.
    }
    this.fd = null;
  }

  private open(): number {
    if (this.fd !== null) return this.fd;
    mkdirSync(dirname(this.path), { recursive: true });
    const fd = openSync(this.path, 'a');
    this.fd = fd;
    this.size = fstatSync(fd).size;
    return fd;
  }

  private rotate(fd: number): void {
    const stillOurs = this.pathInode() === fstatSync(fd).ino;
    this.close();
    if (stillOurs) this.shiftGenerations();
  }

  private pathInode(): number | null {
    try {
      return statSync(this.path).ino;
    } catch {
      return null;
    }
  }

  private shiftGenerations(): void {
    for (let generation = this.maxFiles - 1; generation >= 1; generation--) {
      try {
        renameSync(rotatedFile(this.path, generation - 1), rotatedFile(this.path, generation));
      } catch {
        // A generation that does not exist yet (or cannot be moved) leaves a gap, not a failure.
      }
    }
  }
}
