import { describe, expect, it } from 'vitest';
import type { IpcMainInvokeEvent } from 'electron';
import { AppError } from '../../../shared/errors.js';
import type { IpcChannelName } from '../../../shared/ipc-contract.js';
import { BridgeMethodChannel } from '../../../shared/preload-api.js';
import { IpcArgumentParsers } from '../../../main/electron/ipc/ipc-arguments.js';
import { createIpcResponder, ipcHandle, type IpcRegistrar } from '../../../main/electron/ipc/ipc-handle.js';

const ADDRESS = '1BoatSLRHtKNngkdXEeobR76b53LETtpyT';
const unexpected: [IpcChannelName, unknown][] = [];
const report = (channel: IpcChannelName, error: unknown) => unexpected.push([channel, error]);

describe('argument validation (the HTTP API parsers, reused)', () => {
  it('has a parser for every channel the preload exposes, and for no other', () => {
    expect(Object.keys(IpcArgumentParsers).sort()).toEqual(Object.values(BridgeMethodChannel).sort());
  });

  it('passes valid arguments through to the handler', async () => {
    const seen: unknown[] = [];
    const respond = createIpcResponder('address:detail', (address, days) => {
      seen.push(address, days);
      throw new AppError('not_found', 'unknown');
    }, report);
    await respond([ADDRESS, 7]);
    expect(seen).toEqual([ADDRESS, 7]);
  });

  it('answers an invalid address with invalid_address and never calls the handler', async () => {
    let called = false;
    const respond = createIpcResponder('address:summary', () => {
      called = true;
      return [];
    }, report);
    const response = await respond(['1BoatSLRHtKNngkdXEeobR76b53LETtpyX']);
    expect(response).toMatchObject({ ok: false, error: { code: 'invalid_address' } });
    expect(called).toBe(false);
  });

  it('refuses out-of-range and unknown query fields with bad_request saying where', async () => {
    const respond = createIpcResponder('network:get', () => { throw new Error('must not be called'); }, report);
    expect(await respond([{ points: 1 }])).toMatchObject({ ok: false, error: { code: 'bad_request', message: expect.stringContaining('points') } });
    expect(await respond([{ color: 'red' }])).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  });

  it('refuses the wrong number of arguments', async () => {
    const respond = createIpcResponder('status:get', () => { throw new Error('must not be called'); }, report);
    expect(await respond(['extra'])).toEqual({ ok: false, error: { code: 'bad_request', message: 'status:get: expected 0 argument(s), got 1' } });
    const detail = createIpcResponder('address:detail', () => { throw new Error('must not be called'); }, report);
    expect(await detail([])).toMatchObject({ ok: false, error: { code: 'bad_request', message: 'address:detail: expected 1 to 2 argument(s), got 0' } });
  });

  it('treats an omitted optional argument (a trailing undefined after structured clone) as absent', () => {
    expect(IpcArgumentParsers['address:detail']([ADDRESS, undefined])).toEqual([ADDRESS]);
    expect(IpcArgumentParsers['network:get']([undefined])).toEqual([{}]);
  });

  it('checks the heartbeat, events history, delivery log and alert test arguments as the HTTP routes do', () => {
    expect(IpcArgumentParsers['address:heartbeat']([ADDRESS, 720])).toEqual([ADDRESS, 720]);
    expect(IpcArgumentParsers['address:heartbeat']([ADDRESS, undefined])).toEqual([ADDRESS]);
    expect(() => IpcArgumentParsers['address:heartbeat']([ADDRESS, 25])).toThrow(/hours/);
    expect(IpcArgumentParsers['events:history']([undefined])).toEqual([{}]);
    expect(() => IpcArgumentParsers['events:history']([{ kind: 'exploded' }])).toThrow(/kind/);
    expect(IpcArgumentParsers['alerts:deliveries']([{ before: 7, limit: 20 }])).toEqual([{ before: 7, limit: 20 }]);
    expect(() => IpcArgumentParsers['alerts:deliveries']([{ limit: 501 }])).toThrow(/limit/);
    expect(IpcArgumentParsers['alerts:test'](['ops'])).toEqual(['ops']);
    expect(() => IpcArgumentParsers['alerts:test']([''])).toThrow(/channel/);
  });

  it('validates settings patches with the shared settings rules', async () => {
    const respond = createIpcResponder('settings:update', (patch) => ({ ...(patch as object) }) as never, report);
    expect(await respond([{ watchedAddresses: ['nope'] }])).toMatchObject({ ok: false, error: { code: 'invalid_address' } });
    expect(await respond([{ intervalSeconds: 5 }])).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  });
});

describe('the error envelope', () => {
  it('wraps a result as { ok: true, value }', async () => {
    const respond = createIpcResponder('api:base-url', () => 'http://127.0.0.1:7780', report);
    expect(await respond([])).toEqual({ ok: true, value: 'http://127.0.0.1:7780' });
  });

  it('keeps the code and message of an AppError', async () => {
    const respond = createIpcResponder('import:status', () => { throw new AppError('unavailable', 'imports are not available'); }, report);
    expect(await respond([])).toEqual({ ok: false, error: { code: 'unavailable', message: 'imports are not available' } });
  });

  it('hides anything else behind "internal" and reports it for the log', async () => {
    unexpected.length = 0;
    const respond = createIpcResponder('status:get', async () => { throw new Error('SQLITE_CORRUPT at /home/user/.config/x.db'); }, report);
    expect(await respond([])).toEqual({ ok: false, error: { code: 'internal', message: 'internal error' } });
    expect(unexpected).toHaveLength(1);
    expect(unexpected[0]?.[0]).toBe('status:get');
  });
});

describe('registration', () => {
  it('refuses requests from untrusted frames before validating or handling them', async () => {
    const registered = new Map<string, (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>>();
    const registrar: IpcRegistrar = {
      handle: (channel, listener) => void registered.set(channel, listener as never),
      removeHandler: (channel) => void registered.delete(channel),
    };
    ipcHandle(registrar, 'api:base-url', () => 'http://127.0.0.1:7780', (event) => event.senderFrame?.url.startsWith('driveshare://app/') ?? false, report);
    const listener = registered.get('api:base-url')!;
    const fromFrame = (url: string) => ({ senderFrame: { url } }) as unknown as IpcMainInvokeEvent;
    expect(await listener(fromFrame('driveshare://app/index.html'))).toEqual({ ok: true, value: 'http://127.0.0.1:7780' });
    expect(await listener(fromFrame('https://evil.example/'))).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});
