import { basename } from 'node:path';
import { Compile } from 'typebox/compile';
import { AppError, describeError } from '../../shared/errors.js';
import { ImportRequestSchema, type ImportProgress, type ImportRequest } from '../../shared/model/import.js';
import { detectSource, type ImportStep } from './detect-source.js';
import type { ImportTarget, StepContext } from './import-context.js';
import { ImportState } from './import-state.js';
import { redactMongoUri } from '../store/mongodb/mongo-uri.js';
import type { MongoSource } from './mongodb-import.js';
import { importNetworkDb } from './network-db-import.js';
import { ProgressTracker, type ProgressListener } from './progress-tracker.js';
import { importSummaryDb } from './summary-db-import.js';

const importRequest = Compile(ImportRequestSchema);

export interface ImportPlan {
  /** For people: the path or the URI without its password. */
  source: string;
  steps: Array<ImportStep | { kind: 'mongodb'; source: MongoSource }>;
}

export interface RunImportOptions {
  onProgress?: ProgressListener;
  signal?: AbortSignal;
  /** Ignore saved progress and read every source from its start. */
  restart?: boolean;
}

/** Decides what an import request means before anything runs: a bad request fails here, at once. */
export function planImport(request: ImportRequest): ImportPlan {
  if (!importRequest.Check(request)) {
    const first = [...importRequest.Errors(request)][0];
    throw new AppError('bad_request', `invalid import request${first ? `: ${first.instancePath || '/'} ${first.message}` : ''}`);
  }
  if (request.kind === 'mongodb') {
    return { source: redactMongoUri(request.uri), steps: [{ kind: 'mongodb', source: request }] };
  }
  try {
    return { source: request.path, steps: detectSource(request.path) };
  } catch (error) {
    if (error instanceof AppError) throw error;
    // Unreadable files (permissions, a damaged SQLite file): say which and why, not "internal error".
    throw new AppError('bad_request', `${request.path}: cannot read it: ${describeError(error)}`);
  }
}

function runStep(step: ImportPlan['steps'][number], context: StepContext): Promise<void> {
  switch (step.kind) {
    case 'bson':
      // bson, like the MongoDB driver below, is loaded by the import that reads it, not by every engine start.
      return import('./bson-import.js').then(({ importBsonFile }) => importBsonFile(step.file, context));
    case 'network-db':
      return importNetworkDb(step.file, context);
    case 'summary-db':
      return importSummaryDb(step.file, context);
    case 'mongodb':
      return import('./mongodb-import.js').then(({ importMongoDatabase }) => importMongoDatabase(step.source, context));
  }
}

function describeStep(step: ImportPlan['steps'][number]): string {
  return step.kind === 'mongodb' ? redactMongoUri(step.source.uri) : basename(step.file);
}

/**
 * Runs a planned import to the end, cancellation or failure, reporting `ImportProgress` as it goes,
 * and returns the final progress (it does not throw: a failure is a state with its reason). Records
 * written before a cancellation or failure stay, and the next run of the same source continues.
 */
export async function executeImport(target: ImportTarget, plan: ImportPlan, options: RunImportOptions = {}): Promise<ImportProgress> {
  const tracker = new ProgressTracker(plan.source, options.onProgress);
  const state = new ImportState(target.db);
  const context: StepContext = { target, state, tracker, signal: options.signal, restart: options.restart ?? false };
  tracker.begin();
  let failure: string | null = null;
  for (const step of plan.steps) {
    if (options.signal?.aborted) break;
    try {
      await runStep(step, context);
    } catch (error) {
      // A cancelled step fails with whatever its interrupted wait threw; it ends as cancelled, not failed.
      if (options.signal?.aborted) break;
      failure = `${describeStep(step)}: ${describeError(error)}`;
      break;
    }
  }
  // Counted per committed batch, so a failed or cancelled import that stored something also says so.
  if (tracker.progress.imported > 0) state.bumpImportedHistoryVersion();
  if (failure !== null) return tracker.fail(failure);
  return tracker.finish(options.signal?.aborted ? 'cancelled' : 'done');
}
