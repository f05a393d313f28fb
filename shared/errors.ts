/**
 * Errors cross process and HTTP boundaries as `{ error: { code, message } }` and are rebuilt as
 * `AppError`s on the other side. Codes are stable; messages are for people.
 */
export type ErrorCode =
  | 'bad_request'
  | 'invalid_address'
  | 'not_found'
  | 'method_not_allowed'
  | 'forbidden'
  | 'conflict'
  | 'unavailable'
  | 'cancelled'
  | 'internal';

export interface ErrorEnvelope {
  error: { code: ErrorCode; message: string };
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export function isErrorEnvelope(value: unknown): value is ErrorEnvelope {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = (value as { error: unknown }).error;
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string' &&
    typeof (error as { message?: unknown }).message === 'string'
  );
}

/** Never leaks stack traces or paths: anything that is not an AppError becomes a generic internal error. */
export function toErrorEnvelope(error: unknown): ErrorEnvelope {
  if (error instanceof AppError) return { error: { code: error.code, message: error.message } };
  return { error: { code: 'internal', message: 'internal error' } };
}

/** A one-line description of anything thrown, for logs and messages (never a stack trace). */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
