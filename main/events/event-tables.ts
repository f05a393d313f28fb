import { HEARTBEAT_KEPT_HOURS, MS_PER_HOUR } from '../../shared/defaults.js';
import type { NodeEvent } from '../../shared/model/node-events.js';
import type { SqliteDatabase } from '../store/sqlite/open-database.js';
import { EventDerivation, type CollectorLogTable, type DerivationHeader, type HeartbeatCounts, type LoggedAttempt } from './event-derivation.js';
import type { NodeState, WatchedNode } from './node-rules.js';

/**
 * Receives the events a commit adds that are new (never those of a rebuild or of a backfill),
 * inside the transaction that stores them: whatever it writes with `db` (the alert outbox)
 * commits or rolls back together with the events.
 */
export type NewEventsHook = (db: SqliteDatabase, events: NodeEvent[]) => void;

const DERIVATION = 'derivation';

/**
 * The derivation as committed: its header and the watched nodes it was derived for. Migration 7
 * wrote the first header, with announcement markers at what the store held then, so upgrading a
 * store with history announces nothing of its past.
 */
export function loadDerivation(db: SqliteDatabase): EventDerivation {
  const row = db.prepare<[string], { value: string }>('SELECT value FROM event_state WHERE name = ?').get(DERIVATION);
  if (row === undefined) throw new Error('event_state has no derivation row: the store was not migrated to version 7');
  const header = JSON.parse(row.value) as DerivationHeader;
  const nodes = new Map<string, WatchedNode>();
  for (const { address, state } of db.prepare<[], { address: string; state: string }>('SELECT address, state FROM event_nodes ORDER BY address').iterate()) {
    nodes.set(address, { address, id: null, state: JSON.parse(state) as NodeState, dirty: false });
  }
  return new EventDerivation(header, nodes);
}

/** Writes one derived batch and the derivation's state; call inside the commit's transaction. */
export class EventWriter {
  private readonly insertEvent;
  private readonly upsertNode;
  private readonly saveState;
  private readonly addScrapes;
  private readonly addMisses;
  private readonly pruneHours;
  private readonly pruneMisses;
  /** The last cut made by this writer: the cut moves once an hour, so most commits skip it. */
  private prunedBefore: number | null = null;

  constructor(private readonly db: SqliteDatabase) {
    // Two records of the same millisecond can raise the same event (same id): the first one stands, in every derivation alike.
    this.insertEvent = db.prepare('INSERT OR IGNORE INTO node_events (id, time, kind, address, detail) VALUES (?, ?, ?, ?, ?)');
    this.upsertNode = db.prepare('INSERT OR REPLACE INTO event_nodes (address, state) VALUES (?, ?)');
    this.saveState = db.prepare('INSERT OR REPLACE INTO event_state (name, value) VALUES (?, ?)');
    this.addScrapes = db.prepare('INSERT INTO event_hours (hour, scrapes) VALUES (?, ?) ON CONFLICT (hour) DO UPDATE SET scrapes = scrapes + excluded.scrapes');
    this.addMisses = db.prepare(
      'INSERT INTO event_heartbeat (address, hour, missed) VALUES (?, ?, ?) ON CONFLICT (address, hour) DO UPDATE SET missed = missed + excluded.missed',
    );
    this.pruneHours = db.prepare('DELETE FROM event_hours WHERE hour < ?');
    this.pruneMisses = db.prepare('DELETE FROM event_heartbeat WHERE hour < ?');
  }

  write(derivation: EventDerivation, onNewEvents: NewEventsHook): void {
    const batch = derivation.takeBatch();
    if (batch.reset) {
      this.db.exec('DELETE FROM node_events WHERE address IS NOT NULL');
      this.db.exec('DELETE FROM event_nodes');
      this.db.exec('DELETE FROM event_heartbeat');
      this.db.exec('DELETE FROM event_hours');
      this.prunedBefore = null;
    }
    const stored = this.insertEvents(batch.events);
    this.writeNodes(batch.nodes);
    this.addHeartbeat(batch.heartbeat, derivation.header.window.lastTime, true);
    this.saveHeader(derivation.header);
    const announce = batch.announce.filter((event) => stored.has(event));
    if (announce.length > 0) onNewEvents(this.db, announce);
  }

  writeNodes(nodes: Iterable<WatchedNode>): void {
    for (const node of nodes) {
      this.upsertNode.run(node.address, JSON.stringify(node.state));
      node.dirty = false;
    }
  }

  /**
   * Adds a batch's hour counts (the snapshots per hour only with `withScrapes`: a backfill derives
   * addresses, not hours the fold already counted), then drops the hours more than
   * HEARTBEAT_KEPT_HOURS before the newest snapshot's: the cut only ever moves forward, so what is
   * kept equals a rebuild's.
   */
  addHeartbeat(counts: HeartbeatCounts, newestSnapshot: number | null, withScrapes: boolean): void {
    if (withScrapes) for (const [hour, scrapes] of counts.scrapes) this.addScrapes.run(hour, scrapes);
    for (const [address, hours] of counts.missed) {
      for (const [hour, missed] of hours) this.addMisses.run(address, hour, missed);
    }
    if (newestSnapshot === null) return;
    const cut = Math.floor(newestSnapshot / MS_PER_HOUR) * MS_PER_HOUR - (HEARTBEAT_KEPT_HOURS - 1) * MS_PER_HOUR;
    if (cut === this.prunedBefore && withScrapes) return;
    this.pruneHours.run(cut);
    this.pruneMisses.run(cut);
    this.prunedBefore = cut;
  }

  saveHeader(header: DerivationHeader): void {
    this.saveState.run(DERIVATION, JSON.stringify(header));
  }

  /** Stores the events whose id is not stored yet; returns those it stored. */
  insertEvents(events: readonly NodeEvent[]): Set<NodeEvent> {
    const stored = new Set<NodeEvent>();
    for (const event of events) {
      if (this.insertEvent.run(event.id, event.time, event.kind, event.address, JSON.stringify(event.detail)).changes === 1) stored.add(event);
    }
    return stored;
  }

  /** Forgets addresses no longer watched (or about to be derived again): their events, state and heartbeat. */
  forget(addresses: Iterable<string>): void {
    const deleteEvents = this.db.prepare('DELETE FROM node_events WHERE address = ?');
    const deleteNode = this.db.prepare('DELETE FROM event_nodes WHERE address = ?');
    const deleteHours = this.db.prepare('DELETE FROM event_heartbeat WHERE address = ?');
    for (const address of addresses) {
      deleteEvents.run(address);
      deleteNode.run(address);
      deleteHours.run(address);
    }
  }
}

/**
 * Local address ids of watched addresses, looked up only for addresses the dictionary has added
 * since the last look, and payout ids back to addresses for event details.
 */
export class WatchedIds {
  /** The highest address id looked at; null: look every unresolved node up. */
  private highWater: number | null = null;
  private readonly maxId;
  private readonly newAddresses;
  private readonly idOf;
  private readonly addressOfId;

  constructor(db: SqliteDatabase) {
    this.maxId = db.prepare<[], { id: number | null }>('SELECT MAX(id) AS id FROM addresses');
    this.newAddresses = db.prepare<[number], { id: number; address: string }>('SELECT id, address FROM addresses WHERE id > ?');
    this.idOf = db.prepare<[string], { id: number }>('SELECT id FROM addresses WHERE address = ?');
    this.addressOfId = db.prepare<[number], { address: string }>('SELECT address FROM addresses WHERE id = ?');
  }

  /** Gives every watched node the dictionary knows its id; costs only the addresses added since the last call. */
  resolve(nodes: Map<string, WatchedNode>): void {
    const max = this.maxId.get()?.id ?? 0;
    if (this.highWater === null) {
      for (const node of nodes.values()) if (node.id === null) node.id = this.idOf.get(node.address)?.id ?? null;
    } else if (max > this.highWater) {
      for (const row of this.newAddresses.iterate(this.highWater)) {
        const node = nodes.get(row.address);
        if (node !== undefined && node.id === null) node.id = row.id;
      }
    }
    this.highWater = max;
  }

  /** Nodes were added or reloaded: the next `resolve` looks every unresolved one up. */
  forgetResolved(): void {
    this.highWater = null;
  }

  readonly addressOf = (id: number): string => this.addressOfId.get(id)?.address ?? `#${id}`;
}

/** This machine's scrape-log attempts after the table's marker, oldest first. */
export function readAttempts(db: SqliteDatabase, table: CollectorLogTable, afterId: number, limit: number): LoggedAttempt[] {
  const where = table === 'scrapes' ? "source = 'collector' AND id > ?" : 'id > ?';
  return db
    .prepare<[number, number], { id: number; time: number; ok: number }>(`SELECT id, time, ok FROM ${table} WHERE ${where} ORDER BY id LIMIT ?`)
    .all(afterId, limit)
    .map((row) => ({ table, id: row.id, time: row.time, ok: row.ok === 1 }));
}

/** Those of `events` the store holds: what a hook collected minus what a failed transaction rolled back. */
export function committedEvents(db: SqliteDatabase, events: readonly NodeEvent[]): NodeEvent[] {
  const stored = db.prepare<[string], { id: string }>('SELECT id FROM node_events WHERE id = ?');
  return events.filter((event) => stored.get(event.id) !== undefined);
}
