import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueAlerts } from '../../../main/alerts/outbox.js';
import { startEngine, type Engine } from '../../../main/engine/engine.js';
import { logFilePath } from '../../../main/logging/log-files.js';
import { createLogger } from '../../../main/logging/logger.js';
import { databaseFile } from '../../../main/store/data-dir.js';
import type { AlertDeliveriesPage, AlertTestResult } from '../../../shared/model/alerts.js';
import type { Settings } from '../../../shared/model/settings.js';
import { cli } from '../../support/cli.js';
import { alertDatabase, closedPort, fakeAddress, offlineEvent, startHttpRecorder, type HttpRecorder } from '../../support/alert-receivers.js';

/**
 * The alerts over the running engine's local API and the CLI: channels set through the settings
 * API, secrets masked there and kept when sent back masked, the channel test, the delivery log, a
 * live delivery, and no secret in the settings answers, /metrics or the log file.
 */
let dir: string;
let engine: Engine;
let receiver: HttpRecorder;
let base: string;

const SECRETS = ['SECRETPATH', 'hmac-SECRET-value', '123:SECRET-BOT', 'tk_SECRET_TOKEN'];

async function api(path: string, init?: RequestInit): Promise<Response> {
  return fetch(`${base}${path}`, init);
}

function putJson(path: string, body: unknown, method = 'PUT'): Promise<Response> {
  return api(path, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dsg-alerts-api-'));
  // Migration 0008 registers after the events' 0007; until then the tables come from its own SQL.
  alertDatabase(databaseFile(dir)).close();
  receiver = await startHttpRecorder();
  engine = await startEngine({ logger: createLogger({ level: 'debug', dataDir: dir, console: false }), dataDir: dir, source: null, apiPort: 0 });
  base = engine.api!.url;
  const deadPort = await closedPort();
  const response = await putJson('/api/v1/settings', {
    alertChannels: [
      { id: 'hook', name: 'Hook', enabled: true, rules: ['offline'], kind: 'webhook', url: `${receiver.base}/SECRETPATH`, hmacSecret: 'hmac-SECRET-value' },
      { id: 'tg', name: 'Telegram', enabled: true, rules: ['offline'], kind: 'telegram', baseUrl: receiver.base, botToken: '123:SECRET-BOT', chatId: '42' },
      { id: 'failing', name: 'Down', enabled: false, rules: ['offline'], kind: 'ntfy', url: `http://127.0.0.1:${deadPort}/topic`, token: 'tk_SECRET_TOKEN' },
    ],
  });
  expect(response.status).toBe(200);
}, 60_000);

afterAll(async () => {
  await engine?.stop();
  await receiver?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('secrets stay secret', () => {
  it('GET /api/v1/settings masks every secret; the file holds them and is 0600', async () => {
    const text = await (await api('/api/v1/settings')).text();
    for (const secret of SECRETS) expect(text).not.toContain(secret);
    const settings = JSON.parse(text) as Settings;
    expect(settings.alertChannels[0]).toMatchObject({ url: expect.stringMatching(/^••••/) as unknown, hmacSecret: '••••alue' });
    expect(settings.alertChannels[1]).toMatchObject({ botToken: '••••' });
    const file = join(dir, 'settings.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toContain('hmac-SECRET-value');
  });

  it('a PUT that sends the masks back keeps the stored secrets; a mask with nothing stored is refused', async () => {
    const shown = (await (await api('/api/v1/settings')).json()) as Settings;
    const renamed = shown.alertChannels.map((channel) => (channel.id === 'hook' ? { ...channel, name: 'Renamed hook' } : channel));
    expect((await putJson('/api/v1/settings', { alertChannels: renamed })).status).toBe(200);
    expect(engine.context.settings.get().alertChannels[0]).toMatchObject({ name: 'Renamed hook', url: `${receiver.base}/SECRETPATH`, hmacSecret: 'hmac-SECRET-value' });
    const stolen = { ...shown.alertChannels[0]!, id: 'copy' };
    const refused = await putJson('/api/v1/settings', { alertChannels: [...shown.alertChannels, stolen] });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('/alertChannels/3/url: is the masked form of a secret');
  });
});

describe('POST /api/v1/alerts/test', () => {
  it('success, and the exact failure', async () => {
    const ok = (await (await putJson('/api/v1/alerts/test', { channel: 'hook' }, 'POST')).json()) as AlertTestResult;
    expect(ok).toMatchObject({ ok: true, channelId: 'hook' });
    expect(receiver.requests.at(-1)!.url).toBe('/SECRETPATH');
    expect(JSON.parse(receiver.requests.at(-1)!.body)).toMatchObject({ version: 1, type: 'test', eventIds: [] });
    const byName = (await (await putJson('/api/v1/alerts/test', { channel: 'Down' }, 'POST')).json()) as AlertTestResult;
    expect(byName).toMatchObject({ ok: false, channelId: 'failing', error: expect.stringMatching(/^connection failed: .*ECONNREFUSED/) as unknown });
  });

  it('an unknown channel is a 404; a body that is not JSON a 415', async () => {
    const missing = await putJson('/api/v1/alerts/test', { channel: 'nope' }, 'POST');
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('configured: hook');
    const text = await api('/api/v1/alerts/test', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hook' });
    expect(text.status).toBe(415);
  });
});

describe('delivery through the running engine', () => {
  it('an event in the outbox reaches the enabled channels and is logged; the log pages', async () => {
    // The channels were registered when the settings were saved, so this event is theirs at once.
    const before = receiver.requests.length;
    const event = offlineEvent(fakeAddress(3), Date.now());
    engine.db.transaction(() => enqueueAlerts(engine.db, [event], Date.now()))();
    await expect.poll(() => receiver.requests.length - before, { timeout: 10_000 }).toBe(2);
    const urls = receiver.requests.slice(before).map((request) => request.url).sort();
    expect(urls).toEqual(['/SECRETPATH', '/bot123:SECRET-BOT/sendMessage']);
    await expect.poll(async () => ((await (await api('/api/v1/alerts/deliveries?limit=2')).json()) as AlertDeliveriesPage).deliveries.map((row) => row.outcome), { timeout: 5000 }).toEqual(['delivered', 'delivered']);
    const page = (await (await api('/api/v1/alerts/deliveries?limit=2')).json()) as AlertDeliveriesPage;
    expect(page.deliveries[0]!.eventIds).toEqual([event.id]);
    const older = (await (await api(`/api/v1/alerts/deliveries?limit=50&before=${page.nextCursor}`)).json()) as AlertDeliveriesPage;
    expect(older.deliveries.map((row) => row.outcome)).toEqual(['test-failed', 'test-delivered']);
    expect((await api('/api/v1/alerts/deliveries?limit=0')).status).toBe(400);
  }, 20_000);

  it('the OpenAPI document lists the alert routes', async () => {
    const document = (await (await api('/openapi.json')).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/api/v1/alerts/test', '/api/v1/alerts/deliveries']));
  });
});

describe('the CLI: alerts test <channel>', () => {
  it('exit 0 on success, 1 with the exact failure, 1 for an unknown channel', async () => {
    const ok = await cli('alerts', 'test', 'hook', '--data', dir);
    expect(ok).toMatchObject({ code: 0, stdout: expect.stringContaining('ok: the test message went through "Renamed hook" (webhook)') as unknown });
    const down = await cli('alerts', 'test', 'failing', '--data', dir);
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/failed: "Down" \(ntfy\): connection failed: .*ECONNREFUSED/);
    const unknown = await cli('alerts', 'test', 'nope', '--data', dir);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no alert channel has the id or name "nope"');
    for (const secret of SECRETS) expect(`${ok.stdout}${down.stderr}`).not.toContain(secret);
  }, 60_000);
});

describe('nowhere else', () => {
  it('/metrics and the log file hold no secret', async () => {
    const metrics = await (await api('/metrics')).text();
    // A failing channel leaves a warning in the log: it must name the channel, not its secrets.
    await putJson('/api/v1/settings', { alertChannels: engine.context.settings.get().alertChannels.map((channel) => ({ ...channel, enabled: true })) });
    engine.db.transaction(() => enqueueAlerts(engine.db, [offlineEvent(fakeAddress(4), Date.now())], Date.now()))();
    await expect.poll(() => readFileSync(logFilePath(dir), 'utf8'), { timeout: 10_000 }).toContain('alert channel \\"Down\\": attempt 1 failed');
    const log = readFileSync(logFilePath(dir), 'utf8');
    for (const secret of SECRETS) {
      expect(metrics).not.toContain(secret);
      expect(log).not.toContain(secret);
    }
  }, 20_000);
});
