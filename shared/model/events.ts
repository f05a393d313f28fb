import type { ScrapeOutcome, Status } from './status.js';
import type { ImportProgress } from './import.js';
import type { NodeEvent } from './node-events.js';

/** Pushed from the engine to every view: IPC in the desktop app, server-sent events over HTTP. */
export type EngineEvent =
  | { type: 'scrape'; outcome: ScrapeOutcome }
  | { type: 'aggregated'; foldedThrough: number }
  | { type: 'import'; progress: ImportProgress }
  | { type: 'status'; status: Status }
  /** A node event newly derived from the stored scrapes (docs/events.md). */
  | { type: 'node-event'; event: NodeEvent };
