import { InvalidArgumentError, type Command } from 'commander';
import { DEFAULT_EVENTS_PAGE, MAX_EVENTS_PAGE } from '../../../shared/defaults.js';
import { AppError } from '../../../shared/errors.js';
import type { EventHistoryQuery } from '../../../shared/model/event-history.js';
import { NodeEventKindSchema, type NodeEvent, type NodeEventKind } from '../../../shared/model/node-events.js';
import { databaseFile } from '../../store/data-dir.js';
import { DATA_OPTION_DESCRIPTION, DEMO_OPTION_DESCRIPTION, existingDataDir, type DataDirChoice } from '../existing-store.js';
import { farmerAddress, integerIn, path } from '../option-parsers.js';
import { reportErrors } from '../report-error.js';
import { usageError } from '../usage-error.js';

interface EventsOptions extends DataDirChoice {
  address: string;
  kind?: NodeEventKind;
  from?: number;
  to?: number;
  limit: number;
  cursor?: string;
  format: 'text' | 'json';
}

const KINDS: readonly NodeEventKind[] = NodeEventKindSchema.anyOf.map((schema) => schema.const);

function kindOption(value: string): NodeEventKind {
  const kind = KINDS.find((candidate) => candidate === value);
  if (kind === undefined) throw new InvalidArgumentError(`Expected one of ${KINDS.join(', ')}.`);
  return kind;
}

/** A time as ISO 8601 (UTC unless it says otherwise) or epoch milliseconds. */
function timeOption(value: string): number {
  const time = /^\d+$/.test(value) ? Number(value) : Date.parse(/T[^Z+-]*$/.test(value) ? `${value}Z` : value);
  if (!Number.isSafeInteger(time) || time < 0) throw new InvalidArgumentError('Expected an ISO 8601 date or time (UTC unless an offset is given) or epoch milliseconds.');
  return time;
}

function formatOption(value: string): 'text' | 'json' {
  if (value !== 'text' && value !== 'json') throw new InvalidArgumentError('Expected text or json.');
  return value;
}

/** `2026-01-15 13:05:00 UTC`: every time the command prints says it is UTC. */
export function utc(time: number): string {
  return `${new Date(time).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

const when = (value: NodeEvent['detail'][string] | undefined): string => (typeof value === 'number' ? utc(value) : 'unknown');

/** What an event says, in words (docs/events.md). */
export function describeEvent(event: NodeEvent): string {
  const detail = event.detail;
  switch (event.kind) {
    case 'offline':
      return `offline: missing from two scrapes in a row, last seen ${when(detail.lastSeen)}`;
    case 'online':
      return `back online, last seen before at ${when(detail.lastSeen)}`;
    case 'height-dropped':
      return `height dropped from ${detail.from} to ${detail.to} (data lost)`;
    case 'height-grew':
      return `height grew from ${detail.from} to ${detail.to}`;
    case 'payout-changed':
      return `payout address changed from ${detail.from} to ${detail.to}`;
    case 'uptime-low':
      return `uptime over the last 24 h ${detail.uptimePercent} % (below ${detail.belowPercent} %): listed by ${detail.listed} of ${detail.scrapes} scrapes`;
    case 'collector-failing':
      return `collector failing: ${detail.failedScrapes} failed scrapes in a row since ${when(detail.failingSince)}`;
    case 'collector-recovered':
      return `collector recovered after ${detail.failedScrapes} failed scrapes`;
    case 'aggregation-failing':
      return `aggregation failing: ${detail.message}`;
    case 'aggregation-recovered':
      return 'aggregation recovered';
  }
}

async function printEvents(options: EventsOptions): Promise<void> {
  const dataDir = existingDataDir(options);
  const [{ openDatabase }, { eventHistory }] = await Promise.all([import('../../store/sqlite/open-database.js'), import('../../events/event-history.js')]);
  const db = openDatabase(databaseFile(dataDir), { readonly: true });
  try {
    const known = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'node_events'").get();
    if (known === undefined) throw new AppError('not_found', `the store in ${dataDir} has no events yet: run headless or the app with this version once`);
    const query: EventHistoryQuery = {
      address: options.address,
      limit: options.limit,
      ...(options.kind !== undefined ? { kind: options.kind } : {}),
      ...(options.from !== undefined ? { from: options.from } : {}),
      ...(options.to !== undefined ? { to: options.to } : {}),
      ...(options.cursor !== undefined ? { cursor: options.cursor } : {}),
    };
    const page = eventHistory(db, query);
    if (options.format === 'json') {
      console.log(JSON.stringify(page, null, 2));
      return;
    }
    if (page.events.length === 0) console.log(`${options.address}: no events${options.kind === undefined ? '' : ` of kind ${options.kind}`} (is it watched? events are derived for watched addresses only)`);
    for (const event of page.events) console.log(`${utc(event.time)}  ${event.kind.padEnd(14)}  ${describeEvent(event)}`);
    if (page.nextCursor !== null) console.log(`older events: add --cursor ${page.nextCursor}`);
  } finally {
    db.close();
  }
}

/** `events`: one watched address's events, newest first, read from the store without changing it. */
export function registerEvents(program: Command): void {
  program
    .command('events')
    .description("a watched address's node events (offline, online, height, payout, uptime; docs/events.md), newest first, times in UTC")
    .requiredOption('--address <btc_addr>', 'the watched farmer address', farmerAddress)
    .option('--data <dir>', DATA_OPTION_DESCRIPTION, path)
    .option('--demo', DEMO_OPTION_DESCRIPTION)
    .option('--kind <kind>', `only this kind: ${KINDS.join(', ')}`, kindOption)
    .option('--from <time>', 'not before this time: ISO 8601 (UTC unless an offset is given) or epoch ms', timeOption)
    .option('--to <time>', 'not after this time: ISO 8601 (UTC unless an offset is given) or epoch ms', timeOption)
    .option('--limit <n>', `at most this many events, 1–${MAX_EVENTS_PAGE}`, integerIn({ minimum: 1, maximum: MAX_EVENTS_PAGE }), DEFAULT_EVENTS_PAGE)
    .option('--cursor <cursor>', 'continue with older events (the cursor the previous page printed)')
    .option('--format <format>', 'text (default) or json (the API\'s page: events and nextCursor)', formatOption, 'text')
    .action((options: EventsOptions, command: Command) => {
      if (options.from !== undefined && options.to !== undefined && options.from > options.to) {
        usageError(command, "option '--from <time>' must not be after '--to <time>'");
      }
      return reportErrors(() => printEvents(options));
    });
}
