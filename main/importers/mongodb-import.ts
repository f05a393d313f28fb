import { EJSON, type Document } from 'bson';
import { MongoClient, type Collection, type Filter } from 'mongodb';
import { TURN_BUDGET_MS, ORIGINAL_DATABASE, ORIGINAL_FARMERS_COLLECTION, ORIGINAL_TOTALS_COLLECTION } from '../../shared/defaults.js';
import { AppError, describeError } from '../../shared/errors.js';
import { boundedTimeouts, closeOnAbort, databaseInUri, redactMongoUri } from '../store/mongodb/mongo-uri.js';
import type { StepContext } from './import-context.js';
import { PayloadValidator } from '../collector/validate-payload.js';
import { OriginalDocumentConverter, sourceKeyOf, type OriginalCollection } from '../store/mongodb/original-documents.js';
import { ScrapeBatchWriter } from './scrape-batch-writer.js';
import { NewAddressesAhead, addToBatch } from './new-addresses.js';
import { TurnBudget } from '../scheduling/turn-budget.js';


const CURSOR_BATCH = 1_000;

export interface MongoSource {
  uri: string;
  database?: string | undefined;
  farmersCollection?: string | undefined;
  totalsCollection?: string | undefined;
}

interface MongoMarker {
  lastId: string;
}

function isMongoMarker(value: unknown): value is MongoMarker {
  return typeof value === 'object' && value !== null && typeof (value as { lastId?: unknown }).lastId === 'string';
}

async function connect(client: MongoClient, uri: string, signal: AbortSignal | undefined): Promise<void> {
  try {
    await client.connect();
  } catch (error) {
    if (signal?.aborted) throw new AppError('cancelled', `cancelled while connecting to ${redactMongoUri(uri)}`);
    throw new AppError('unavailable', `cannot reach ${redactMongoUri(uri)}: ${describeError(error)}`);
  }
}

/**
 * Imports the original's live database. Each collection is read with one streaming cursor in
 * `_id` order — the index every collection has, so the server never sorts in memory and the last
 * `_id` written is an exact resume point. The raw store orders records by time itself.
 */
export async function importMongoDatabase(source: MongoSource, context: StepContext): Promise<void> {
  const client = new MongoClient(source.uri, { ...boundedTimeouts(source.uri), appName: 'driveshare-graph import' });
  // Cancelling closes the client, so whatever it waits on (server selection, a batch) fails at once.
  const stopClosing = closeOnAbort(client, context.signal);
  try {
    await connect(client, source.uri, context.signal);
    const db = client.db(source.database ?? databaseInUri(source.uri) ?? ORIGINAL_DATABASE);
    const collections: Array<[OriginalCollection, string]> = [
      ['totalStorage', source.totalsCollection ?? ORIGINAL_TOTALS_COLLECTION],
      ['farmers', source.farmersCollection ?? ORIGINAL_FARMERS_COLLECTION],
    ];
    for (const [kind, name] of collections) {
      if (context.signal?.aborted) break;
      const markerKey = `mongodb:${redactMongoUri(source.uri)}/${db.databaseName}/${name}`;
      await importCollection(db.collection<Document>(name), kind, markerKey, `${db.databaseName}.${name}`, context);
    }
  } finally {
    stopClosing();
    await client.close().catch(() => undefined);
  }
}

async function importCollection(
  collection: Collection<Document>,
  kind: OriginalCollection,
  markerKey: string,
  label: string,
  context: StepContext,
): Promise<void> {
  const { target, state, tracker, signal } = context;
  const saved = context.restart ? null : state.read(markerKey, isMongoMarker);
  const filter: Filter<Document> = saved === null ? {} : { _id: { $gt: EJSON.parse(saved.lastId, { relaxed: false }) } };
  const remaining = await collection.countDocuments(filter);
  tracker.step(label, 'documents', remaining);
  const validator = new PayloadValidator();
  const converter = new OriginalDocumentConverter(validator);
  const writer = new ScrapeBatchWriter(target.store);
  let done = 0;
  let lastId: unknown = null;
  const flush = async (): Promise<void> => {
    const outcome = await writer.flush();
    tracker.count(outcome.inserted, outcome.skipped, outcome.span);
    if (lastId !== null) state.write(markerKey, { lastId: EJSON.stringify(lastId, { relaxed: false }) } satisfies MongoMarker);
    tracker.advance(done);
  };
  const cursor = collection.find(filter).sort({ _id: 1 }).batchSize(CURSOR_BATCH);
  const turn = new TurnBudget(TURN_BUDGET_MS);
  const ahead = new NewAddressesAhead(target);
  try {
    for await (const document of cursor) {
      const where = `${label} _id ${EJSON.stringify(document._id)}`;
      await validator.proveNewAddresses(document.farmers, turn);
      const converted = converter.convert(kind, document, sourceKeyOf(kind, document));
      if (!converted.ok) {
        tracker.reject(`${where}: ${converted.reason}`);
      } else {
        for (const rejection of converted.entryRejections) {
          tracker.problem(`${where}: dropped ${rejection.count} farmer entr${rejection.count === 1 ? 'y' : 'ies'}: ${rejection.reason} (${rejection.examples[0] ?? ''})`);
        }
      }
      done++;
      lastId = document._id;
      if (converted.ok) await addToBatch(converted.scrape, writer, ahead, turn, flush);
      tracker.advance(done);
      // A cursor batch of 1,000 documents is processed without waiting on I/O: turns of its own.
      await turn.yieldWhenSpent();
      if (signal?.aborted) break;
    }
  } finally {
    await cursor.close();
  }
  await flush();
}
