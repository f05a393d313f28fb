import type { MetricsSnapshot } from '../handlers/metrics.js';

/**
 * Prometheus text exposition (format 0.0.4): each metric family once, with HELP and TYPE, then
 * its samples. Times are Unix seconds, as Prometheus expects.
 */
type Sample = { labels?: Record<string, string>; value: number };
interface Family {
  name: string;
  help: string;
  type: 'gauge' | 'counter';
  samples: Sample[];
}

const escapeLabel = (value: string): string => value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
const escapeHelp = (value: string): string => value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

export function formatFamilies(families: readonly Family[]): string {
  const lines: string[] = [];
  for (const family of families) {
    lines.push(`# HELP ${family.name} ${escapeHelp(family.help)}`, `# TYPE ${family.name} ${family.type}`);
    for (const sample of family.samples) {
      const labels = Object.entries(sample.labels ?? {});
      const labelText = labels.length === 0 ? '' : `{${labels.map(([key, value]) => `${key}="${escapeLabel(value)}"`).join(',')}}`;
      lines.push(`${family.name}${labelText} ${formatValue(sample.value)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

const seconds = (ms: number): number => ms / 1000;
/** A gauge with one sample, or no sample at all when the value is unknown (absent beats a fake 0). */
const single = (value: number | null | undefined): Sample[] => (value === null || value === undefined ? [] : [{ value }]);

export function metricsText(snapshot: MetricsSnapshot): string {
  const { status, latest, uptime, watched } = snapshot;
  const collector = status.collector;
  const families: Family[] = [
    { name: 'driveshare_info', help: 'Build information (always 1).', type: 'gauge', samples: [{ labels: { version: status.version, store: status.store.kind }, value: 1 }] },
    { name: 'driveshare_network_storage_terabytes', help: 'Total storage offered by online farmers in the newest scrape (total_TB).', type: 'gauge', samples: single(latest?.totalTB) },
    { name: 'driveshare_network_farmers', help: 'Online farmers in the newest scrape (total_farmers).', type: 'gauge', samples: single(latest?.totalFarmers) },
    { name: 'driveshare_network_active_farmers', help: 'Farmers seen in the 7 days before the newest scrape with a defined uptime.', type: 'gauge', samples: [{ value: uptime.activeFarmers }] },
    { name: 'driveshare_network_average_uptime_percent', help: 'Mean uptime percentage of active farmers.', type: 'gauge', samples: single(uptime.average) },
    { name: 'driveshare_data_as_of_timestamp_seconds', help: 'Time of the newest scrape in the store (the reference time of every figure).', type: 'gauge', samples: single(snapshot.asOf === null ? null : seconds(snapshot.asOf)) },
    {
      name: 'driveshare_collector_scrapes_total',
      help: 'Scrapes since the collector started, by result.',
      type: 'counter',
      samples: [
        { labels: { result: 'ok' }, value: collector.scrapesOk },
        { labels: { result: 'failed' }, value: collector.scrapesFailed },
      ],
    },
    { name: 'driveshare_collector_consecutive_failures', help: 'Failed scrapes in a row (0 after a success).', type: 'gauge', samples: [{ value: collector.consecutiveFailures }] },
    { name: 'driveshare_collector_last_scrape_duration_seconds', help: 'Duration of the last scrape.', type: 'gauge', samples: single(collector.lastScrape === null ? null : seconds(collector.lastScrape.durationMs)) },
    { name: 'driveshare_collector_last_scrape_timestamp_seconds', help: 'Time of the last scrape (successful or not).', type: 'gauge', samples: single(collector.lastScrape === null ? null : seconds(collector.lastScrape.time)) },
    { name: 'driveshare_collector_last_scrape_success', help: '1 if the last scrape succeeded, 0 if it failed.', type: 'gauge', samples: single(collector.lastScrape === null ? null : Number(collector.lastScrape.ok)) },
    { name: 'driveshare_collector_next_scrape_timestamp_seconds', help: 'When the next scrape is due.', type: 'gauge', samples: single(collector.nextScrapeAt === null ? null : seconds(collector.nextScrapeAt)) },
    { name: 'driveshare_store_size_bytes', help: 'Size of the raw store.', type: 'gauge', samples: [{ value: status.store.sizeBytes }] },
    { name: 'driveshare_store_scrapes', help: 'Scrape records in the raw store.', type: 'gauge', samples: [{ value: status.store.scrapes }] },
    { name: 'driveshare_store_addresses', help: 'Distinct addresses known to the store.', type: 'gauge', samples: [{ value: status.store.addresses }] },
    { name: 'driveshare_address_online', help: 'Watched address listed in the newest scrape (1) or not (0).', type: 'gauge', samples: watched.map((item) => ({ labels: { address: item.address }, value: Number(item.online) })) },
    { name: 'driveshare_address_height', help: 'Height (shards of 128 MiB) of a watched address in the newest scrape that listed it.', type: 'gauge', samples: watched.flatMap((item) => (item.height === null ? [] : [{ labels: { address: item.address }, value: item.height }])) },
    { name: 'driveshare_address_uptime_percent', help: 'Uptime percentage of a watched address over its known history.', type: 'gauge', samples: watched.flatMap((item) => (item.uptimePercent === null ? [] : [{ labels: { address: item.address }, value: item.uptimePercent }])) },
    { name: 'driveshare_address_last_seen_timestamp_seconds', help: 'Last time a watched address was listed.', type: 'gauge', samples: watched.flatMap((item) => (item.lastSeen === null ? [] : [{ labels: { address: item.address }, value: seconds(item.lastSeen) }])) },
  ];
  return formatFamilies(families);
}
