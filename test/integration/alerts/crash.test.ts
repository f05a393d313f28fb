import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { AlertDelivery } from '../../../main/alerts/alert-delivery.js';
import { silentLogger } from '../../../main/logging/logger.js';
import type { AlertChannel } from '../../../shared/model/alerts.js';
import { alertDatabase, fakeAddress, startHttpRecorder } from '../../support/alert-receivers.js';

const ROOT = join(import.meta.dirname, '../../..');
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

it('an engine SIGKILLed between enqueueing and delivering: after a restart the alert goes out, from exactly one outbox entry', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dsg-alert-crash-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const receiver = await startHttpRecorder();
  cleanups.push(() => receiver.close());
  receiver.behave('hang');
  const channel: AlertChannel = { id: 'hook', name: 'Hook', enabled: true, rules: ['offline'], kind: 'webhook', url: `${receiver.base}/hook` };
  const file = join(dir, 'driveshare.db');
  const address = fakeAddress(7);

  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/alert-enqueue-child.ts', file, JSON.stringify(channel), address], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await expect.poll(() => output, { timeout: 20_000 }).toContain('enqueued');
  await expect.poll(() => receiver.requests.length, { timeout: 10_000 }).toBe(1);
  child.kill('SIGKILL');
  await once(child, 'exit');

  receiver.behave({ status: 200 });
  const db = alertDatabase(file);
  cleanups.push(() => db.close());
  expect(db.prepare('SELECT COUNT(*) AS n FROM alert_outbox').get()).toEqual({ n: 1 });
  expect(db.prepare('SELECT COUNT(*) AS n FROM alert_pending').get()).toEqual({ n: 1 });
  const restarted = new AlertDelivery({ db, channels: () => [channel], desktop: null, logger: silentLogger() });
  cleanups.push(() => restarted.stop());
  await restarted.runOnce();

  expect(receiver.requests).toHaveLength(2);
  const [first, second] = receiver.requests.map((request) => JSON.parse(request.body) as { eventIds: string[] });
  // At least once: the interrupted send and the redelivery carry the same id for the receiver to drop one.
  expect(second!.eventIds).toEqual(first!.eventIds);
  expect(second!.eventIds[0]).toContain(address);
  expect(db.prepare('SELECT COUNT(*) AS n FROM alert_pending').get()).toEqual({ n: 0 });
});
