import { join } from 'node:path';

/**
 * Where a data directory keeps its log files and how they are named, shared by the writer
 * (rotation) and the reader (`driveshare-graph logs`).
 */

/** The engine's log: CLI commands, headless, and the desktop's engine process. */
export const LOG_FILE_NAME = 'driveshare-graph.log';
/**
 * The desktop's main process writes its own file: two processes rotating one file would rename
 * it under each other, so each file has exactly one writing process.
 */
export const SHELL_LOG_FILE_NAME = 'shell.log';

/** 5 MiB per file and 5 files (the current one and .1 … .4): at most 25 MiB per log. */
export const DEFAULT_MAX_FILE_BYTES = 5 * 1024 * 1024;
export const DEFAULT_MAX_FILES = 5;

/** Where a data directory keeps its log files (an operator attaches them to a bug report). */
export function logsDirectory(dataDir: string): string {
  return join(dataDir, 'logs');
}

/** `name` for the current file, `name.1` for the one before it, and so on. */
export function rotatedFile(path: string, generation: number): string {
  return generation === 0 ? path : `${path}.${generation}`;
}

export function logFilePath(dataDir: string, fileName: string = LOG_FILE_NAME): string {
  return join(logsDirectory(dataDir), fileName);
}
