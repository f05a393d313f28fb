import { afterEach, describe, expect, it } from 'vitest';
import { AlertDelivery, type AlertDeliveryOptions } from '../../../main/alerts/alert-delivery.js';
import { deliveriesPage } from '../../../main/alerts/delivery-log.js';
import { enqueueAlerts } from '../../../main/alerts/outbox.js';
import { silentLogger } from '../../../main/logging/logger.js';
import type { SqliteDatabase } from '../../../main/store/sqlite/open-database.js';
import type { AlertChannel } from '../../../shared/model/alerts.js';
import { alertDatabase, closedPort, fakeAddress, offlineEvent, startHttpRecorder } from '../../support/alert-receivers.js';

const T0 = Date.parse('2026-03-01T12:00:00Z');
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(channels: (base: string) => AlertChannel[], extra: Partial<AlertDeliveryOptions> = {}) {
  const receiver = await startHttpRecorder();
  const db = alertDatabase();
  const clock = { now: T0 };
  const configured = channels(receiver.base);
  const delivery = new AlertDelivery({
    db,
    channels: () => configured,
    desktop: null,
    logger: silentLogger(),
    clock: () => clock.now,
    random: () => 0.5,
    timeoutMs: 1000,
    ...extra,
  });
  cleanups.push(() => receiver.close(), () => delivery.stop(), () => db.close());
  return { receiver, db, clock, delivery, configured };
}

const webhook = (id: string, base: string, extra: Partial<AlertChannel> = {}): AlertChannel =>
  ({ id, name: id, enabled: true, rules: ['offline', 'online'], kind: 'webhook', url: `${base}/${id}`, ...extra }) as AlertChannel;

function pendingCount(db: SqliteDatabase): number {
  return (db.prepare('SELECT COUNT(*) AS n FROM alert_pending').get() as { n: number }).n;
}

function enqueue(db: SqliteDatabase, events: ReturnType<typeof offlineEvent>[], now: number): void {
  db.transaction(() => enqueueAlerts(db, events, now))();
}

describe('the delivery loop', () => {
  it('a channel receives only what is enqueued after it was first seen; a repeated event id is one entry', async () => {
    const { receiver, db, delivery } = await setup((base) => [webhook('a', base)]);
    enqueue(db, [offlineEvent(fakeAddress(1), T0 - 1000)], T0);
    await delivery.runOnce();
    expect(receiver.requests).toHaveLength(0);
    const event = offlineEvent(fakeAddress(2), T0);
    enqueue(db, [event, event], T0);
    enqueue(db, [event], T0);
    await delivery.runOnce();
    expect(receiver.requests).toHaveLength(1);
    expect((JSON.parse(receiver.requests[0]!.body) as { eventIds: string[] }).eventIds).toEqual([event.id]);
    await delivery.runOnce();
    expect(receiver.requests).toHaveLength(1);
    expect((db.prepare('SELECT COUNT(*) AS n FROM alert_outbox').get() as { n: number }).n).toBe(0);
  });

  it('wake() sends what was just enqueued without waiting for the poll, also when it comes during a pass', async () => {
    const { receiver, db, delivery } = await setup((base) => [webhook('a', base)], { pollMs: 60_000 });
    delivery.start();
    await expect.poll(() => (db.prepare('SELECT COUNT(*) AS n FROM alert_channels').get() as { n: number }).n).toBe(1);
    enqueue(db, [offlineEvent(fakeAddress(1), T0)], T0);
    delivery.wake();
    await expect.poll(() => receiver.requests.length, { timeout: 5000 }).toBe(1);
    // A wake while a pass is sending: another pass follows it at once.
    receiver.behave('hang');
    enqueue(db, [offlineEvent(fakeAddress(2), T0 + 1)], T0);
    delivery.wake();
    await expect.poll(() => receiver.requests.length, { timeout: 5000 }).toBe(2);
    receiver.behave({ status: 200 });
    enqueue(db, [offlineEvent(fakeAddress(3), T0 + 2)], T0);
    delivery.wake();
    await expect.poll(() => receiver.requests.map((request) => (JSON.parse(request.body) as { eventIds: string[] }).eventIds[0]), { timeout: 5000 }).toContain(
      offlineEvent(fakeAddress(3), T0 + 2).id,
    );
  });

  it('a channel saved in the settings (channelsChanged) receives what is enqueued right after, before the next pass', async () => {
    const { receiver, db, delivery, configured } = await setup(() => []);
    configured.push(webhook('late', receiver.base));
    delivery.channelsChanged();
    enqueue(db, [offlineEvent(fakeAddress(1), T0)], T0);
    await delivery.runOnce();
    expect(receiver.requests.map((request) => request.url)).toEqual(['/late']);
  });

  it('5,000 addresses offline in one scrape: one message per channel, listing 20 and "and 4980 more"', async () => {
    const { receiver, db, delivery } = await setup((base) => [webhook('a', base), { ...webhook('b', base), kind: 'slack' } as AlertChannel]);
    await delivery.runOnce();
    enqueue(db, Array.from({ length: 5000 }, (_, index) => offlineEvent(fakeAddress(index), T0)), T0);
    await delivery.runOnce();
    expect(receiver.requests.map((request) => request.url).sort()).toEqual(['/a', '/b']);
    const hook = JSON.parse(receiver.requests.find((request) => request.url === '/a')!.body) as { eventIds: string[]; text: string };
    expect(hook.eventIds).toHaveLength(5000);
    expect(hook.text.split('\n')).toHaveLength(21);
    expect(hook.text).toMatch(/\nand 4980 more$/);
    expect(pendingCount(db)).toBe(0);
  }, 20_000);

  it('receiver down, then up: retried with backoff, delivered once it is back, each attempt logged', async () => {
    const { receiver, db, clock, delivery } = await setup((base) => [webhook('a', base)]);
    await delivery.runOnce();
    const event = offlineEvent(fakeAddress(1), T0);
    enqueue(db, [event], T0);
    receiver.behave({ status: 503, body: 'maintenance' });
    await delivery.runOnce();
    // random 0.5 of a 10 s window: not due for 5 s.
    clock.now = T0 + 4_999;
    await delivery.runOnce();
    expect(receiver.requests).toHaveLength(1);
    clock.now = T0 + 5_000;
    await delivery.runOnce();
    expect(receiver.requests).toHaveLength(2);
    receiver.behave({ status: 200 });
    clock.now = T0 + 5_000 + 10_000;
    await delivery.runOnce();
    expect(receiver.requests).toHaveLength(3);
    expect(pendingCount(db)).toBe(0);
    const log = deliveriesPage(db, { limit: 10 }).deliveries;
    expect(log.map((row) => [row.outcome, row.attempt, row.error])).toEqual([
      ['delivered', 3, null],
      ['failed', 2, 'HTTP 503 Service Unavailable: maintenance'],
      ['failed', 1, 'HTTP 503 Service Unavailable: maintenance'],
    ]);
    expect(log[0]!.eventIds).toEqual([event.id]);
  });

  it('a receiver that is not running, then starts: delivered once it is up', async () => {
    const port = await closedPort();
    const { db, clock, delivery } = await setup(() => [webhook('later', `http://127.0.0.1:${port}`)]);
    await delivery.runOnce();
    enqueue(db, [offlineEvent(fakeAddress(1), T0)], T0);
    await delivery.runOnce();
    expect(deliveriesPage(db, { limit: 1 }).deliveries[0]).toMatchObject({ outcome: 'failed', error: expect.stringContaining('ECONNREFUSED') as unknown });
    const receiver = await startHttpRecorder(port);
    cleanups.push(() => receiver.close());
    clock.now = T0 + 5_000;
    await delivery.runOnce();
    expect(receiver.requests.map((request) => request.url)).toEqual(['/later']);
    expect(pendingCount(db)).toBe(0);
  });

  it('one channel failing does not hold back another', async () => {
    const deadPort = await closedPort();
    const { receiver, db, delivery } = await setup((base) => [webhook('dead', base, { url: `http://127.0.0.1:${deadPort}/x` } as Partial<AlertChannel>), webhook('live', base)]);
    await delivery.runOnce();
    enqueue(db, [offlineEvent(fakeAddress(1), T0)], T0);
    await delivery.runOnce();
    expect(receiver.requests.map((request) => request.url)).toEqual(['/live']);
    expect((db.prepare('SELECT channel_id AS id, attempts FROM alert_pending').all() as unknown[])).toEqual([{ id: 'dead', attempts: 1 }]);
  });

  it('rules filter kinds; a disabled channel receives nothing', async () => {
    const { receiver, db, delivery } = await setup((base) => [webhook('on', base, { rules: ['online'] }), webhook('off', base, { enabled: false })]);
    await delivery.runOnce();
    enqueue(db, [offlineEvent(fakeAddress(1), T0)], T0);
    await delivery.runOnce();
    expect(receiver.requests).toHaveLength(0);
    expect(pendingCount(db)).toBe(0);
  });

  it('quiet hours hold messages until the window ends in the channel\'s zone', async () => {
    const quietHours = { start: '11:00', end: '13:30', timeZone: 'UTC' };
    const { receiver, db, clock, delivery } = await setup((base) => [webhook('q', base, { quietHours })]);
    await delivery.runOnce();
    enqueue(db, [offlineEvent(fakeAddress(1), T0)], T0);
    await delivery.runOnce();
    expect(receiver.requests).toHaveLength(0);
    expect((db.prepare('SELECT due_at AS due FROM alert_pending').get() as { due: number }).due).toBe(Date.parse('2026-03-01T13:30:00Z'));
    clock.now = Date.parse('2026-03-01T13:30:00Z');
    await delivery.runOnce();
    expect(receiver.requests).toHaveLength(1);
  });

  it('stop() returns within a second with a send in flight, leaving its entry pending', async () => {
    const { receiver, db, delivery } = await setup((base) => [webhook('slow', base)], { timeoutMs: 60_000 });
    await delivery.runOnce();
    enqueue(db, [offlineEvent(fakeAddress(1), T0)], T0);
    receiver.behave('hang');
    delivery.start();
    await expect.poll(() => receiver.requests.length).toBe(1);
    const started = performance.now();
    await delivery.stop();
    expect(performance.now() - started).toBeLessThan(1000);
    // Not delivered, so still pending: it goes out after a restart.
    expect(pendingCount(db)).toBe(1);
  });

  it('the delivery log keeps the newest rows within its bounds', async () => {
    const { db, delivery, configured } = await setup((base) => [webhook('a', base)]);
    for (let index = 0; index < 30; index += 1) await delivery.test(configured[0]!.id);
    const { trimDeliveryLog } = await import('../../../main/alerts/delivery-log.js');
    trimDeliveryLog(db, T0, 10, 1000);
    const page = deliveriesPage(db, { limit: 4 });
    expect(page.deliveries).toHaveLength(4);
    expect(page.deliveries[0]!.outcome).toBe('test-delivered');
    const rest = deliveriesPage(db, { limit: 100, before: page.nextCursor! });
    expect(rest.deliveries).toHaveLength(6);
    expect(rest.nextCursor).toBeNull();
  });
});
