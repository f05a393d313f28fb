import { describeError } from '../../shared/errors.js';

/** Ends a command with its error as one readable line (no stack trace for expected failures). */
export async function reportErrors(action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (error) {
    console.error(`error: ${describeError(error)}`);
    process.exitCode = 1;
  }
}
