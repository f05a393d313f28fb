import type { LevelWithSilent } from 'pino';

/*
 * The logger's settings as the CLI offers them, apart from the logger itself so that the CLI can
 * list its options without loading pino (logger.ts re-exports them for everyone else).
 */

export type LogLevel = LevelWithSilent;

/** How the console shows log lines: `auto` is `pretty` on a terminal and `json` otherwise. */
export type LogFormat = 'auto' | 'pretty' | 'json';
export const LOG_FORMATS: readonly LogFormat[] = ['auto', 'pretty', 'json'];
export const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/**
 * Defaults for options a caller leaves out, so one setting reaches every logger of a run (and the
 * processes it starts): the CLI's `--log-format` and `--log-level` set them.
 */
export const LOG_FORMAT_VARIABLE = 'DRIVESHARE_LOG_FORMAT';
export const LOG_LEVEL_VARIABLE = 'DRIVESHARE_LOG_LEVEL';
