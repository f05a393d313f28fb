import type { AddressDetail, AddressListItem, AddressListQuery, AddressScope } from '../../shared/model/address.js';
import { RANKED_MIN_OBSERVED_MS, SUMMARY_WINDOW_DAYS } from '../../shared/defaults.js';
import { IMPORTED_HISTORY_VERSION_KEY } from '../store/sqlite/meta-keys.js';
import { dayOf, round2, uptimePercent } from '../../shared/formulas.js';
import type { SqliteDatabase } from '../store/sqlite/open-database.js';
import { addressId, addressSummary, assertAddress } from './address-summary.js';
import { farmerView, isOnlineNow, type FarmerView } from './farmer-view.js';
import { statementsPerConnection } from './statements.js';
import { ACTIVE_WINDOW_MS } from './uptime-stats.js';

const statements = statementsPerConnection((db) => ({
  addressText: db.prepare<[number], string>('SELECT address FROM addresses WHERE id = ?').pluck(),
  importVersion: db.prepare<[string], string>('SELECT value FROM meta WHERE key = ?').pluck(),
  addressesAfter: db.prepare<[number], [number, string]>('SELECT id, address FROM addresses WHERE id > ? ORDER BY id').raw(),
  // The newest summarised day up to yesterday; computed rows come last so they win over imported ones.
  newestDayPoints: db
    .prepare<{ yesterday: number }, [number, number]>(
      `WITH newest AS (SELECT MAX(day) AS day FROM (
         SELECT MAX(day) AS day FROM agg_daily_summaries WHERE day <= @yesterday
         UNION ALL SELECT MAX(day) FROM imported_summaries WHERE day <= @yesterday))
       SELECT address_id, points FROM imported_summaries WHERE day = (SELECT day FROM newest)
       UNION ALL
       SELECT address_id, points FROM agg_daily_summaries WHERE day = (SELECT day FROM newest)`,
    )
    .raw(),
}));

const addressText = (db: SqliteDatabase, id: number): string | null => statements(db).addressText.get(id) ?? null;

/** One address: first/last seen, uptime, current height and payout, online now, and `days` of summaries. */
export function addressDetail(db: SqliteDatabase, address: string, days: number = SUMMARY_WINDOW_DAYS): AddressDetail {
  assertAddress(address);
  const summary = addressSummary(db, address, days);
  const view = farmerView(db);
  const id = addressId(db, address);
  const known = id !== null && id < view.size && view.known[id] === 1;
  if (!known) {
    return {
      address, known: false, firstSeen: null, lastSeen: null, uptimeSeconds: null, uptimePercent: null,
      height: null, payoutAddress: null, onlineNow: false, asOf: view.referenceTime, summary,
    };
  }
  const scraped = id < view.state.size && view.state.lastSeq[id]! > 0;
  const percent = uptimePercent(view.uptime[id]!, view.first[id]!, view.last[id]!);
  return {
    address,
    known: true,
    firstSeen: view.first[id]!,
    lastSeen: view.last[id]!,
    uptimeSeconds: view.uptime[id]! / 1000,
    uptimePercent: percent === null ? null : round2(percent),
    height: scraped ? view.state.height[id]! : null,
    payoutAddress: scraped ? addressText(db, view.state.payout[id]!) : null,
    onlineNow: isOnlineNow(view, id),
    asOf: view.referenceTime,
    summary,
  };
}

interface ListCache {
  /** The address dictionary is append-only: keep it and read only ids above the highest seen. */
  addresses: Map<number, string>;
  highestId: number;
  /** Newest-day points change only when the day, a rebuild or an import changes them. */
  pointsKey: string;
  points: Map<number, number>;
}
const listCache = new WeakMap<SqliteDatabase, ListCache>();

/**
 * Known addresses for a "top farmers" table and autocomplete: optionally those starting with `q`,
 * sorted by points of the newest summarised day, current height or uptime %, best first.
 */
export function addressList(db: SqliteDatabase, query: AddressListQuery = {}): AddressListItem[] {
  const view = farmerView(db);
  const { addresses, points } = listData(db, view);
  const prefix = query.q ?? '';
  const sort = query.sort ?? 'points';
  const limit = query.limit ?? 50;
  const height = (id: number): number | null => (id < view.state.size && view.state.lastSeq[id]! > 0 ? view.state.height[id]! : null);
  const percentOf = (id: number): number | null => {
    const percent = uptimePercent(view.uptime[id]!, view.first[id]!, view.last[id]!);
    return percent === null ? null : round2(percent);
  };
  const keyOf = (id: number): number =>
    sort === 'points' ? (points.get(id) ?? 0) : sort === 'height' ? (height(id) ?? -1) : (percentOf(id) ?? -1);
  // Only the best `limit` of ~25,000 addresses are answered: keep them in a heap instead of building
  // and sorting an item for every address (16 ms -> a few ms on the bench store).
  const best = new BestOf<Candidate>(limit, (a, b) => b.key - a.key || (a.address < b.address ? -1 : 1));
  const included = scopeFilter(view, query.scope ?? 'all');
  for (const [id, address] of addresses) {
    if (id >= view.size || view.known[id] !== 1 || !address.startsWith(prefix) || !included(id)) continue;
    best.offer({ id, address, key: keyOf(id) });
  }
  return best.sorted().map(({ id, address }) => ({
    address,
    height: height(id),
    uptimePercent: percentOf(id),
    points: points.get(id) ?? 0,
    lastSeen: view.last[id]!,
    onlineNow: isOnlineNow(view, id),
  }));
}

/** Whether an address takes part in a ranking of `scope` (see AddressScopeSchema). */
function scopeFilter(view: FarmerView, scope: AddressScope): (id: number) => boolean {
  if (scope === 'all') return () => true;
  const reference = view.referenceTime;
  if (reference === null) return () => false;
  const since = reference - ACTIVE_WINDOW_MS;
  return (id) => view.last[id]! >= since && view.last[id]! - view.first[id]! >= RANKED_MIN_OBSERVED_MS;
}

interface Candidate {
  id: number;
  address: string;
  key: number;
}

/** The `size` first items in `order` among those offered: a binary heap with the worst kept at its root. */
class BestOf<Item> {
  readonly #heap: Item[] = [];
  constructor(
    private readonly size: number,
    /** Negative when `a` comes before `b`. */
    private readonly order: (a: Item, b: Item) => number,
  ) {}

  offer(item: Item): void {
    const heap = this.#heap;
    if (heap.length < this.size) {
      heap.push(item);
      this.#siftUp(heap.length - 1);
    } else if (this.size > 0 && this.order(item, heap[0]!) < 0) {
      heap[0] = item;
      this.#siftDown(0);
    }
  }

  sorted(): Item[] {
    return [...this.#heap].sort(this.order);
  }

  /** The root holds the item that comes last in `order`. */
  #worse(i: number, j: number): boolean {
    return this.order(this.#heap[i]!, this.#heap[j]!) > 0;
  }

  #swap(i: number, j: number): void {
    const heap = this.#heap;
    [heap[i], heap[j]] = [heap[j]!, heap[i]!];
  }

  #siftUp(index: number): void {
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!this.#worse(index, parent)) return;
      this.#swap(index, parent);
      index = parent;
    }
  }

  #siftDown(index: number): void {
    const length = this.#heap.length;
    for (;;) {
      const left = 2 * index + 1;
      const right = left + 1;
      let worst = index;
      if (left < length && this.#worse(left, worst)) worst = left;
      if (right < length && this.#worse(right, worst)) worst = right;
      if (worst === index) return;
      this.#swap(index, worst);
      index = worst;
    }
  }
}

function listData(db: SqliteDatabase, view: FarmerView): ListCache {
  let cache = listCache.get(db);
  if (cache === undefined) {
    cache = { addresses: new Map(), highestId: 0, pointsKey: '', points: new Map() };
    listCache.set(db, cache);
  }
  const kept = statements(db);
  for (const [id, address] of kept.addressesAfter.iterate(cache.highestId)) {
    cache.addresses.set(id, address);
    cache.highestId = id;
  }
  const yesterday = view.referenceTime === null ? null : dayOf(view.referenceTime) - 1;
  const pointsKey = `${yesterday}|${view.header.generation}|${kept.importVersion.get(IMPORTED_HISTORY_VERSION_KEY) ?? null}`;
  if (cache.pointsKey === pointsKey) return cache;
  cache.points = new Map();
  cache.pointsKey = pointsKey;
  if (yesterday !== null) {
    const rows = kept.newestDayPoints.all({ yesterday });
    for (const [id, value] of rows) cache.points.set(id, value);
  }
  return cache;
}
