import { describe, expect, it } from 'vitest';
import type { Status } from '../../../shared/model/status.js';
import { MAX_MENU_ADDRESSES, collectorHealth, trayView, type TrayInput } from '../../../main/electron/tray/tray-state.js';

const NOW = Date.UTC(2026, 0, 10, 12, 0, 0);
const A = '1BoatSLRHtKNngkdXEeobR76b53LETtpyT';

function status(collector: Partial<Status['collector']> = {}, jobs: Partial<Status['jobs']> = {}): Status {
  return {
    version: '0.1.0',
    collector: {
      state: 'idle',
      source: 'http://status.example',
      intervalSeconds: 300,
      lastScrape: { time: NOW - 60_000, ok: true, durationMs: 200, farmers: 1234, rejected: 0, duplicates: 0, unusual: 0, errorCode: null, errorMessage: null },
      lastError: null,
      nextScrapeAt: NOW + 240_000,
      scrapesOk: 10,
      scrapesFailed: 0,
      consecutiveFailures: 0,
      ...collector,
    },
    jobs: { state: 'idle', foldedThrough: null, pendingScrapes: 0, lastError: null, ...jobs },
    secrets: { encrypted: false, description: 'stored in clear in this test' },
    store: { kind: 'sqlite', sizeBytes: 0, scrapes: 10, snapshots: 10, addresses: 1234 },
    backfill: null,
  };
}

const failure = { time: NOW - 30_000, ok: false, durationMs: 10_000, farmers: 0, rejected: 0, duplicates: 0, unusual: 0, errorCode: 'timeout', errorMessage: 'timed out after 10 s' };

function input(overrides: Partial<TrayInput> = {}): TrayInput {
  return { host: 'running', hostFailure: null, status: status(), watched: [], openAtLogin: false, failureThreshold: 3, now: NOW, ...overrides };
}

describe('tray health', () => {
  it('is healthy after a recent successful scrape, and says how many farmers', () => {
    expect(collectorHealth(input())).toEqual({ health: 'healthy', reason: 'last scrape 1 min ago, 1234 farmers online' });
  });

  it('warns after a single failure and turns red at the failure threshold', () => {
    expect(collectorHealth(input({ status: status({ consecutiveFailures: 1, lastError: failure }) })).health).toBe('warning');
    const failing = collectorHealth(input({ status: status({ consecutiveFailures: 3, lastError: failure }) }));
    expect(failing).toEqual({ health: 'error', reason: '3 scrapes failed in a row: timed out after 10 s' });
  });

  it('warns when no scrape happened for more than two intervals', () => {
    const stale = status({ lastScrape: { ...status().collector.lastScrape!, time: NOW - 20 * 60_000 } });
    expect(collectorHealth(input({ status: stale }))).toEqual({ health: 'warning', reason: 'no scrape since 20 min ago' });
  });

  it('is an error, with the reason, when the engine cannot run, and a warning while it restarts or starts', () => {
    const locked = 'the data folder is in use by another driveshare-graph (pid 4242)';
    expect(collectorHealth(input({ host: 'failed', hostFailure: locked }))).toEqual({ health: 'error', reason: `the engine is not running: ${locked}` });
    expect(collectorHealth(input({ host: 'restarting', hostFailure: locked, status: null })).health).toBe('warning');
    expect(collectorHealth(input({ host: 'starting', status: null }))).toEqual({ health: 'warning', reason: 'starting the engine…' });
  });

  it('is an error when aggregation failed', () => {
    expect(collectorHealth(input({ status: status({}, { state: 'failed', lastError: 'disk full' }) }))).toEqual({
      health: 'error',
      reason: 'aggregation failed: disk full',
    });
  });

  it('warns when collecting is off', () => {
    expect(collectorHealth(input({ status: status({ state: 'stopped', source: null }) })).health).toBe('warning');
  });
});

describe('tray menu', () => {
  it('lists watched addresses with their online state, each opening the app at that address', () => {
    const view = trayView(input({ watched: [{ address: A, presence: 'offline' }] }));
    expect(view.menu).toContainEqual({ kind: 'action', label: '○ 1BoatSLR…tpyT — offline', action: { openAddress: A } });
    expect(view.tooltip).toBe('driveshare-graph — last scrape 1 min ago, 1234 farmers online');
  });

  it('says what to do when nothing is watched, and always offers open, open-at-login, the logs folder and quit', () => {
    const view = trayView(input({ openAtLogin: true }));
    expect(view.menu[0]).toEqual({ kind: 'action', label: 'Open driveshare-graph', action: 'open-window' });
    expect(view.menu).toContainEqual({ kind: 'label', label: 'No watched addresses (add them in the app)' });
    expect(view.menu).toContainEqual({ kind: 'checkbox', label: 'Open at login', checked: true, action: 'toggle-open-at-login' });
    expect(view.menu).toContainEqual({ kind: 'action', label: 'Open logs folder', action: 'open-logs-folder' });
    expect(view.menu.at(-1)).toEqual({ kind: 'action', label: 'Quit', action: 'quit' });
  });

  it('caps the list and says how many more there are', () => {
    const watched = Array.from({ length: MAX_MENU_ADDRESSES + 4 }, (_, index) => ({ address: `${A.slice(0, -2)}${index}`, presence: 'online' as const }));
    const view = trayView(input({ watched }));
    expect(view.menu.filter((item) => item.kind === 'action' && typeof item.action === 'object')).toHaveLength(MAX_MENU_ADDRESSES);
    expect(view.menu).toContainEqual({ kind: 'label', label: '… and 4 more in the app' });
  });
});
