import Type, { type Static } from 'typebox';
import { EpochMs, Nullable } from './common.js';
import { TimeSpanSchema } from './network.js';

/**
 * What can be imported: a mongodump folder or .bson file(s) of the original's collections, a live
 * MongoDB, or the original's SQLite files. `path` is on the machine that runs the engine.
 */
export const ImportRequestSchema = Type.Union([
  Type.Object({ kind: Type.Literal('path'), path: Type.String({ minLength: 1, maxLength: 4096 }) }),
  Type.Object({
    kind: Type.Literal('mongodb'),
    uri: Type.String({ pattern: '^mongodb(\\+srv)?://', maxLength: 4096 }),
    database: Type.Optional(Type.String({ maxLength: 64 })),
    farmersCollection: Type.Optional(Type.String({ maxLength: 120 })),
    totalsCollection: Type.Optional(Type.String({ maxLength: 120 })),
  }),
]);
export type ImportRequest = Static<typeof ImportRequestSchema>;

export const ImportProgressSchema = Type.Object({
  id: Type.String(),
  state: Type.Union([
    Type.Literal('running'),
    Type.Literal('done'),
    Type.Literal('failed'),
    Type.Literal('cancelled'),
  ]),
  source: Type.String(),
  /** Current step, e.g. "totalStorage.bson" or "network.db farmers". */
  step: Type.String(),
  done: Type.Integer({ description: 'units processed (documents or rows)' }),
  total: Nullable(Type.Integer()),
  /** What `done` and `total` count: BSON files are measured in bytes (their document count is unknown until read). */
  unit: Type.Optional(Type.Union([Type.Literal('documents'), Type.Literal('rows'), Type.Literal('bytes')])),
  imported: Type.Integer({ description: 'records added' }),
  skipped: Type.Integer({ description: 'records already present' }),
  rejected: Type.Integer({ description: 'records that were invalid' }),
  errors: Type.Array(Type.String(), { description: 'what was wrong and where (first few)' }),
  problems: Type.Optional(Type.Integer({ description: 'every problem found; `errors` lists the first 50' })),
  startedAt: EpochMs,
  finishedAt: Nullable(EpochMs),
  /**
   * Earliest and latest scrape time among the records read (added or already present): the
   * stretch of history the import brought. Null until one is read; absent for sources without
   * scrape times (the original's network.db and summary.db).
   */
  range: Type.Optional(Nullable(TimeSpanSchema)),
});
export type ImportProgress = Static<typeof ImportProgressSchema>;
