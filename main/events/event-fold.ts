import type { EventRules } from '../../shared/model/settings.js';
import type { RawCursor, RawScrape, RawStore } from '../store/raw-store.js';
import type { SqliteDatabase } from '../store/sqlite/open-database.js';
import { backfillNodes } from './event-backfill.js';
import type { CollectorLogTable, EventDerivation } from './event-derivation.js';
import { EventWriter, WatchedIds, loadDerivation, readAttempts, type NewEventsHook } from './event-tables.js';

/** What the events are derived for: the watched addresses and the rules' thresholds (settings). */
export interface EventConfig {
  watched: readonly string[];
  rules: EventRules;
}

/** Scrape-log rows read per call. */
const LOG_READ = 1000;

const sameNodeRules = (a: EventRules, b: EventRules): boolean =>
  a.heightGrowth === b.heightGrowth && a.uptime24hBelowPercent === b.uptime24hBelowPercent;

/**
 * The events side of the aggregation job: it folds each record the job folds, reads this
 * machine's scrape log for the collector rules, and writes its batch inside the job's commit
 * transaction (handing new events to `onNewEvents` there), so the events never run ahead of or
 * behind the aggregates' progress marker.
 */
export class EventFold {
  /** Loaded with the fold (`reload`), before any other use. */
  private derivation: EventDerivation | null = null;
  private readonly writer: EventWriter;
  private readonly ids: WatchedIds;
  private readonly logTable: CollectorLogTable;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly store: RawStore,
    private readonly onNewEvents: NewEventsHook,
  ) {
    this.writer = new EventWriter(db);
    this.ids = new WatchedIds(db);
    this.logTable = store.kind === 'sqlite' ? 'scrapes' : 'remote_scrape_log';
  }

  /** Reads the committed state (again), along with the fold's checkpoint. */
  reload(): void {
    this.ids.forgetResolved();
    this.derivation = loadDerivation(this.db);
  }

  private get current(): EventDerivation {
    if (this.derivation === null) throw new Error('EventFold used before reload()');
    return this.derivation;
  }

  /** A rebuild: node events are derived again from the first record, without being announced. */
  restart(): void {
    this.derivation = this.current.restart();
    this.ids.forgetResolved();
  }

  foldRecords(records: readonly RawScrape[]): void {
    const derivation = this.current;
    this.ids.resolve(derivation.nodes);
    for (const record of records) derivation.foldRecord(record, this.ids.addressOf);
  }

  /** Folds the collector attempts logged since the last call; true when there were any. */
  foldCollectorLog(): boolean {
    const derivation = this.current;
    let any = false;
    for (;;) {
      const attempts = readAttempts(this.db, this.logTable, derivation.header.logMarks[this.logTable], LOG_READ);
      for (const attempt of attempts) derivation.foldAttempt(attempt);
      any ||= attempts.length > 0;
      if (attempts.length < LOG_READ) return any;
    }
  }

  /** Writes the batch; call inside the commit's transaction. */
  write(): void {
    this.writer.write(this.current, this.onNewEvents);
  }

  /**
   * Makes the stored events those of `config`: addresses no longer watched lose theirs, newly
   * watched ones (all of them when a node threshold changed) get theirs derived from the history
   * up to `through`, the fold's committed marker, without announcing any. Call between runs;
   * `signal` stops it without writing anything.
   */
  async configure(config: EventConfig, through: RawCursor | null, signal?: AbortSignal): Promise<void> {
    const derivation = this.current;
    const wanted = new Set(config.watched);
    const rederive = !sameNodeRules(derivation.header.rules, config.rules);
    const removed = [...derivation.nodes.keys()].filter((address) => !wanted.has(address));
    const derive = [...wanted].filter((address) => rederive || !derivation.nodes.has(address));
    const rulesChanged = JSON.stringify(derivation.header.rules) !== JSON.stringify(config.rules);
    if (removed.length === 0 && derive.length === 0 && !rulesChanged) return;
    const backfill = await backfillNodes(this.db, this.store, derive, config.rules, through, signal);
    if (backfill === null) return;
    this.db.transaction(() => {
      this.writer.forget([...removed, ...derive]);
      this.writer.insertEvents(backfill.events);
      this.writer.writeNodes(backfill.nodes.values());
      this.writer.addHeartbeat(backfill.heartbeat, derivation.header.window.lastTime, false);
      this.writer.saveHeader({ ...derivation.header, rules: { ...config.rules } });
    })();
    for (const address of removed) derivation.nodes.delete(address);
    for (const [address, node] of backfill.nodes) derivation.nodes.set(address, node);
    derivation.header.rules = { ...config.rules };
    this.ids.forgetResolved();
  }
}
