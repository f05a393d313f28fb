/**
 * A deliberately naive implementation of docs/formulas.md (uptime, daily summaries, points, the
 * dashboard figures, the summary window), written straight from the text with no shared code, so
 * tests can check the incremental fold against it.
 */

export interface ReferenceFarmer {
  address: string;
  payout: string;
  height: number;
}

export interface ReferenceRecord {
  time: number;
  farmers: ReferenceFarmer[] | null;
  total: { totalTB: number; totalFarmers: number } | null;
}

export interface ReferenceFarmerRow {
  first: number;
  last: number;
  uptimeMs: number;
}

export interface ReferenceSummary {
  payout: string;
  uptimeMs: number;
  durationMs: number;
  height: number;
  points: number;
}

const DAY = 86_400_000;

/** network.db `farmers`: walk the scrapes (records with a farmer list) in order. */
export function referenceFarmers(records: ReferenceRecord[]): Map<string, ReferenceFarmerRow> {
  const rows = new Map<string, ReferenceFarmerRow>();
  let previous: { time: number; addresses: Set<string> } | null = null;
  for (const record of records) {
    if (record.farmers === null) continue;
    const addresses = new Set(record.farmers.map((farmer) => farmer.address));
    for (const address of addresses) {
      const row = rows.get(address);
      if (row === undefined) {
        rows.set(address, { first: record.time, last: record.time, uptimeMs: 0 });
        continue;
      }
      row.last = record.time;
      if (previous !== null && previous.addresses.has(address)) row.uptimeMs += record.time - previous.time;
    }
    previous = { time: record.time, addresses };
  }
  return rows;
}

export function referenceHeightFn(h: number): number {
  if (h === 0) return 0;
  return 0.01 + (0.99 * h) / 199999;
}

export function referenceUptimeFn(u: number): number {
  return 1 / (1 + Math.exp((0.85 - u) * 19)) + 0.0547;
}

/** summary.db `summaries` for every complete day (a day before the newest record's day). */
export function referenceSummaries(records: ReferenceRecord[]): Map<number, Map<string, ReferenceSummary>> {
  const result = new Map<number, Map<string, ReferenceSummary>>();
  if (records.length === 0) return result;
  const newestDay = Math.floor(records[records.length - 1]!.time / DAY);
  const scrapes = records.filter((record) => record.farmers !== null);
  const days = [...new Set(scrapes.map((scrape) => Math.floor(scrape.time / DAY)))].filter((day) => day < newestDay);
  for (const day of days) {
    const ofDay = scrapes.filter((scrape) => Math.floor(scrape.time / DAY) === day);
    const summaries = new Map<string, ReferenceSummary>();
    const addresses = new Set(ofDay.flatMap((scrape) => scrape.farmers!.map((farmer) => farmer.address)));
    for (const address of addresses) {
      let uptimeMs = 0;
      let firstSeen: number | null = null;
      let lastSeen = 0;
      let payout = '';
      const heights: number[] = [];
      ofDay.forEach((scrape, index) => {
        const farmer = scrape.farmers!.find((entry) => entry.address === address);
        if (farmer === undefined) return;
        if (firstSeen === null) {
          firstSeen = scrape.time;
          payout = farmer.payout;
        }
        lastSeen = scrape.time;
        heights.push(farmer.height);
        const before = ofDay[index - 1];
        if (before !== undefined && before.farmers!.some((entry) => entry.address === address)) uptimeMs += scrape.time - before.time;
      });
      const durationMs = lastSeen - firstSeen!;
      const height = heights.reduce((sum, value) => sum + value, 0) / heights.length;
      const uptime = uptimeMs / 1000;
      const duration = durationMs / 1000;
      const points = duration === 0 ? 0 : (referenceHeightFn(height) * referenceUptimeFn(uptime / duration) * duration) / 86400;
      summaries.set(address, { payout, uptimeMs, durationMs, height, points });
    }
    if (summaries.size > 0) result.set(day, summaries);
  }
  return result;
}

/** docs/formulas.md, "Active farmers (7-day window)" and "Histograms", at reference time `now`. */
export function referenceUptimeHistogram(rows: Map<string, ReferenceFarmerRow>, now: number): { histogram: number[]; average: number | null } {
  const histogram = new Array<number>(20).fill(0);
  const percents: number[] = [];
  for (const row of rows.values()) {
    if (row.last < now - 7 * DAY || !(row.last > row.first)) continue;
    const percent = (100 * row.uptimeMs) / (row.last - row.first);
    percents.push(percent);
    histogram[percent >= 95 ? 19 : Math.floor(percent / 5)]! += 1;
  }
  const average = percents.length === 0 ? null : Math.round((percents.reduce((a, b) => a + b, 0) / percents.length) * 100) / 100;
  return { histogram, average };
}

/** docs/formulas.md, "Min and max farmers per day", keyed by day number. */
export function referenceMinMax(records: ReferenceRecord[]): Map<number, { min: number; max: number }> {
  const result = new Map<number, { min: number; max: number }>();
  for (const record of records) {
    if (record.total === null) continue;
    const day = Math.floor(record.time / DAY);
    const entry = result.get(day);
    const value = record.total.totalFarmers;
    result.set(day, entry === undefined ? { min: value, max: value } : { min: Math.min(entry.min, value), max: Math.max(entry.max, value) });
  }
  return result;
}
