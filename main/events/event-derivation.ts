import { MS_PER_HOUR } from '../../shared/defaults.js';
import type { NodeEvent } from '../../shared/model/node-events.js';
import type { EventRules } from '../../shared/model/settings.js';
import type { RawScrape } from '../store/raw-store.js';
import { emptyCollectorState, foldCollectorAttempt, type CollectorAttempt, type CollectorState } from './collector-rules.js';
import { advanceWindow, emptyNodeState, emptyWindow, foldNodeSnapshot, indexOfId, type AddressOf, type SnapshotWindow, type WatchedNode } from './node-rules.js';

/** The scrape log of this machine's collector: `scrapes` with the SQLite raw store, `remote_scrape_log` with MongoDB. */
export type CollectorLogTable = 'scrapes' | 'remote_scrape_log';

/** One attempt read from the scrape log, with where it came from. */
export interface LoggedAttempt extends CollectorAttempt {
  table: CollectorLogTable;
  id: number;
}

/** Everything about the derivation that is not per node; stored as JSON in event_state. */
export interface DerivationHeader {
  format: 1;
  rules: EventRules;
  window: SnapshotWindow;
  collector: CollectorState;
  /** The newest scrape-log row read, per log table. */
  logMarks: Record<CollectorLogTable, number>;
  /** Log rows up to these ids were there before the events existed: derived, never announced. */
  logSilentThrough: Record<CollectorLogTable, number>;
  /**
   * The newest record time the derivation had folded when it last committed. Node events after
   * it are new and are announced; events at or before it (a rebuild, history imported behind the
   * marker, the backfill of a newly watched address) were either announced already or are past.
   * It survives rebuilds.
   */
  announcedThrough: number | null;
}

/** What a new derivation finds already stored: it derives from that silently. */
export interface StoredBefore {
  foldedThrough: number | null;
  logIds: Record<CollectorLogTable, number>;
}

export const NOTHING_STORED: StoredBefore = { foldedThrough: null, logIds: { scrapes: 0, remote_scrape_log: 0 } };

export const emptyDerivationHeader = (rules: EventRules, before: StoredBefore): DerivationHeader => ({
  format: 1,
  rules: { ...rules },
  window: emptyWindow(),
  collector: emptyCollectorState(),
  logMarks: { scrapes: 0, remote_scrape_log: 0 },
  logSilentThrough: { ...before.logIds },
  announcedThrough: before.foldedThrough,
});

/** A watched address that has not been derived yet: never listed, nothing to say. */
export function newWatchedNode(address: string): WatchedNode {
  return { address, id: null, state: emptyNodeState(), dirty: true };
}

/** What one commit must write. */
export interface DerivedBatch {
  events: NodeEvent[];
  /** The part of `events` that is new (handed to the alert hook). */
  announce: NodeEvent[];
  /** Delete every node-derived event and node row first (a rebuild). */
  reset: boolean;
  nodes: WatchedNode[];
  /** Snapshots per UTC hour, and per watched address the snapshots that missed it, to add to the stored counts. */
  heartbeat: HeartbeatCounts;
}

/** hour start (epoch ms) → snapshots; address → hour start → snapshots that did not list it. */
export interface HeartbeatCounts {
  scrapes: Map<number, number>;
  missed: Map<string, Map<number, number>>;
}

const emptyHeartbeat = (): HeartbeatCounts => ({ scrapes: new Map(), missed: new Map() });

function countMiss(counts: HeartbeatCounts, address: string, hour: number): void {
  let hours = counts.missed.get(address);
  if (hours === undefined) counts.missed.set(address, (hours = new Map()));
  hours.set(hour, (hours.get(hour) ?? 0) + 1);
}

/**
 * The event rules over the fold's records and the scrape log, in memory between commits. The
 * aggregation job folds each record into it right after the aggregates and commits both in one
 * transaction, so the events always match the aggregates' progress marker.
 */
export class EventDerivation {
  private events: NodeEvent[] = [];
  private announce: NodeEvent[] = [];
  private reset = false;
  private heartbeat: HeartbeatCounts = emptyHeartbeat();
  /** The newest record or attempt time folded since the last batch. */
  private latest: number | null = null;

  constructor(
    readonly header: DerivationHeader,
    readonly nodes: Map<string, WatchedNode>,
  ) {}

  /** The same watched addresses, rules, collector state and announcement marker, with node states started over (a rebuild). */
  restart(): EventDerivation {
    const header: DerivationHeader = { ...this.header, window: emptyWindow() };
    const nodes = new Map([...this.nodes.keys()].map((address) => [address, newWatchedNode(address)]));
    const restarted = new EventDerivation(header, nodes);
    restarted.reset = true;
    return restarted;
  }

  foldRecord(record: RawScrape, addressOf: AddressOf): void {
    this.processed(record.time);
    const snapshot = record.snapshot;
    if (snapshot === null) return;
    const window = this.header.window;
    const previousTime = window.lastTime;
    advanceWindow(window, record.time);
    const hour = Math.floor(record.time / MS_PER_HOUR) * MS_PER_HOUR;
    this.heartbeat.scrapes.set(hour, (this.heartbeat.scrapes.get(hour) ?? 0) + 1);
    for (const node of this.nodes.values()) {
      if (node.id === null || indexOfId(snapshot.ids, node.id) < 0) countMiss(this.heartbeat, node.address, hour);
      const events = foldNodeSnapshot(node, snapshot, record.time, previousTime, window, this.header.rules, addressOf);
      if (events.length > 0) this.add(events, record.time);
    }
  }

  foldAttempt(attempt: LoggedAttempt): void {
    const events = foldCollectorAttempt(this.header.collector, attempt, this.header.rules.collectorFailures);
    this.header.logMarks[attempt.table] = attempt.id;
    this.events.push(...events);
    if (attempt.id > this.header.logSilentThrough[attempt.table]) this.announce.push(...events);
  }

  private processed(time: number): void {
    this.latest = this.latest === null ? time : Math.max(this.latest, time);
  }

  private add(events: NodeEvent[], time: number): void {
    this.events.push(...events);
    const through = this.header.announcedThrough;
    if (through === null || time > through) this.announce.push(...events);
  }

  /** The batch to commit; what was folded for it then counts as announced. */
  takeBatch(): DerivedBatch {
    const nodes = [...this.nodes.values()].filter((node) => node.dirty);
    const batch: DerivedBatch = { events: this.events, announce: this.announce, reset: this.reset, nodes, heartbeat: this.heartbeat };
    const latest = this.latest;
    if (latest !== null) this.header.announcedThrough = Math.max(this.header.announcedThrough ?? latest, latest);
    this.latest = null;
    this.events = [];
    this.announce = [];
    this.reset = false;
    this.heartbeat = emptyHeartbeat();
    return batch;
  }
}
