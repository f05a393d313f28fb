import { MongoClient, type ClientSession, type Collection, type Db } from 'mongodb';
import { AppError, describeError } from '../../../shared/errors.js';
import type {
  AppendResult,
  FailedScrape,
  NewScrape,
  RawCursor,
  RawScrape,
  RawStore,
  RawStoreCounts,
} from '../raw-store.js';
import { toSnapshotColumns } from '../snapshot-columns.js';
import { AddressDictionary } from '../sqlite/address-dictionary.js';
import type { SqliteDatabase } from '../sqlite/open-database.js';
import { readRowCounts } from '../sqlite/row-counts.js';
import { retentionFloor } from '../sqlite/replay-floor.js';
import { farmersDocumentOf, keyOfId, totalStorageDocumentOf, type StoredDocument } from './mongo-documents.js';
import { OriginalDocumentConverter, type FarmerListValidator } from './original-documents.js';
import { countRecords, earliestInsertedSince } from './mongo-history-queries.js';
import { readRecordsAfter, type PairedRecord } from './mongo-read.js';
import { boundedTimeouts, closeOnAbort, databaseInUri, redactMongoUri } from './mongo-uri.js';
import { insertManySkippingDuplicates, isDuplicateKey } from './mongo-write.js';
import { failedScrapeLogRow, storedScrapeLogRow } from '../scrape-log-row.js';

export const DEFAULT_STORE_DATABASE = 'GroupB';
/** `counts()` scans both collections; status views ask often, other writers' records may show this late. */
const COUNTS_TTL_MS = 10_000;
/** How often a desktop looks for scrapes other collectors wrote to the shared database. */
export const FOLLOW_INTERVAL_MS = 15_000;

export interface MongoRawStoreOptions {
  uri: string;
  /** Database name; default: the one named in the URI, else `GroupB` (the original's). */
  database?: string;
  farmersCollection?: string;
  totalsCollection?: string;
  /** How long to look for a server before giving up (default: the URI's, bounded; see `boundedTimeouts`). */
  serverSelectionTimeoutMs?: number;
  /** Checks the farmer lists read back, since any writer of the shared database may be wrong. */
  farmerValidator: FarmerListValidator;
  /** Aborting stops connecting at once (the first Ctrl-C of a command). */
  signal?: AbortSignal;
}

/**
 * Raw scrapes in MongoDB, in the original's collections and shapes, so many collectors and
 * desktops share one history (on a replica set; docs/data-model.md, "Sharing raw history in
 * MongoDB"). Addresses are mapped to this desktop's own SQLite address dictionary when read, and
 * this machine's scrape log stays in its local SQLite database (`remote_scrape_log`). The local
 * database belongs to the caller: `close` closes the MongoDB connection only.
 */
export class MongoRawStore implements RawStore {
  readonly kind = 'mongodb' as const;
  private readonly converter: OriginalDocumentConverter;
  private readonly logInsert;
  private countsCache: { at: number; counts: RawStoreCounts } | null = null;

  private constructor(
    private readonly client: MongoClient,
    private readonly mongo: Db,
    private readonly farmers: Collection<StoredDocument>,
    private readonly totals: Collection<StoredDocument>,
    private readonly supportsTransactions: boolean,
    readonly db: SqliteDatabase,
    readonly addresses: AddressDictionary,
    farmerValidator: FarmerListValidator,
  ) {
    this.converter = new OriginalDocumentConverter(farmerValidator);
    this.logInsert = db.prepare(`
      INSERT INTO remote_scrape_log (time, ok, duration_ms, farmers, rejected, duplicates, rejections, error_code, error_message, total_tb, total_farmers)
      VALUES (@time, @ok, @durationMs, @farmers, @rejected, @duplicates, @rejections, @errorCode, @errorMessage, @totalTB, @totalFarmers)`);
  }

  /**
   * Connects, creates the time indexes (and the unique index on imported records' source keys)
   * and learns whether the deployment can run transactions (replica sets and sharded clusters).
   * `addresses` must be the dictionary every other writer of `db` in this process uses.
   */
  static async connect(options: MongoRawStoreOptions, db: SqliteDatabase, addresses = new AddressDictionary(db)): Promise<MongoRawStore> {
    const timeouts = boundedTimeouts(options.uri);
    const client = new MongoClient(options.uri, {
      ...timeouts,
      serverSelectionTimeoutMS: options.serverSelectionTimeoutMs ?? timeouts.serverSelectionTimeoutMS,
      appName: 'driveshare-graph',
    });
    const stopClosing = closeOnAbort(client, options.signal);
    try {
      await client.connect();
      const mongo = client.db(options.database ?? databaseInUri(options.uri) ?? DEFAULT_STORE_DATABASE);
      const farmers = mongo.collection<StoredDocument>(options.farmersCollection ?? 'farmers');
      const totals = mongo.collection<StoredDocument>(options.totalsCollection ?? 'totalStorage');
      for (const collection of [farmers, totals]) {
        await collection.createIndexes([
          { key: { time: 1, _id: 1 }, name: 'time_id' },
          { key: { source_key: 1 }, name: 'source_key', unique: true, partialFilterExpression: { source_key: { $type: 'string' } } },
        ]);
      }
      const hello = await mongo.admin().command({ hello: 1 });
      const supportsTransactions = typeof hello.setName === 'string' || hello.msg === 'isdbgrid';
      return new MongoRawStore(client, mongo, farmers, totals, supportsTransactions, db, addresses, options.farmerValidator);
    } catch (error) {
      await client.close().catch(() => undefined);
      if (options.signal?.aborted) throw new AppError('cancelled', `cancelled while connecting to the MongoDB raw store ${redactMongoUri(options.uri)}`);
      throw new AppError('unavailable', `MongoDB raw store ${redactMongoUri(options.uri)}: ${describeError(error)}`);
    } finally {
      stopClosing();
    }
  }

  async appendScrape(scrape: NewScrape): Promise<AppendResult> {
    const farmersDocument = farmersDocumentOf(scrape);
    const totalsDocument = totalStorageDocumentOf(scrape);
    // The original's shapes have no document for a scrape without farmers and totals.
    if (farmersDocument === null && totalsDocument === null) return { inserted: false, cursor: { time: scrape.time, key: '' } };
    // One id for both halves of a scrape: that is how reading pairs them again.
    if (farmersDocument && totalsDocument) totalsDocument._id = farmersDocument._id;
    const key = keyOfId((farmersDocument ?? totalsDocument)!._id);
    const write = async (session?: ClientSession): Promise<void> => {
      if (farmersDocument) await this.farmers.insertOne(farmersDocument, { session });
      if (totalsDocument) await this.totals.insertOne(totalsDocument, { session });
    };
    try {
      if (farmersDocument && totalsDocument && this.supportsTransactions) {
        await this.client.withSession((session) => session.withTransaction(() => write(session)));
      } else if (farmersDocument && totalsDocument) {
        // A standalone server has no transactions: undo the first write if the second fails.
        await this.farmers.insertOne(farmersDocument);
        try {
          await this.totals.insertOne(totalsDocument);
        } catch (error) {
          await this.farmers.deleteOne({ _id: farmersDocument._id });
          throw error;
        }
      } else {
        await write();
      }
    } catch (error) {
      if (isDuplicateKey(error)) return { inserted: false, cursor: { time: scrape.time, key: '' } };
      throw error;
    }
    this.countsCache = null;
    this.learnAddresses([scrape]);
    if (scrape.source === 'collector') this.log(scrape);
    return { inserted: true, cursor: { time: scrape.time, key } };
  }

  /**
   * Imports write one document per record: one unordered insertMany per collection, where a
   * duplicate source key only skips its own record. Records with both documents go one by one.
   */
  async appendScrapes(scrapes: readonly NewScrape[]): Promise<AppendResult[]> {
    const results: Array<AppendResult | null> = scrapes.map(() => null);
    const single: Array<{ index: number; collection: Collection<StoredDocument>; document: StoredDocument; time: number }> = [];
    for (let index = 0; index < scrapes.length; index++) {
      const scrape = scrapes[index]!;
      const farmersDocument = farmersDocumentOf(scrape);
      const totalsDocument = totalStorageDocumentOf(scrape);
      if (farmersDocument && totalsDocument) results[index] = await this.appendScrape(scrape);
      else if (farmersDocument) single.push({ index, collection: this.farmers, document: farmersDocument, time: scrape.time });
      else if (totalsDocument) single.push({ index, collection: this.totals, document: totalsDocument, time: scrape.time });
      else results[index] = { inserted: false, cursor: { time: scrape.time, key: '' } };
    }
    for (const collection of [this.farmers, this.totals]) {
      const batch = single.filter((entry) => entry.collection === collection);
      if (batch.length === 0) continue;
      const duplicates = await insertManySkippingDuplicates(collection, batch.map((entry) => entry.document));
      batch.forEach((entry, position) => {
        results[entry.index] = duplicates.has(position)
          ? { inserted: false, cursor: { time: entry.time, key: '' } }
          : { inserted: true, cursor: { time: entry.time, key: keyOfId(entry.document._id) } };
      });
    }
    // appendScrape logged the two-document records itself.
    const inserted = single.filter(({ index }) => results[index]!.inserted).map(({ index }) => scrapes[index]!);
    this.learnAddresses(inserted);
    for (const scrape of inserted) if (scrape.source === 'collector') this.log(scrape);
    this.countsCache = null;
    return results as AppendResult[];
  }

  async recordFailure(failure: FailedScrape): Promise<void> {
    this.countsCache = null;
    this.logInsert.run(failedScrapeLogRow(failure));
  }

  async readAfter(cursor: RawCursor | null, limit: number): Promise<RawScrape[]> {
    const records = await readRecordsAfter(this.farmers, this.totals, cursor, limit);
    const highWater = this.addresses.highWater;
    try {
      // New addresses (written by other collectors) get local ids in one transaction per page.
      return this.db.transaction(() => records.map((record) => this.toRawScrape(record)))();
    } catch (error) {
      this.addresses.forgetAfter(highWater);
      throw error;
    }
  }

  async earliestInsertedSince(mark: string | null): Promise<{ earliestTime: number | null; mark: string | null }> {
    return earliestInsertedSince(this.farmers, this.totals, mark);
  }

  /**
   * Calls `onNew` whenever new records appear in the shared database (other collectors, other
   * desktops' imports; this desktop's own writes too, which costs one extra fold), checking every
   * `intervalMs` on the _id index. Polling works on every deployment, where change streams would
   * need a replica set. Returns the stopper.
   */
  follow(onNew: () => void, options: { intervalMs?: number; onError?: (error: unknown) => void } = {}): () => Promise<void> {
    let mark: string | null = null;
    let started = false;
    let polling: Promise<void> | null = null;
    const poll = async (): Promise<void> => {
      try {
        const result = await this.earliestInsertedSince(mark);
        // An empty history has no mark: its first records show up as a mark appearing.
        const appeared = started && (result.earliestTime !== null || (mark === null && result.mark !== null));
        mark = result.mark;
        started = true;
        if (appeared) onNew();
      } catch (error) {
        options.onError?.(error);
      }
    };
    const tick = (): void => {
      polling ??= poll().finally(() => {
        polling = null;
      });
    };
    tick();
    const timer = setInterval(tick, options.intervalMs ?? FOLLOW_INTERVAL_MS);
    timer.unref();
    return async () => {
      clearInterval(timer);
      await polling;
    };
  }

  /** Keeps the snapshots this machine's aggregation job folds again when it starts (sqlite/replay-floor.ts). */
  async pruneSnapshotsBefore(requested: number): Promise<number> {
    const time = retentionFloor(this.db, requested);
    const { deletedCount } = await this.farmers.deleteMany({ time: { $lt: new Date(time) } });
    this.countsCache = null;
    return deletedCount;
  }

  /** This machine's log is the local `remote_scrape_log`, apart from the shared history: its old rows simply go. */
  async pruneScrapeLogBefore(time: number): Promise<number> {
    const { changes } = this.db.prepare('DELETE FROM remote_scrape_log WHERE time < ?').run(time);
    this.countsCache = null;
    return changes;
  }

  async counts(): Promise<RawStoreCounts> {
    if (this.countsCache !== null && Date.now() - this.countsCache.at < COUNTS_TTL_MS) return this.countsCache.counts;
    const records = await countRecords(this.farmers, this.totals);
    const snapshots = await this.farmers.countDocuments();
    const { remoteFailures, addresses } = readRowCounts(this.db);
    const stats = await this.mongo.command({ dbStats: 1 });
    const sizeBytes = Number(stats.storageSize ?? 0) + Number(stats.indexSize ?? 0);
    const counts = { scrapes: records + remoteFailures, snapshots, addresses, sizeBytes };
    this.countsCache = { at: Date.now(), counts };
    return counts;
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  /**
   * Gives this desktop's dictionary the addresses it writes (as the SQLite store does), so its
   * counts and lookups know them before the jobs read them back. One local transaction per call.
   */
  private learnAddresses(scrapes: readonly NewScrape[]): void {
    const highWater = this.addresses.highWater;
    try {
      this.db.transaction(() => {
        for (const scrape of scrapes) {
          for (const farmer of scrape.farmers ?? []) {
            this.addresses.ensure(farmer.btc_addr);
            if (farmer.payout_addr !== farmer.btc_addr) this.addresses.ensure(farmer.payout_addr);
          }
        }
      })();
    } catch (error) {
      this.addresses.forgetAfter(highWater);
      throw error;
    }
  }

  private log(scrape: NewScrape): void {
    this.logInsert.run(storedScrapeLogRow(scrape));
  }

  /**
   * Documents from a shared database are external data: they are checked like an import (bad
   * farmer entries dropped, a bad document read as absent) so one bad writer cannot stop the jobs.
   */
  private toRawScrape(record: PairedRecord): RawScrape {
    let total: RawScrape['total'] = null;
    let snapshot: RawScrape['snapshot'] = null;
    if (record.totals) {
      const converted = this.converter.convert('totalStorage', record.totals, record.key);
      if (converted.ok) total = converted.scrape.total;
    }
    if (record.farmers) {
      const converted = this.converter.convert('farmers', record.farmers, record.key);
      if (converted.ok && converted.scrape.farmers) snapshot = toSnapshotColumns(converted.scrape.farmers, this.addresses);
    }
    return { cursor: { time: record.time, key: record.key }, time: record.time, total, snapshot };
  }
}
