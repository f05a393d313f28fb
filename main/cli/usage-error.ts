import type { Command, CommanderError } from 'commander';

/**
 * Exit status of bad usage (an unknown option, a value a parser refused), as POSIX utilities use:
 * commander's own default, 1, is also what a failed run returns, so a script could not tell them apart.
 */
export const USAGE_EXIT_CODE = 2;

/** The status to exit with after commander stopped: 0 for help and version, 2 for any usage error. */
export function exitCodeOf(error: CommanderError): number {
  return error.exitCode === 0 ? 0 : USAGE_EXIT_CODE;
}

/** Stops a command over options that parse one by one but not together, the way commander stops over one. */
export function usageError(command: Command, message: string): never {
  command.error(`error: ${message}`, { exitCode: USAGE_EXIT_CODE, code: 'commander.invalidArgument' });
}
