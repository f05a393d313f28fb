import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { DEFAULT_MAX_FILES, rotatedFile } from './log-files.js';

/**
 * Reads a rotating log the way `driveshare-graph logs` shows it: the last lines across the current
 * file and the ones rotated before it, then every line appended afterwards, across rotations.
 */

const CHUNK_BYTES = 64 * 1024;
const NEWLINE = 0x0a;

/** Where reading the current file stopped, so following continues there without a gap. */
export interface ReadPosition {
  inode: number;
  offset: number;
}

export interface LastLines {
  lines: string[];
  /** The current file's identity and end when it was read; null when there is no file yet. */
  position: ReadPosition | null;
}

function tryOpen(path: string): number | null {
  try {
    return openSync(path, 'r');
  } catch {
    return null;
  }
}

function countNewlines(buffers: Buffer[]): number {
  let count = 0;
  for (const buffer of buffers) for (const byte of buffer) if (byte === NEWLINE) count++;
  return count;
}

/** The last `count` complete lines before `end`, reading backwards a chunk at a time. */
function lastLinesOf(fd: number, end: number, count: number): string[] {
  const buffers: Buffer[] = [];
  let start = end;
  // One newline more than lines wanted: the line before the first one kept is then complete too.
  while (start > 0 && countNewlines(buffers) <= count) {
    const length = Math.min(CHUNK_BYTES, start);
    start -= length;
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, start);
    buffers.unshift(buffer);
  }
  const lines = Buffer.concat(buffers).toString('utf8').split('\n');
  lines.pop();
  if (start > 0) lines.shift();
  return lines.slice(Math.max(0, lines.length - count));
}

function linesOfFile(path: string, count: number): { lines: string[]; position: ReadPosition | null } {
  const fd = tryOpen(path);
  if (fd === null) return { lines: [], position: null };
  try {
    const stats = fstatSync(fd);
    return { lines: count > 0 ? lastLinesOf(fd, stats.size, count) : [], position: { inode: stats.ino, offset: stats.size } };
  } finally {
    closeSync(fd);
  }
}

/** The last `count` lines of the log at `path`, taking older lines from `path.1`, `path.2`, … as needed. */
export function readLastLines(path: string, count: number, maxFiles: number = DEFAULT_MAX_FILES): LastLines {
  const current = linesOfFile(path, count);
  const lines = current.lines;
  for (let generation = 1; generation < maxFiles && lines.length < count; generation++) {
    lines.unshift(...linesOfFile(rotatedFile(path, generation), count - lines.length).lines);
  }
  return { lines, position: current.position };
}

export interface FollowOptions {
  /** Continue from here (what `readLastLines` returned); null: from the start of the first file seen. */
  from: ReadPosition | null;
  signal: AbortSignal;
  /** How often the file is checked for new lines and rotation; default 200 ms. */
  intervalMs?: number;
}

function inodeOf(path: string): number | null {
  try {
    return statSync(path).ino;
  } catch {
    return null;
  }
}

/**
 * Follows one log file: reads what the open file gained, and when the path names another file
 * (rotated), finishes the old one and continues at the new one's start.
 */
class LogFollower {
  private fd: number | null = null;
  private offset = 0;
  private partial = '';
  private decoder = new StringDecoder('utf8');

  constructor(
    private readonly path: string,
    private readonly onLine: (line: string) => void,
    from: ReadPosition | null,
  ) {
    const fd = tryOpen(path);
    if (fd === null) return;
    this.fd = fd;
    this.offset = from !== null && from.inode === fstatSync(fd).ino ? from.offset : 0;
  }

  poll(): void {
    if (this.fd === null) {
      this.fd = tryOpen(this.path);
      this.offset = 0;
    }
    if (this.fd === null) return;
    this.drain(this.fd);
    const inode = inodeOf(this.path);
    if (inode !== null && inode !== fstatSync(this.fd).ino) {
      this.close();
      this.poll();
    }
  }

  /** Releases the file; a last line without its newline is passed on rather than glued to the next file's first. */
  close(): void {
    if (this.fd !== null) {
      try {
        closeSync(this.fd);
      } catch {
        // Already gone with its file: nothing left to release.
      }
    }
    this.fd = null;
    const rest = this.partial + this.decoder.end();
    this.partial = '';
    this.decoder = new StringDecoder('utf8');
    if (rest !== '') this.onLine(rest);
  }

  private drain(fd: number): void {
    const size = fstatSync(fd).size;
    if (size < this.offset) this.offset = 0;
    while (this.offset < size) {
      const buffer = Buffer.alloc(Math.min(CHUNK_BYTES, size - this.offset));
      const read = readSync(fd, buffer, 0, buffer.length, this.offset);
      if (read === 0) break;
      this.offset += read;
      this.emit(buffer.subarray(0, read));
    }
  }

  private emit(chunk: Buffer): void {
    const lines = (this.partial + this.decoder.write(chunk)).split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) this.onLine(line);
  }
}

/** Calls `onLine` for every line appended to the log until `signal` aborts (then resolves). */
export function followLog(path: string, onLine: (line: string) => void, options: FollowOptions): Promise<void> {
  const follower = new LogFollower(path, onLine, options.from);
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      try {
        follower.poll();
      } catch {
        // The file vanished mid-read (removed, rotated twice): start over at whatever the path holds next.
        follower.close();
      }
    }, options.intervalMs ?? 200);
    const stop = (): void => {
      clearInterval(timer);
      follower.close();
      resolve();
    };
    if (options.signal.aborted) stop();
    else options.signal.addEventListener('abort', stop, { once: true });
  });
}
