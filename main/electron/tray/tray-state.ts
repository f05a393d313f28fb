import { MS_PER_MINUTE, MS_PER_SECOND } from '../../../shared/defaults.js';
import type { Status } from '../../../shared/model/status.js';
import type { AddressPresence } from '../notifications/notification-rules.js';
import { shortAddress } from '../notifications/notification-rules.js';

/**
 * What the tray shows, decided as plain data (tested under Node); tray.ts only turns it into
 * Electron's Tray and Menu.
 */
export type TrayHealth = 'healthy' | 'warning' | 'error';

/** Whether the engine process is up; while it restarts the status is unknown. */
export type EngineHostState = 'starting' | 'running' | 'restarting' | 'failed';

export interface TrayInput {
  host: EngineHostState;
  /** Why the engine last failed to start or died (shown while it is down). */
  hostFailure: string | null;
  status: Status | null;
  watched: readonly { address: string; presence: AddressPresence }[];
  openAtLogin: boolean;
  failureThreshold: number;
  now: number;
}

export type TrayAction = 'open-window' | 'toggle-open-at-login' | 'open-logs-folder' | 'quit' | { openAddress: string };

export type TrayMenuItem =
  | { kind: 'action'; label: string; action: TrayAction }
  | { kind: 'checkbox'; label: string; checked: boolean; action: TrayAction }
  | { kind: 'label'; label: string }
  | { kind: 'separator' };

export interface TrayView {
  health: TrayHealth;
  tooltip: string;
  menu: TrayMenuItem[];
}

function minutesAgo(time: number, now: number): string {
  const minutes = Math.max(0, Math.round((now - time) / MS_PER_MINUTE));
  if (minutes < 1) return 'just now';
  if (minutes < 120) return `${minutes} min ago`;
  return `${Math.round(minutes / 60)} h ago`;
}

/** Health and the one sentence that explains it (the tooltip). */
export function collectorHealth(input: Omit<TrayInput, 'watched' | 'openAtLogin'>): { health: TrayHealth; reason: string } {
  if (input.host === 'failed') return { health: 'error', reason: `the engine is not running: ${input.hostFailure ?? 'see the log'}` };
  if (input.host === 'restarting') return { health: 'warning', reason: `restarting the engine (${input.hostFailure ?? 'it stopped'})` };
  if (input.host !== 'running' || input.status === null) return { health: 'warning', reason: 'starting the engine…' };
  const collector = input.status.collector;
  if (collector.state === 'stopped' || collector.source === null) return { health: 'warning', reason: 'collecting is off (no source set)' };
  if (collector.consecutiveFailures >= input.failureThreshold) {
    const message = collector.lastError?.errorMessage ?? 'unknown error';
    return { health: 'error', reason: `${collector.consecutiveFailures} scrapes failed in a row: ${message}` };
  }
  if (input.status.jobs.state === 'failed') return { health: 'error', reason: `aggregation failed: ${input.status.jobs.lastError ?? 'unknown error'}` };
  if (collector.consecutiveFailures > 0) return { health: 'warning', reason: `last scrape failed (${collector.lastError?.errorMessage ?? 'unknown error'})` };
  if (collector.state === 'backfilling') return { health: 'warning', reason: 'filling in history…' };
  const last = collector.lastScrape;
  if (last === null) return { health: 'warning', reason: 'waiting for the first scrape' };
  // Two missed intervals mean the loop is stuck even though nothing reported a failure.
  if (input.now - last.time > 2 * collector.intervalSeconds * MS_PER_SECOND + MS_PER_MINUTE) {
    return { health: 'warning', reason: `no scrape since ${minutesAgo(last.time, input.now)}` };
  }
  return { health: 'healthy', reason: `last scrape ${minutesAgo(last.time, input.now)}, ${last.farmers} farmers online` };
}

/** A tray menu is not a list view: past this many, the app window is the place to look. */
export const MAX_MENU_ADDRESSES = 15;

const PRESENCE_WORDS: Record<AddressPresence, string> = { online: 'online', offline: 'offline', unknown: 'not seen yet' };
const PRESENCE_MARKS: Record<AddressPresence, string> = { online: '●', offline: '○', unknown: '◌' };

export function trayView(input: TrayInput): TrayView {
  const { health, reason } = collectorHealth(input);
  const menu: TrayMenuItem[] = [
    { kind: 'action', label: 'Open driveshare-graph', action: 'open-window' },
    { kind: 'separator' },
    { kind: 'label', label: reason },
    { kind: 'separator' },
  ];
  if (input.watched.length === 0) {
    menu.push({ kind: 'label', label: 'No watched addresses (add them in the app)' });
  } else {
    menu.push({ kind: 'label', label: 'Watched addresses' });
    for (const { address, presence } of input.watched.slice(0, MAX_MENU_ADDRESSES)) {
      menu.push({
        kind: 'action',
        label: `${PRESENCE_MARKS[presence]} ${shortAddress(address)} — ${PRESENCE_WORDS[presence]}`,
        action: { openAddress: address },
      });
    }
    const hidden = input.watched.length - MAX_MENU_ADDRESSES;
    if (hidden > 0) menu.push({ kind: 'label', label: `… and ${hidden} more in the app` });
  }
  menu.push(
    { kind: 'separator' },
    { kind: 'checkbox', label: 'Open at login', checked: input.openAtLogin, action: 'toggle-open-at-login' },
    { kind: 'action', label: 'Open logs folder', action: 'open-logs-folder' },
    { kind: 'action', label: 'Quit', action: 'quit' },
  );
  return { health, tooltip: `driveshare-graph — ${reason}`, menu };
}
