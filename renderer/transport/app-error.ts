import { AppError, isErrorEnvelope } from '../../shared/errors.js';
import { isErrorCode } from '../../shared/preload-api.js';

/** A code from another process may be newer than this build; unknown codes degrade to `internal`. */
export function appErrorFrom(code: string, message: string): AppError {
  return new AppError(isErrorCode(code) ? code : 'internal', message);
}

/** Rebuilds the error an HTTP response carries: the envelope when there is one, the status otherwise. */
export function appErrorFromResponse(status: number, body: unknown): AppError {
  if (isErrorEnvelope(body)) return appErrorFrom(body.error.code, body.error.message);
  if (status === 404) return new AppError('not_found', `the local API has no such route (HTTP ${status})`);
  if (status === 403) return new AppError('forbidden', `the local API refused the request (HTTP ${status})`);
  if (status >= 500) return new AppError('internal', `the local API failed (HTTP ${status})`);
  return new AppError('bad_request', `the local API rejected the request (HTTP ${status})`);
}
