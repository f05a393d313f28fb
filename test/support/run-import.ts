import type { ImportTarget } from '../../main/importers/import-context.js';
import { executeImport, planImport, type RunImportOptions } from '../../main/importers/run-import.js';
import type { ImportProgress, ImportRequest } from '../../shared/model/import.js';

/** Plans and runs an import; a request that cannot be planned (no such file, unknown kind) throws an AppError. */
export function runImport(target: ImportTarget, request: ImportRequest, options: RunImportOptions = {}): Promise<ImportProgress> {
  return executeImport(target, planImport(request), options);
}
