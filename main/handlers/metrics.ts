import type { Status } from '../../shared/model/status.js';
import type { UptimeStats } from '../../shared/model/network.js';
import { addressDetail } from '../queries/index.js';
import { farmerView } from '../queries/farmer-view.js';
import { uptimeStats } from '../queries/uptime-stats.js';
import type { HandlerContext } from './context.js';

export interface WatchedAddressState {
  address: string;
  online: boolean;
  height: number | null;
  uptimePercent: number | null;
  lastSeen: number | null;
}

/** Everything `/metrics` exposes, gathered from the same queries the dashboard uses. */
export interface MetricsSnapshot {
  status: Status;
  asOf: number | null;
  latest: { time: number; totalTB: number; totalFarmers: number } | null;
  uptime: UptimeStats;
  watched: WatchedAddressState[];
}

export async function metricsSnapshot(context: HandlerContext): Promise<MetricsSnapshot> {
  const status = await context.status();
  const view = farmerView(context.db);
  const watched = context.settings.get().watchedAddresses.map((address) => {
    // Summaries are not needed here: one day keeps the work per watched address small.
    const detail = addressDetail(context.db, address, 1);
    return {
      address,
      online: detail.onlineNow,
      height: detail.height,
      uptimePercent: detail.uptimePercent,
      lastSeen: detail.lastSeen,
    };
  });
  return { status, asOf: view.referenceTime, latest: view.header.newestTotal, uptime: uptimeStats(view), watched };
}
