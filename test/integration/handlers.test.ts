import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors.js';
import * as handlers from '../../main/handlers/handlers.js';
import { metricsSnapshot } from '../../main/handlers/metrics.js';
import {
  parseAddress,
  parseAddressListQuery,
  parseDays,
  parseImportId,
  parseImportRequest,
  parseNetworkQuery,
  parseSourceUrl,
} from '../../main/handlers/validation.js';
import { addressDetail, addressList, networkPayload } from '../../main/queries/index.js';
import type { IpcInvokeMap } from '../../shared/ipc-contract.js';
import { SUMMARY_WINDOW_DAYS } from '../../shared/defaults.js';
import { ENGINE_HANDLERS } from '../../main/electron/engine-host/engine-host.js';
import { ENGINE_RESULT_CHECKS } from '../../main/electron/engine-host/engine-results.js';
import type { EngineChannel } from '../../main/electron/engine-host/protocol.js';
import { simulatedHistory, type SimulatedHistory } from '../support/api-fixtures.js';

/**
 * The handlers as the IPC adapter calls them: plain functions over a real SQLite file, no HTTP.
 * Their answers must have the shapes the IPC contract promises (the supervisor refuses any other),
 * and bad input is refused with AppErrors.
 */
let history: SimulatedHistory;
let known: string;

beforeAll(async () => {
  history = await simulatedHistory({ farmers: 30, days: 2 });
  known = addressList(history.context.db, { limit: 1 })[0]!.address;
});

afterAll(async () => {
  await history?.close();
});

function appError(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

describe('handlers over a real store', () => {
  it('answer every engine channel over a real store with the shape the IPC contract promises', async () => {
    const { context } = history;
    const answer = async <C extends EngineChannel>(channel: C, ...args: IpcInvokeMap[C]['args']): Promise<unknown> => ENGINE_HANDLERS[channel](context, ...args);
    // Import start and cancel are checked over a real import at the end of this file.
    const answers: [EngineChannel, unknown][] = [
      ['network:get', await answer('network:get', { points: 10 })],
      ['address:summary', await answer('address:summary', known)],
      ['address:detail', await answer('address:detail', known)],
      ['address:list', await answer('address:list', { sort: 'height', limit: 3 })],
      ['status:get', await answer('status:get')],
      ['settings:get', await answer('settings:get')],
      ['settings:update', await answer('settings:update', { theme: 'dark' })],
      ['source:test', await answer('source:test', 'http://127.0.0.1:9')],
      ['import:status', await answer('import:status')],
      ['address:heartbeat', await answer('address:heartbeat', known, 168)],
      ['events:history', await answer('events:history', { limit: 5 })],
      ['alerts:deliveries', await answer('alerts:deliveries', { limit: 5 })],
    ];
    for (const [channel, value] of answers) {
      expect({ channel, valid: ENGINE_RESULT_CHECKS[channel](value) }).toEqual({ channel, valid: true });
    }
    // The checks are not vacuous: another channel's answer does not pass.
    expect(ENGINE_RESULT_CHECKS['status:get'](answers[0]![1])).toBe(false);
  });

  it('answer about the stored history: a known address has its days, the detail defaults to the summary window', async () => {
    const { context } = history;
    expect(handlers.summary(context, known).length).toBeGreaterThan(0);
    expect(handlers.summary(context, '1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa')).toEqual([]);
    const detail = await ENGINE_HANDLERS['address:detail'](context, known);
    expect(detail).toEqual(handlers.addressDetail(context, known, SUMMARY_WINDOW_DAYS));
    expect(detail).toMatchObject({ address: known, known: true });
    expect(handlers.addresses(context, { sort: 'height', limit: 3 })).toHaveLength(3);
    expect(await handlers.status(context)).toEqual(await history.engine.status());
  });

  it('read through a read-only connection', () => {
    expect(history.context.db.readonly).toBe(true);
    expect(() => history.context.db.exec('DELETE FROM addresses')).toThrow(/readonly/);
  });

  it('update settings through the settings store', () => {
    const updated = handlers.updateSettings(history.context, { watchedAddresses: [known] });
    expect(updated.watchedAddresses).toEqual([known]);
    expect(handlers.getSettings(history.context)).toEqual(updated);
  });

  it('gather the metrics of watched addresses from the same detail query', async () => {
    handlers.updateSettings(history.context, { watchedAddresses: [known] });
    const snapshot = await metricsSnapshot(history.context);
    const detail = addressDetail(history.context.db, known, 1);
    expect(snapshot.watched).toEqual([{ address: known, online: detail.onlineNow, height: detail.height, uptimePercent: detail.uptimePercent, lastSeen: detail.lastSeen }]);
    expect(snapshot.uptime).toEqual(networkPayload(history.context.db, {}).uptime);
  });

  it('imports go to the engine runner; unknown sources and ids are AppErrors', async () => {
    expect(handlers.importStatus(history.context)).toBeNull();
    await expect(handlers.startImport(history.context, { kind: 'path', path: '/nonexistent/dump' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(handlers.cancelImport(history.context, 'nothing-running')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('a source that does not answer is a result with the reason, not an exception', async () => {
    const result = await handlers.testSource(history.context, 'http://127.0.0.1:9');
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/127\.0\.0\.1:9/);
  });
});

describe('input validation shared with IPC', () => {
  it('an address must be base58check with the right version; the error says why', () => {
    expect(parseAddress(known)).toBe(known);
    expect(appError(() => parseAddress(42))).toMatchObject({ code: 'invalid_address', message: expect.stringMatching(/string/) });
    expect(appError(() => parseAddress(''))).toMatchObject({ code: 'invalid_address', message: expect.stringMatching(/empty/) });
    expect(appError(() => parseAddress(`${known.slice(0, -1)}${known.endsWith('2') ? '3' : '2'}`)).message).toMatch(/checksum/);
  });

  it('network queries: epoch-ms bounds in order, points in range, nothing else', () => {
    expect(parseNetworkQuery(undefined)).toEqual({});
    expect(parseNetworkQuery({ from: 1, to: 2, points: 100 })).toEqual({ from: 1, to: 2, points: 100 });
    expect(appError(() => parseNetworkQuery({ from: 2, to: 1 })).message).toMatch(/from must not be after to/);
    expect(parseNetworkQuery({ span: 86_400_000 })).toEqual({ span: 86_400_000 });
    expect(appError(() => parseNetworkQuery({ from: 1, span: 86_400_000 })).message).toMatch(/from or span, not both/);
    expect(appError(() => parseNetworkQuery({ span: 1 })).message).toMatch(/span/);
    expect(appError(() => parseNetworkQuery({ points: -1 })).message).toMatch(/points/);
    expect(appError(() => parseNetworkQuery({ from: '2015-01-01' })).message).toMatch(/from/);
    expect(appError(() => parseNetworkQuery({ colour: 'red' })).code).toBe('bad_request');
  });

  it('address lists, days, import requests, ids and source URLs', () => {
    expect(parseAddressListQuery({ sort: 'uptime', limit: 5, q: '1A' })).toEqual({ sort: 'uptime', limit: 5, q: '1A' });
    expect(appError(() => parseAddressListQuery({ sort: 'name' })).message).toMatch(/sort/);
    expect(appError(() => parseAddressListQuery({ q: "1' OR 1=1" })).message).toMatch(/q/);
    expect(parseDays(undefined)).toBe(31);
    expect(parseDays(365)).toBe(365);
    expect(appError(() => parseDays(0)).message).toMatch(/days/);
    expect(appError(() => parseDays(1.5)).message).toMatch(/days/);
    expect(parseImportRequest({ kind: 'path', path: '/data/GroupB' })).toEqual({ kind: 'path', path: '/data/GroupB' });
    expect(appError(() => parseImportRequest({ kind: 'mongodb', uri: 'http://x' })).code).toBe('bad_request');
    expect(appError(() => parseImportId('../etc')).code).toBe('bad_request');
    expect(parseSourceUrl('https://status.example')).toBe('https://status.example');
    expect(appError(() => parseSourceUrl('file:///etc/passwd')).code).toBe('bad_request');
  });
});

const TOTALS_FIXTURE = resolve('../shared/fixtures/driveshare-2015/totalStorage.bson');

// Last in the file: the import adds 2015 history to the store the cases above read.
describe.skipIf(!existsSync(TOTALS_FIXTURE))('import answers over a real import', () => {
  it('have the shape the IPC contract promises, running and finished', async () => {
    const { context } = history;
    const started = await ENGINE_HANDLERS['import:start'](context, { kind: 'path', path: TOTALS_FIXTURE });
    expect(ENGINE_RESULT_CHECKS['import:start'](started)).toBe(true);
    await expect.poll(() => handlers.importStatus(context)?.state, { timeout: 30_000 }).toBe('done');
    expect(ENGINE_RESULT_CHECKS['import:status'](handlers.importStatus(context))).toBe(true);
    const cancelled = await ENGINE_HANDLERS['import:cancel'](context, started.id);
    expect(ENGINE_RESULT_CHECKS['import:cancel'](cancelled)).toBe(true);
  });
});
