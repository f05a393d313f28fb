import { AppError, describeError, type ErrorCode } from '../../shared/errors.js';

/** An expected failure with an exit status of its own, so a script can tell it from other failures. */
export class ExitStatusError extends AppError {
  constructor(
    code: ErrorCode,
    message: string,
    readonly exitStatus: number,
  ) {
    super(code, message);
  }
}

/** Ends a command with its error as one readable line (no stack trace for expected failures). */
export async function reportErrors(action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (error) {
    console.error(`error: ${describeError(error)}`);
    process.exitCode = error instanceof ExitStatusError ? error.exitStatus : 1;
  }
}
