import type { AddressDetail, AddressListItem, AddressListQuery } from '../../shared/model/address.js';
import { SUMMARY_WINDOW_DAYS } from '../../shared/model/address.js';
import { importedHistoryVersion } from '../jobs/aggregate-tables.js';
import { dayOf, round2, uptimePercent } from '../jobs/formulas.js';
import type { SqliteDatabase } from '../store/sqlite/open-database.js';
import { addressId, addressSummary, assertAddress } from './address-summary.js';
import { farmerView, isOnlineNow, type FarmerView } from './farmer-view.js';
import { statementsPerConnection } from './statements.js';

const statements = statementsPerConnection((db) => ({
  addressText: db.prepare<[number], string>('SELECT address FROM addresses WHERE id = ?').pluck(),
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
  const items: AddressListItem[] = [];
  for (const [id, address] of addresses) {
    if (id >= view.size || view.known[id] !== 1 || !address.startsWith(prefix)) continue;
    const scraped = id < view.state.size && view.state.lastSeq[id]! > 0;
    const percent = uptimePercent(view.uptime[id]!, view.first[id]!, view.last[id]!);
    items.push({
      address,
      height: scraped ? view.state.height[id]! : null,
      uptimePercent: percent === null ? null : round2(percent),
      points: points.get(id) ?? 0,
      lastSeen: view.last[id]!,
      onlineNow: isOnlineNow(view, id),
    });
  }
  const sort = query.sort ?? 'points';
  const key = (item: AddressListItem): number =>
    sort === 'points' ? item.points : sort === 'height' ? (item.height ?? -1) : (item.uptimePercent ?? -1);
  items.sort((a, b) => key(b) - key(a) || (a.address < b.address ? -1 : 1));
  return items.slice(0, query.limit ?? 50);
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
  const pointsKey = `${yesterday}|${view.header.generation}|${importedHistoryVersion(db)}`;
  if (cache.pointsKey === pointsKey) return cache;
  cache.points = new Map();
  cache.pointsKey = pointsKey;
  if (yesterday !== null) {
    const rows = kept.newestDayPoints.all({ yesterday });
    for (const [id, value] of rows) cache.points.set(id, value);
  }
  return cache;
}
