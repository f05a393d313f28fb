import type { Migration } from '../migrate.js';
import { rawStore } from './0001-raw-store.js';
import { meta } from './0002-meta.js';
import { aggregates } from './0003-aggregates.js';
import { remoteScrapeLog } from './0004-remote-scrape-log.js';
import { farmerRows } from './0005-farmer-rows.js';
import { rowCounts } from './0006-row-counts.js';
import { nodeEvents } from './0007-node-events.js';
import { alertOutbox } from './0008-alert-outbox.js';
import { heartbeat } from './0009-heartbeat.js';
import { checkpoints } from './0010-checkpoints.js';
import { resumeCheckpoint } from './0011-resume-checkpoint.js';

/** Every schema change, in order. Add a file per change; never edit one that has shipped. */
export const MIGRATIONS: readonly Migration[] = [rawStore, meta, aggregates, remoteScrapeLog, farmerRows, rowCounts, nodeEvents, alertOutbox, heartbeat, checkpoints, resumeCheckpoint];
